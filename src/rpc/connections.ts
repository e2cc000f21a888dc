// The connections table's measurement, per stack (Calc's Mult, or any method through its CallPlan: a student's service,
// src/rpc/service-tables.ts): the same unary calls with the connection kept alive, with a new
// connection per call, and both again over TLS (a throwaway certificate: src/rpc/cert.ts), so the difference is the TCP
// handshake, the HTTP/2 session setup and the TLS handshake per call (REST's fetch trusts the certificate through an
// undici Agent; Thrift uses its package's TLS connection). A mode a stack cannot run here (no openssl) is a row with
// its reason. The concurrent mode keeps `inFlight` calls in flight at once on one client (src/rpc/load.ts's closed
// loop): HTTP/2 multiplexes them as streams of one connection, raw TCP pipelines them, HTTP/1.1 needs a connection per
// call in flight. Plain-TCP rows count the TCP connections the client opened (exact, warm-up included), seen on Node's
// `net.client.socket` diagnostics channel, so no relay sits in the measured path. Tests: test/rpc/connections.test.ts,
// test/rpc/tls.test.ts, test/rpc/service-lab.test.ts.
import dc from 'node:diagnostics_channel';
import net from 'node:net';
import { closedLoop } from './load.js';
import type { ServerProcess } from './servers.js';
import type { Stack } from './stacks.js';
import { calcPlan, planPort, timeCalls, type CallPlan } from './unary.js';

export const MODES = ['keep-alive', 'new-connection', 'tls-keep-alive', 'tls-new-connection', 'concurrent'] as const;
export type Mode = (typeof MODES)[number];

/** Calls in flight at once in the concurrent mode, unless told otherwise. */
export const CONCURRENT_IN_FLIGHT = 16;

/** One row of the connections table: a measured mode, or one that could not run here with the reason. */
export type ConnectionRow = {
  stack: Stack;
  mode: Mode;
} & (
  | {
      available: true;
      calls: number;
      p50Us: number;
      p99Us: number;
      callsPerSecond: number;
      clientCpuUsPerCall: number;
      /** Calls in flight at once (concurrent mode only; the other modes make one call at a time). */
      inFlight?: number;
      /** TCP connections the client opened to the server, warm-up included (plain TCP rows only). */
      connectionsOpened?: number;
      /** Every timed call's latency (µs), kept for the findings' shifts between modes (src/rpc/shift.ts). */
      samplesUs?: number[];
    }
  | { available: false; reason: string }
);

/**
 * Counts the TCP connections this process opens to 127.0.0.1:`port` from now until stop() (Node's
 * `net.client.socket` channel sees every net.connect: http.Agent, HTTP/2 sessions, undici, Thrift; tls.connect
 * without a socket of its own is not seen, so TLS rows are not counted).
 */
export function connectionCounter(port: number): { stop(): number } {
  let opened = 0;
  const onSocket = (message: unknown) => {
    const socket = (message as { socket: net.Socket }).socket;
    socket.once('connect', () => {
      if (socket.remotePort === port) opened++;
    });
  };
  dc.subscribe('net.client.socket', onSocket);
  return {
    stop: () => {
      dc.unsubscribe('net.client.socket', onSocket);
      return opened;
    },
  };
}

/**
 * One row of the connections table: `calls` calls of `plan`'s method (Calc's Mult unless told) on `stack` in `mode`
 * after a tenth as many warm-up calls (3 at least), their latencies kept as raw samples; a TLS mode needs the run's
 * certificate `ca` and a TLS port for the stack (else a row unavailable with `noTlsReason` or the missing port); the
 * concurrent mode keeps `inFlight` calls in flight at once. Plain rows count the TCP connections opened.
 */
export async function connectionRow(
  server: ServerProcess,
  stack: Stack,
  mode: Mode,
  calls: number,
  timeoutMs: number,
  ca: Buffer | undefined,
  noTlsReason: string,
  inFlight = CONCURRENT_IN_FLIGHT,
  plan: CallPlan = calcPlan,
): Promise<ConnectionRow> {
  if (mode === 'concurrent') return concurrentRow(server, stack, inFlight, calls, timeoutMs, plan);
  const secure = mode.startsWith('tls');
  const port = secure ? plan.port(stack, server.ports, true) : planPort(plan, stack, server.ports);
  if (port === undefined || (secure && !ca)) {
    const reason = secure && !ca ? noTlsReason : `the server has no TLS port for ${stack}`;
    return { stack, mode, available: false, reason };
  }
  // tls.connect without a socket of its own is not seen by the counter: TLS rows are not counted.
  const counter = secure ? undefined : connectionCounter(port);
  const caller = plan.open(stack, port, timeoutMs, {
    fresh: mode.endsWith('new-connection'),
    ca: secure ? ca : undefined,
  });
  try {
    const t = await timeCalls(caller, calls, Math.max(3, Math.ceil(calls / 10)));
    return {
      stack,
      mode,
      available: true,
      calls,
      p50Us: t.latency.p50Us,
      p99Us: t.latency.p99Us,
      callsPerSecond: calls / t.seconds,
      clientCpuUsPerCall: t.clientCpuUs / calls,
      samplesUs: t.latency.latencyUs.samples,
      ...(counter ? { connectionsOpened: counter.stop() } : {}),
    };
  } finally {
    counter?.stop();
    caller.close();
  }
}

/**
 * The concurrent mode: src/rpc/load.ts's closed loop with `inFlight` callers on one client, at least 4 calls per
 * caller; client CPU per call over its warm-up (one call per caller) and timed calls together.
 */
async function concurrentRow(
  server: ServerProcess,
  stack: Stack,
  inFlight: number,
  calls: number,
  timeoutMs: number,
  plan: CallPlan,
): Promise<ConnectionRow> {
  const counter = connectionCounter(planPort(plan, stack, server.ports));
  const timed = Math.max(calls, 4 * inFlight);
  try {
    const cpu = process.cpuUsage();
    const r = await closedLoop(server, stack, inFlight, timed, timeoutMs, plan);
    const used = process.cpuUsage(cpu);
    return {
      stack,
      mode: 'concurrent',
      available: true,
      calls: r.calls,
      p50Us: r.p50Us,
      p99Us: r.p99Us,
      callsPerSecond: r.callsPerSecond,
      clientCpuUsPerCall: (used.user + used.system) / (timed + inFlight),
      inFlight,
      connectionsOpened: counter.stop(),
      samplesUs: r.latencyUs.samples,
    };
  } finally {
    counter.stop();
  }
}
