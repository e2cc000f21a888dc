// The unary table's measurement: one call at a time on one kept-alive connection, per stack. Every call's latency
// goes into an HDR histogram (src/redis/histogram.ts's recorder, raw samples kept); client CPU time from this
// process's cpuUsage and server CPU time from the server child's, both over the timed calls only. Every answer is
// checked (x * y): a wrong product fails the run. Any service's method is measured the same way through a CallPlan
// (how to reach it on each stack and how to check its answers: calcPlan here, servicePlan in src/rpc/service.ts).
// Tests: test/rpc/unary.test.ts, test/rpc/service.test.ts.
import { latencyRecorder, type LatencyResult } from '../redis/histogram.js';
import { multReq } from './calc.js';
import { CallError, makeClient, type RpcClient } from './clients.js';
import type { Ports, ServerProcess } from './servers.js';
import { portFor, tlsPortFor, type Stack } from './stacks.js';
import type { ClientOptions } from './clients.js';

/** A client for one method: call(i) makes call number i and checks its answer (a CallError if wrong). */
export interface Caller {
  call(i: number): Promise<void>;
  close(): void;
}

/** A method the tables call: its name, its port per stack (TLS or not; undefined: none), and a checked client. */
export interface CallPlan {
  method: string;
  port(stack: Stack, ports: Ports, tls?: boolean): number | undefined;
  open(stack: Stack, port: number, timeoutMs: number, o?: ClientOptions): Caller;
}

/** Calc.Mult: call i is Mult(i mod 1000, 7), checked against the product. */
export const calcPlan: CallPlan = {
  method: 'Mult',
  port: (stack, ports, tls) => (tls ? tlsPortFor(stack, ports) : portFor(stack, ports)),
  open: (stack, port, timeoutMs, o) => {
    const client = makeClient(stack, port, timeoutMs, o);
    return { call: (i) => checkedCall(client, i), close: () => client.close() };
  },
};

/** The port a plan's method is reached on for a stack (plain TCP): there is always one. */
export function planPort(plan: CallPlan, stack: Stack, ports: Ports): number {
  const port = plan.port(stack, ports);
  if (port === undefined) throw new Error(`${stack}: the server has no port for ${plan.method}`);
  return port;
}

export interface UnaryRow extends LatencyResult {
  stack: Stack;
  /** The method called, when the lab measures a student's service (Calc's rows leave it out: always Mult). */
  method?: string;
  calls: number;
  callsPerSecond: number;
  clientCpuUsPerCall: number;
  serverCpuUsPerCall: number;
}

const cpuUs = (u: NodeJS.CpuUsage) => u.user + u.system;

/** Makes call i (x = i mod 1000, y = 7) and checks the product. */
export async function checkedCall(client: RpcClient, i: number, padBytes = 0): Promise<void> {
  const x = i % 1000;
  const resp = await client.call(multReq(x, 7, padBytes));
  if (resp.product !== BigInt(x * 7)) {
    throw new CallError(`${client.stack}: Mult(${x}, 7) answered ${resp.product}, not ${x * 7}`);
  }
}

/**
 * `calls` calls one at a time after `warmup` warm-up calls: every latency in an HDR histogram, the seconds they took
 * and this process's CPU time (µs, user + system) over the timed calls only; `before`/`after` run just outside them.
 */
export async function timeCalls(
  caller: Caller,
  calls: number,
  warmup: number,
  hooks: { before?: () => Promise<void>; after?: () => Promise<void> } = {},
): Promise<{ latency: LatencyResult; seconds: number; clientCpuUs: number }> {
  for (let i = 0; i < warmup; i++) await caller.call(i);
  const rec = latencyRecorder();
  await hooks.before?.();
  const clientBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const t = process.hrtime.bigint();
    await caller.call(i);
    rec.record(Number(process.hrtime.bigint() - t));
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const clientCpuUs = cpuUs(process.cpuUsage(clientBefore));
  await hooks.after?.();
  return { latency: rec.result(), seconds, clientCpuUs };
}

export async function unaryRow(
  server: ServerProcess,
  stack: Stack,
  calls: number,
  timeoutMs: number,
  plan: CallPlan = calcPlan,
): Promise<UnaryRow> {
  const caller = plan.open(stack, planPort(plan, stack, server.ports), timeoutMs);
  try {
    let serverBefore = 0;
    let serverCpu = 0;
    const t = await timeCalls(caller, calls, Math.max(10, Math.ceil(calls / 10)), {
      before: async () => void (serverBefore = cpuUs(await server.cpu())),
      after: async () => void (serverCpu = cpuUs(await server.cpu()) - serverBefore),
    });
    return {
      stack,
      ...(plan === calcPlan ? {} : { method: plan.method }),
      calls,
      ...t.latency,
      callsPerSecond: calls / t.seconds,
      clientCpuUsPerCall: t.clientCpuUs / calls,
      serverCpuUsPerCall: serverCpu / calls,
    };
  } finally {
    caller.close();
  }
}
