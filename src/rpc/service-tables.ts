// Lab 08's wire and connections measurements for one method of a student's service (the unary and concurrency tables
// take its CallPlan directly: src/rpc/unary.ts, src/rpc/load.ts). Wire: bytes on the sockets of a counting relay
// (src/rpc/proxy.ts) between a new client and the server, for one of the method's requests, first call and steady
// state, on HTTP stacks split into headers, data and the rest as for Calc (src/rpc/call-bytes.ts, src/rpc/wire.ts).
// Connections: the same calls kept alive, on a new connection each, both over TLS with the run's throwaway
// certificate (src/rpc/cert.ts), and many in flight at once on one client (the closed loop), with the TCP connections
// each plain row opened (src/rpc/connections.ts's counter). Tests: test/rpc/service.test.ts,
// test/rpc/service-lab.test.ts.
import type { Message } from '@bufbuild/protobuf';
import { callBytesCounter } from './call-bytes.js';
import { connectionCounter, MODES, type ConnectionRow, type Mode } from './connections.js';
import { closedLoop } from './load.js';
import { countingProxy } from './proxy.js';
import type { References, RpcMethod } from './service.js';
import type { ServerProcess } from './servers.js';
import type { Stack } from './stacks.js';
import { planPort, timeCalls, type CallPlan } from './unary.js';
import { settle, wireHeaders, type WireHeaders } from './wire.js';

export { MODES };

/** One method of a student's service as the tables call it: its plan, its requests and the answers seen. */
export interface MethodUnderTest {
  method: RpcMethod;
  plan: CallPlan;
  requests: Message[];
  references: References;
}

export interface ServiceWireRow {
  stack: Stack;
  method: string;
  /** Which of the method's requests (1-based). */
  request: number;
  reqMessageBytes: number;
  respMessageBytes: number;
  firstSent: number;
  firstReceived: number;
  calls: number;
  sentPerCall: number;
  receivedPerCall: number;
  /** 1 - (request + response message bytes) / (bytes sent + received) per call after the first. */
  overheadShare: number;
  connections: number;
  /** HTTP/2 and HTTP/1.1 stacks: each call's bytes split into headers, data and the rest (as Calc's wire rows). */
  headers?: WireHeaders;
}

/** Bytes per call of `m`'s request number `request` (0-based) on `stack`: the first call, then `calls` more. */
export async function serviceWireRow(
  server: ServerProcess,
  stack: Stack,
  m: MethodUnderTest,
  request: number,
  calls: number,
  timeoutMs: number,
): Promise<ServiceWireRow> {
  const counter = callBytesCounter();
  const proxy = await countingProxy(planPort(m.plan, stack, server.ports), { tap: counter });
  const caller = m.plan.open(stack, proxy.port, timeoutMs);
  try {
    await caller.call(request);
    await settle();
    const first = proxy.counts();
    const firstConnection = counter.connectionBytes();
    for (let i = 0; i < calls; i++) await caller.call(request);
    await settle();
    const after = proxy.counts();
    const reqMessageBytes = m.method.encodeReq(m.requests[request]).length;
    const respMessageBytes = m.references.get(`${m.method.name}#${request}`)?.bytes.length ?? Number.NaN;
    const sentPerCall = (after.sent - first.sent) / calls;
    const receivedPerCall = (after.received - first.received) / calls;
    const headers = wireHeaders(counter, firstConnection, calls);
    return {
      stack,
      method: m.method.name,
      request: request + 1,
      reqMessageBytes,
      respMessageBytes,
      firstSent: first.sent,
      firstReceived: first.received,
      calls,
      sentPerCall,
      receivedPerCall,
      overheadShare: 1 - (reqMessageBytes + respMessageBytes) / (sentPerCall + receivedPerCall),
      connections: after.connections,
      ...(headers ? { headers } : {}),
    };
  } finally {
    caller.close();
    await proxy.close();
  }
}

/** A connections row of one method (measured rows keep their raw latency samples, µs, for the findings). */
export type ServiceConnectionRow = ConnectionRow & { method: string };

/**
 * `calls` calls of `m` (its requests in turn) on `stack` in `mode`, after a tenth as many warm-up calls (3 at
 * least); the concurrent mode keeps `inFlight` in flight at once (4 × inFlight calls at least). A TLS mode without a
 * certificate, or a stack the server has no TLS port for, is a row with the reason.
 */
export async function serviceConnectionRow(
  server: ServerProcess,
  stack: Stack,
  m: MethodUnderTest,
  mode: Mode,
  calls: number,
  timeoutMs: number,
  tls: { ca?: Buffer; reason: string },
  inFlight: number,
): Promise<ServiceConnectionRow> {
  const secure = mode.startsWith('tls');
  const port = m.plan.port(stack, server.ports, secure);
  if (secure && (!tls.ca || port === undefined)) {
    return { stack, method: m.method.name, mode, available: false, reason: tls.ca ? 'no TLS port' : tls.reason };
  }
  if (port === undefined) throw new Error(`${stack}: the server has no port for ${m.method.name}`);
  // tls.connect without a socket of its own is not seen by the counter: TLS rows are not counted.
  const counter = secure ? undefined : connectionCounter(port);
  if (mode === 'concurrent') {
    try {
      const timed = Math.max(calls, 4 * inFlight);
      const cpu = process.cpuUsage();
      const r = await closedLoop(server, stack, inFlight, timed, timeoutMs, m.plan);
      const used = process.cpuUsage(cpu);
      return {
        stack,
        method: m.method.name,
        mode,
        available: true,
        calls: r.calls,
        p50Us: r.p50Us,
        p99Us: r.p99Us,
        callsPerSecond: r.callsPerSecond,
        clientCpuUsPerCall: (used.user + used.system) / (timed + inFlight),
        samplesUs: r.latencyUs.samples,
        inFlight,
        connectionsOpened: counter?.stop(),
      };
    } finally {
      counter?.stop();
    }
  }
  const caller = m.plan.open(stack, port, timeoutMs, {
    fresh: mode.endsWith('new-connection'),
    ca: secure ? tls.ca : undefined,
  });
  try {
    const t = await timeCalls(caller, calls, Math.max(3, Math.ceil(calls / 10)));
    return {
      stack,
      method: m.method.name,
      mode,
      available: true,
      calls,
      p50Us: t.latency.p50Us,
      p99Us: t.latency.p99Us,
      callsPerSecond: calls / t.seconds,
      clientCpuUsPerCall: t.clientCpuUs / calls,
      samplesUs: t.latency.latencyUs.samples,
      connectionsOpened: counter?.stop(),
    };
  } finally {
    counter?.stop();
    caller.close();
  }
}
