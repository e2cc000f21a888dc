// The connections table's measurement, per stack (Calc's Mult, or any method through its CallPlan: a student's service,
// src/rpc/service-tables.ts): the same unary calls with the connection kept alive, with a new connection per call, and
// both again over TLS (a throwaway certificate: src/rpc/cert.ts), so the difference is the TCP handshake, the HTTP/2
// session setup and the TLS handshake per call (REST's fetch trusts the certificate through an undici Agent; Thrift
// uses its package's TLS connection). A mode a stack cannot run here (no openssl) is a row with its reason. The four
// one-at-a-time modes of a stack are measured in turn, call by call (connectionRows: each round makes one call in every
// mode, in reverse order every other round), so a change in the machine's load while they run falls on every mode alike
// instead of between the modes the findings compare. The concurrent mode keeps `inFlight` calls in flight at once on
// one client (src/rpc/load.ts's closed loop): HTTP/2 multiplexes them as streams of one connection, raw TCP pipelines
// them, HTTP/1.1 needs a connection per call in flight. Plain-TCP rows count the TCP connections the client opened
// (exact, warm-up included), seen on Node's `net.client.socket` diagnostics channel, so no relay sits in the measured
// path. Tests: test/rpc/connections.test.ts, test/rpc/tls.test.ts, test/rpc/service-lab.test.ts.
import dc from 'node:diagnostics_channel';
import net from 'node:net';
import { latencyRecorder, type LatencyRecorder } from '../redis/histogram.js';
import { closedLoop } from './load.js';
import type { ServerProcess } from './servers.js';
import type { Stack } from './stacks.js';
import { calcPlan, planPort, type CallPlan, type Caller } from './unary.js';

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
 * without a socket of its own is not seen, so TLS rows are not counted). `onOpen`, when given, hears each one.
 */
export function connectionCounter(port: number, onOpen?: () => void): { stop(): number } {
  let opened = 0;
  const onSocket = (message: unknown) => {
    const socket = (message as { socket: net.Socket }).socket;
    socket.once('connect', () => {
      if (socket.remotePort !== port) return;
      opened++;
      onOpen?.();
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

/** A one-at-a-time mode ready to measure: its client, latencies, CPU and the connections attributed to it. */
interface ModeUnderTest {
  mode: Exclude<Mode, 'concurrent'>;
  caller: Caller;
  rec: LatencyRecorder;
  cpuUs: number;
  busyNs: number;
  /** Connections opened while this mode was calling (opened undefined: a TLS mode, not counted). */
  owner: { opened?: number };
}

/**
 * One row of the connections table: `calls` calls of `plan`'s method (Calc's Mult unless told) on `stack` in `mode`.
 * See connectionRows; a row of its own measures `mode` alone.
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
  const [row] = await connectionRows(server, stack, [mode], calls, timeoutMs, ca, noTlsReason, inFlight, plan);
  return row;
}

/**
 * The connections table's rows for `stack` in `modes` (in that order): `calls` calls of `plan`'s method (Calc's Mult
 * unless told) in each one-at-a-time mode after a tenth as many warm-up calls (3 at least), the modes taking turns
 * call by call (forward, then backward, round after round), their latencies kept as raw samples; then the concurrent
 * mode, which keeps `inFlight` calls in flight at once. A TLS mode needs the run's certificate `ca` and a TLS port for
 * the stack (else a row unavailable with `noTlsReason` or the missing port). Plain rows count the TCP connections
 * opened while their mode was calling (one call is in flight at a time, so every connection has one owner).
 */
export async function connectionRows(
  server: ServerProcess,
  stack: Stack,
  modes: readonly Mode[],
  calls: number,
  timeoutMs: number,
  ca: Buffer | undefined,
  noTlsReason: string,
  inFlight = CONCURRENT_IN_FLIGHT,
  plan: CallPlan = calcPlan,
): Promise<ConnectionRow[]> {
  const rows = new Map<Mode, ConnectionRow>();
  const plainPort = planPort(plan, stack, server.ports);
  // One call is in flight at a time, so a connection opened belongs to the mode calling.
  let current: { opened?: number } | undefined;
  const counter = connectionCounter(plainPort, () => {
    if (current?.opened !== undefined) current.opened++;
  });
  const measured: ModeUnderTest[] = [];
  try {
    for (const mode of modes) {
      if (mode === 'concurrent') continue;
      const secure = mode.startsWith('tls');
      const port = secure ? plan.port(stack, server.ports, true) : plainPort;
      if (port === undefined || (secure && !ca)) {
        const reason = secure && !ca ? noTlsReason : `the server has no TLS port for ${stack}`;
        rows.set(mode, { stack, mode, available: false, reason });
        continue;
      }
      // Clients may connect as they open (raw TCP does): that connection is this mode's too.
      const owner = secure ? {} : { opened: 0 };
      current = owner;
      const fresh = mode.endsWith('new-connection');
      const caller = plan.open(stack, port, timeoutMs, { fresh, ca: secure ? ca : undefined });
      const m: ModeUnderTest = { mode, caller, rec: latencyRecorder(), cpuUs: 0, busyNs: 0, owner };
      measured.push(m);
      for (let i = 0; i < Math.max(3, Math.ceil(calls / 10)); i++) await m.caller.call(i);
    }
    for (let i = 0; i < calls; i++) {
      const order = i % 2 === 0 ? measured : [...measured].reverse();
      for (const m of order) {
        current = m.owner;
        const cpu = process.cpuUsage();
        const t = process.hrtime.bigint();
        await m.caller.call(i);
        const ns = Number(process.hrtime.bigint() - t);
        const used = process.cpuUsage(cpu);
        m.rec.record(ns);
        m.busyNs += ns;
        m.cpuUs += used.user + used.system;
      }
    }
    current = undefined;
    for (const m of measured) {
      const latency = m.rec.result();
      rows.set(m.mode, {
        stack,
        mode: m.mode,
        available: true,
        calls,
        p50Us: latency.p50Us,
        p99Us: latency.p99Us,
        callsPerSecond: calls / (m.busyNs / 1e9),
        clientCpuUsPerCall: m.cpuUs / calls,
        samplesUs: latency.latencyUs.samples,
        ...(m.owner.opened === undefined ? {} : { connectionsOpened: m.owner.opened }),
      });
    }
  } finally {
    current = undefined;
    counter.stop();
    for (const m of measured) m.caller.close();
  }
  if (modes.includes('concurrent')) {
    rows.set('concurrent', await concurrentRow(server, stack, inFlight, calls, timeoutMs, plan));
  }
  return modes.map((mode) => rows.get(mode)!);
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
