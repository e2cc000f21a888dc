// Lab 08's wire and connections rows for one method of a student's service: Calc's measurements (src/rpc/wire.ts's
// wireBytes, src/rpc/connections.ts's connectionRows) run with the method's CallPlan and requests, labelled with the
// method (and request); the unary and concurrency tables take the CallPlan directly (src/rpc/unary.ts,
// src/rpc/load.ts). Wire: bytes on a counting relay's sockets, first call and steady state, split into headers and
// data on the HTTP stacks; connections: kept alive, new per call, both over TLS, and many in flight at once, with the
// TCP connections each plain row opened. Tests: test/rpc/service.test.ts, test/rpc/service-lab.test.ts.
import type { Message } from '@bufbuild/protobuf';
import { connectionRows, MODES, type ConnectionRow, type Mode } from './connections.js';
import type { References, RpcMethod } from './service.js';
import type { ServerProcess } from './servers.js';
import type { Stack } from './stacks.js';
import { planPort, type CallPlan } from './unary.js';
import { wireBytes, type WireBytes } from './wire.js';

export { MODES };

/** One method of a student's service as the tables call it: its plan, its requests and the answers seen. */
export interface MethodUnderTest {
  method: RpcMethod;
  plan: CallPlan;
  requests: Message[];
  references: References;
}

/** A wire row of one method's request (its first call on a new connection, then the later ones). */
export type ServiceWireRow = WireBytes & {
  stack: Stack;
  method: string;
  /** Which of the method's requests (1-based). */
  request: number;
};

/** Bytes per call of `m`'s request number `request` (0-based) on `stack`: the first call, then `calls` more. */
export async function serviceWireRow(
  server: ServerProcess,
  stack: Stack,
  m: MethodUnderTest,
  request: number,
  calls: number,
  timeoutMs: number,
): Promise<ServiceWireRow> {
  const open = (port: number) => {
    const caller = m.plan.open(stack, port, timeoutMs);
    return { call: () => caller.call(request), close: () => caller.close() };
  };
  const sizes = () => ({
    req: m.method.encodeReq(m.requests[request]).length,
    resp: m.references.get(`${m.method.name}#${request}`)?.bytes.length ?? Number.NaN,
  });
  const bytes = await wireBytes(planPort(m.plan, stack, server.ports), open, calls, sizes);
  return { stack, method: m.method.name, request: request + 1, ...bytes };
}

/** A connections row of one method (measured rows keep their raw latency samples, µs, for the findings). */
export type ServiceConnectionRow = ConnectionRow & { method: string };

/**
 * `calls` calls of `m` (its requests in turn) on `stack` in each of `modes`: connections.ts's connectionRows (the
 * one-at-a-time modes taking turns call by call) with the method's plan, labelled with its name. A TLS mode without a
 * certificate, or a stack the server has no TLS port for, is a row with the reason.
 */
export async function serviceConnectionRows(
  server: ServerProcess,
  stack: Stack,
  m: MethodUnderTest,
  modes: readonly Mode[],
  calls: number,
  timeoutMs: number,
  tls: { ca?: Buffer; reason: string },
  inFlight: number,
): Promise<ServiceConnectionRow[]> {
  const rows = await connectionRows(server, stack, modes, calls, timeoutMs, tls.ca, tls.reason, inFlight, m.plan);
  return rows.map((row) => ({ ...row, method: m.method.name }));
}
