// The connections table's measurement, per stack: the same unary calls with the connection kept alive, with a new
// connection per call, and both again over TLS (a throwaway certificate: src/rpc/cert.ts), so the difference is the
// TCP handshake, the HTTP/2 session setup and the TLS handshake per call. A mode a stack cannot run here (REST over
// TLS: fetch cannot trust a throwaway certificate without undici) is a row with its reason. Tests:
// test/rpc/connections.test.ts.
import { latencyRecorder } from '../redis/histogram.js';
import { makeClient } from './clients.js';
import type { Ports, ServerProcess } from './servers.js';
import { portFor, type Stack } from './stacks.js';
import { checkedCall } from './unary.js';

export const MODES = ['keep-alive', 'new-connection', 'tls-keep-alive', 'tls-new-connection'] as const;
export type Mode = (typeof MODES)[number];

export type ConnectionRow = {
  stack: Stack;
  mode: Mode;
} & (
  | { available: true; calls: number; p50Us: number; p99Us: number; callsPerSecond: number; clientCpuUsPerCall: number }
  | { available: false; reason: string }
);

function tlsPortFor(stack: Stack, tls: NonNullable<Ports['tls']>): number | undefined {
  if (stack === 'rest' || stack === 'thrift-binary' || stack === 'thrift-compact') return undefined;
  if (stack === 'tcp' || stack === 'grpc') return tls[stack];
  return stack === 'connect-h1' ? tls.h1 : tls.h2;
}

export async function connectionRow(
  server: ServerProcess,
  stack: Stack,
  mode: Mode,
  calls: number,
  timeoutMs: number,
  ca: Buffer | undefined,
  noTlsReason: string,
): Promise<ConnectionRow> {
  const secure = mode.startsWith('tls');
  let port = portFor(stack, server.ports);
  if (secure) {
    const tlsPort = server.ports.tls && tlsPortFor(stack, server.ports.tls);
    if (!ca || tlsPort === undefined) {
      const reason =
        stack === 'rest'
          ? 'fetch cannot trust a throwaway certificate without undici (not installed)'
          : stack.startsWith('thrift')
            ? "the lab's Thrift servers speak plain TCP only"
            : noTlsReason;
      return { stack, mode, available: false, reason };
    }
    port = tlsPort;
  }
  const client = makeClient(stack, port, timeoutMs, {
    fresh: mode.endsWith('new-connection'),
    ca: secure ? ca : undefined,
  });
  try {
    for (let i = 0; i < Math.max(3, Math.ceil(calls / 10)); i++) await checkedCall(client, i);
    const rec = latencyRecorder();
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) {
      const t = process.hrtime.bigint();
      await checkedCall(client, i);
      rec.record(Number(process.hrtime.bigint() - t));
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    const r = rec.result();
    return {
      stack,
      mode,
      available: true,
      calls,
      p50Us: r.p50Us,
      p99Us: r.p99Us,
      callsPerSecond: calls / seconds,
      clientCpuUsPerCall: (used.user + used.system) / calls,
    };
  } finally {
    client.close();
  }
}
