// Lab 08 with a student's own service (`--proto F --service S --handler H.ts`): compiles F (buf, as lab 05 does),
// starts the server child on S with the student's handler module, sends every request of every unary method once on
// the first stack (their answers become the references every later call on every stack must match byte for byte),
// then measures the unary, wire, concurrency and connections tables per stack and method; the server stops on every
// path. Thrift stacks, the streaming and failures tables and S's streaming methods are not run, each with its reason
// in the results. Rows out; words are src/rpc/service-report.ts's. Tests: test/rpc/service-lab.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { throwawayCert } from './cert.js';
import { closedLoop, openLoop, type LoadRow } from './load.js';
import type { RpcParams } from './params.js';
import { loadStudentService, servicePlan, writeDescriptorSet, type References } from './service.js';
import {
  MODES,
  serviceConnectionRows,
  serviceWireRow,
  type MethodUnderTest,
  type ServiceConnectionRow,
  type ServiceWireRow,
} from './service-tables.js';
import { startServers, withServer } from './servers.js';
import { isThrift, type Stack } from './stacks.js';
import { unaryRow, type UnaryRow } from './unary.js';

/** What the lab knows of each measured method: its types and requests, and the reference answers. */
export interface MethodInfo {
  method: string;
  requestType: string;
  responseType: string;
  /** The handler module's `requests` export gave them (else the lab built one: sampleRequest). */
  given: boolean;
  requestBytes: number[];
  responseBytes: number[];
  /** The first request's and its answer's bytes, hex. */
  requestHex: string;
  responseHex: string;
  /** The stack whose answers are the references. */
  referenceStack: Stack;
}

export interface ServiceResults {
  service: string;
  protoFile: string;
  handlerFile: string;
  stacks: Stack[];
  methods: MethodInfo[];
  unary?: UnaryRow[];
  wire?: ServiceWireRow[];
  concurrency?: LoadRow[];
  connections?: ServiceConnectionRow[];
  /** Methods ("method Repeat") and tables ("the streaming table") a student's service cannot run, with why. */
  notRun: { what: string; reason: string }[];
  unavailable: { stack: Stack; reason: string }[];
  serverPid: number;
}

const THRIFT_REASON =
  "Thrift carries the lab's Calc service only (its IDL is data/rpc/calc.thrift); a protobuf service has no Thrift IDL";
const NOT_FOR_A_SERVICE: Partial<Record<RpcParams['tables'][number], string>> = {
  streaming:
    "it measures Calc's own streaming and batch methods (MultMany, MultBatch), which a student's service does not have",
  failures:
    "it loses answers of Calc.Mult and retries with Mult's request_id as the idempotency key, a field a student's " +
    'service need not have (its killed-server rows run with it)',
};

/** `--proto`, `--service` and `--handler` go together: one of the first two without the others is bad input. */
export function checkServiceFlags(o: Pick<RpcParams, 'proto' | 'service' | 'handler'>): boolean {
  if (o.proto === undefined && o.service === undefined) return false;
  if (o.proto === undefined) throw new InputError(`--service ${o.service}: needs --proto, the .proto file it is in`);
  if (o.service === undefined) {
    throw new InputError(`--proto ${o.proto}: needs --service, the name of the service to measure in it`);
  }
  if (o.handler === undefined) {
    throw new InputError(
      `--proto ${o.proto} --service ${o.service}: needs --handler, a .ts file whose default export implements its methods`,
    );
  }
  return true;
}

const hex = (b: Uint8Array) => (Buffer.from(b).toString('hex').match(/../g) ?? []).join(' ');

/**
 * Runs a student's service (--proto, --service, --handler) on a server child of its own: every request checked on the
 * reference stack first, then the unary, wire, concurrency and connections tables asked for, per stack and method;
 * the server stops on every exit path. Bad flags or modules are InputErrors.
 */
export async function runServiceExperiment(
  o: RpcParams,
  log: (m: string) => void,
  scratchDir: string,
): Promise<ServiceResults> {
  checkServiceFlags(o);
  const handlerFile = o.handler as string;
  const student = loadStudentService(o.proto as string, o.service as string);
  const unavailable = o.stacks.filter(isThrift).map((stack) => ({ stack, reason: THRIFT_REASON }));
  const stacks = o.stacks.filter((s) => !isThrift(s));
  if (!stacks.length) throw new InputError(`--stacks ${o.stacks.join(',')}: ${THRIFT_REASON}; pick another stack`);
  const notRun = [
    ...student.skipped.map((s) => ({ what: `method ${s.method}`, reason: s.reason })),
    ...o.tables.flatMap((t) =>
      NOT_FOR_A_SERVICE[t] ? [{ what: `the ${t} table`, reason: NOT_FOR_A_SERVICE[t] }] : [],
    ),
  ];
  const cert = o.tables.includes('connections') ? throwawayCert(scratchDir) : undefined;
  const descriptorFile = path.join(scratchDir, 'service.binpb');
  writeDescriptorSet(student.registry, descriptorFile);
  const server = await startServers({
    tls: cert?.available ? cert : undefined,
    handlerFile,
    service: { descriptorFile, name: student.service.typeName },
  });
  log(`server process ${server.pid} serving ${student.service.typeName} on ${JSON.stringify(server.ports)}`);
  return withServer(server, async () => {
    const references: References = new Map();
    const methods: MethodUnderTest[] = student.methods.map((method) => {
      const encoded = server.samples?.[method.name]?.requests ?? [];
      const requests = encoded.map((b) => method.decodeReq(Buffer.from(b, 'base64')));
      return { method, requests, references, plan: servicePlan(method, requests, references) };
    });
    // The references: every request once on the first stack, before anything is timed.
    for (const m of methods) {
      const caller = m.plan.open(stacks[0], m.plan.port(stacks[0], server.ports) ?? 0, o.timeout);
      try {
        for (let k = 0; k < m.requests.length; k++) await caller.call(k);
      } finally {
        caller.close();
      }
    }
    const out: ServiceResults = {
      service: student.service.typeName,
      protoFile: o.proto as string,
      handlerFile,
      stacks,
      methods: methods.map((m) => methodInfo(m, server.samples?.[m.method.name]?.given ?? false, stacks[0])),
      notRun,
      unavailable,
      serverPid: server.pid,
    };
    const each = async (table: string, f: (stack: Stack, m: MethodUnderTest) => Promise<void>) => {
      for (const stack of stacks) {
        log(`${table}: ${stack}`);
        for (const m of methods) await f(stack, m);
      }
    };
    if (o.tables.includes('unary')) {
      const rows: UnaryRow[] = (out.unary = []);
      await each('unary', async (s, m) => void rows.push(await unaryRow(server, s, o.calls, o.timeout, m.plan)));
    }
    if (o.tables.includes('wire')) {
      const rows: ServiceWireRow[] = (out.wire = []);
      await each('wire', async (s, m) => {
        for (let k = 0; k < m.requests.length; k++) {
          rows.push(await serviceWireRow(server, s, m, k, o.wireCalls, o.timeout));
        }
      });
    }
    if (o.tables.includes('concurrency')) {
      const rows: LoadRow[] = (out.concurrency = []);
      await each('concurrency', async (s, m) => {
        for (const n of o.inFlight) rows.push(await closedLoop(server, s, n, o.loadCalls, o.timeout, m.plan));
        for (const r of o.rates) rows.push(await openLoop(server, s, r, o.loadCalls, o.timeout, m.plan));
      });
    }
    if (o.tables.includes('connections')) {
      const rows: ServiceConnectionRow[] = (out.connections = []);
      const tls = {
        ca: cert?.available ? readFileSync(cert.certFile) : undefined,
        reason: cert && !cert.available ? cert.reason : 'no certificate',
      };
      await each('connections', async (s, m) => {
        const calls = o.connectionCalls;
        rows.push(...(await serviceConnectionRows(server, s, m, MODES, calls, o.timeout, tls, o.connectionInFlight)));
      });
    }
    return out;
  });
}

function methodInfo(m: MethodUnderTest, given: boolean, referenceStack: Stack): MethodInfo {
  const answers = m.requests.map((_, k) => m.references.get(`${m.method.name}#${k}`)?.bytes ?? new Uint8Array());
  const requests = m.requests.map((r) => m.method.encodeReq(r));
  return {
    method: m.method.name,
    requestType: m.method.desc.input.typeName,
    responseType: m.method.desc.output.typeName,
    given,
    requestBytes: requests.map((b) => b.length),
    responseBytes: answers.map((b) => b.length),
    requestHex: hex(requests[0]),
    responseHex: hex(answers[0]),
    referenceStack,
  };
}
