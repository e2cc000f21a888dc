// Lab 08's experiment: starts the server child once, measures the tables asked for on every stack asked for, and
// stops the server on every path (finally). Rows out; words and tables are src/rpc/report.ts's. Tests:
// test/rpc/lab.test.ts.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { throwawayCert } from './cert.js';
import { isThrift, type Stack as StackName } from './stacks.js';
import { generateThrift, loadThrift } from './thrift.js';
import { connectionRows, MODES, type ConnectionRow } from './connections.js';
import { STREAM_STACKS, streamRows, type StreamRow, type StreamStack } from './streaming.js';
import { failureRow, killedRows, VARIANTS, type FailureRow, type KilledRow } from './failures.js';
import type { LoadRow } from './load.js';
import { closedLoop, openLoop } from './load.js';
import type { RpcParams } from './params.js';
import { startServers, withServer } from './servers.js';
import type { Stack } from './stacks.js';
import { unaryRow, type UnaryRow } from './unary.js';
import { wireRow, type WireRow } from './wire.js';

export interface RpcResults {
  stacks: Stack[];
  unary?: UnaryRow[];
  wire?: WireRow[];
  concurrency?: LoadRow[];
  connections?: ConnectionRow[];
  streaming?: StreamRow[];
  failures?: FailureRow[];
  killed?: KilledRow[];
  /** Stacks asked for that could not run here, with the reason. */
  unavailable: { stack: StackName; reason: string }[];
  serverPid: number;
}

/**
 * Runs the tables in `o.tables` on `o.stacks`. `scratchDir` holds the throwaway TLS certificate (connections table
 * only); the server process is stopped however the run ends.
 */
export async function runRpcExperiment(
  o: RpcParams,
  log: (m: string) => void,
  scratchDir: string,
): Promise<RpcResults> {
  const cert = o.tables.includes('connections') ? throwawayCert(scratchDir) : undefined;
  if (cert && !cert.available) log(`TLS rows unavailable: ${cert.reason}`);
  const unavailable: RpcResults['unavailable'] = [];
  let thriftDir: string | undefined;
  if (o.stacks.some(isThrift)) {
    const dir = path.join(scratchDir, 'thrift-gen');
    mkdirSync(dir, { recursive: true });
    const gen = generateThrift(dir);
    if (gen.available) {
      loadThrift(gen.dir);
      thriftDir = gen.dir;
    } else {
      log(`Thrift unavailable: ${gen.reason}`);
      for (const stack of o.stacks.filter(isThrift)) unavailable.push({ stack, reason: gen.reason });
    }
  }
  const stacks = o.stacks.filter((s) => !unavailable.some((u) => u.stack === s));
  o = { ...o, stacks };
  const server = await startServers({ tls: cert?.available ? cert : undefined, thriftDir, handlerFile: o.handler });
  log(`server process ${server.pid} listening on 127.0.0.1 ports ${JSON.stringify(server.ports)}`);
  return withServer(server, async () => {
    const out: RpcResults = { stacks: o.stacks, serverPid: server.pid, unavailable };
    if (o.tables.includes('unary')) {
      out.unary = [];
      for (const stack of o.stacks) {
        log(`unary: ${stack}`);
        out.unary.push(await unaryRow(server, stack, o.calls, o.timeout));
      }
    }
    if (o.tables.includes('wire')) {
      out.wire = [];
      for (const stack of o.stacks) {
        log(`wire: ${stack}`);
        for (const payload of o.payloads) out.wire.push(await wireRow(server, stack, payload, o.wireCalls, o.timeout));
      }
    }
    if (o.tables.includes('concurrency')) {
      out.concurrency = [];
      for (const stack of o.stacks) {
        log(`concurrency: ${stack}`);
        for (const n of o.inFlight) out.concurrency.push(await closedLoop(server, stack, n, o.loadCalls, o.timeout));
        for (const r of o.rates) out.concurrency.push(await openLoop(server, stack, r, o.loadCalls, o.timeout));
      }
    }
    if (o.tables.includes('connections')) {
      out.connections = [];
      const ca = cert?.available ? readFileSync(cert.certFile) : undefined;
      const noTls = cert && !cert.available ? cert.reason : 'no certificate';
      for (const stack of o.stacks) {
        log(`connections: ${stack}`);
        out.connections.push(
          ...(await connectionRows(
            server,
            stack,
            MODES,
            o.connectionCalls,
            o.timeout,
            ca,
            noTls,
            o.connectionInFlight,
          )),
        );
      }
    }
    if (o.tables.includes('streaming')) {
      out.streaming = [];
      const streamOptions = {
        messages: o.streamMessages,
        unaryCalls: o.streamUnaryCalls,
        batchSize: o.batchSize,
        timeoutMs: Math.max(o.timeout, 60_000),
      };
      for (const stack of o.stacks.filter((s): s is StreamStack => (STREAM_STACKS as readonly string[]).includes(s))) {
        log(`streaming: ${stack}`);
        out.streaming.push(...(await streamRows(server, stack, streamOptions)));
      }
    }
    if (o.tables.includes('failures')) {
      out.failures = [];
      for (const stack of o.stacks) {
        log(`failures: ${stack}`);
        for (const v of VARIANTS) out.failures.push(await failureRow(server, stack, v, o.failureCalls, o.deadline));
      }
      log('failures: a server killed mid-call');
      out.killed = await killedRows(o.stacks, o.timeout, thriftDir, o.handler);
    }
    return out;
  });
}
