// Lab 08: RPC on this machine. The notes' `service Calc { rpc Mult }` (data/rpc/calc.proto) served by a separate
// server process on loopback ports it picks, and called over raw TCP with length-prefixed protobuf, gRPC
// (@grpc/grpc-js), Connect over HTTP/1.1 and HTTP/2 and its gRPC protocol, REST/JSON with fetch, and Apache Thrift:
// latency one call at a time with client and server CPU per call, bytes on the wire per call, latency against load
// (closed and open loop), connections (new, kept alive, TLS, many in flight), streaming, retries and a killed server.
// Coursework: --handler (your Mult), or --proto/--service/--handler (your own service, measured the same way:
// src/rpc/service-experiment.ts, service-report.ts). Logic: src/rpc/ (experiment.ts runs, report.ts words,
// servers.ts the server process). Handout: labs/08-rpc.md. Tests: test/rpc/.
import { defineLab, InputError, runIfMain } from '../src/core/index.js';
import { CallError } from '../src/rpc/clients.js';
import { runRpcExperiment } from '../src/rpc/experiment.js';
import { rpcParams } from '../src/rpc/params.js';
import { rpcReport } from '../src/rpc/report.js';
import { checkServiceFlags, runServiceExperiment } from '../src/rpc/service-experiment.js';
import { serviceReport } from '../src/rpc/service-report.js';

const lab = defineLab({
  id: '08',
  slug: 'rpc',
  title: 'RPC: gRPC, Connect, REST/JSON and raw TCP',
  summary: 'latency and CPU per call, bytes on the wire, latency against load, per RPC stack on loopback',
  question: 'What does each RPC stack add, in microseconds, CPU and bytes, above a raw TCP socket?',
  libraries: ['@grpc/grpc-js', '@connectrpc/connect-node', '@bufbuild/protobuf', 'hdr-histogram-js', 'undici'],
  params: rpcParams,
  async run(ctx) {
    // 1. The server child starts (with a throwaway TLS certificate from openssl in the scratch folder when the
    //    connections table runs), every table asked for runs on every stack asked for, the server stops (always).
    //    With --handler, a call that fails (the handler threw, never answered, or answered a wrong product) is the
    //    student's to fix: one line naming the file and what went wrong, exit 2, no report.
    //    With --proto/--service (and --handler) a student's own service runs instead of Calc: the unary, wire,
    //    concurrency and connections tables per method, every stack's answer to a request checked byte for byte.
    const { handler } = ctx.params;
    const own = checkServiceFlags(ctx.params);
    const fail = (error: unknown) => {
      if (handler && error instanceof CallError) throw new InputError(`--handler ${handler}: ${error.message}`);
      throw error;
    };
    // 2. Tables, charts and findings from those rows only.
    if (own) return serviceReport(await runServiceExperiment(ctx.params, ctx.log, ctx.scratchDir).catch(fail));
    return rpcReport(await runRpcExperiment(ctx.params, ctx.log, ctx.scratchDir).catch(fail));
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
