// The tables and chart Lab 08's two reports share (Calc's, src/rpc/report.ts, and a student's service's,
// src/rpc/service-report.ts): unary calls, latency against load, and connections, with a method key when the rows
// carry one (a service's), bytes on the wire (labelled by payload for Calc, by method and request for a service),
// and the latency-against-throughput chart (one panel per method for a service). Each
// report keeps its own words (descriptions that say what was called) and findings. Tests: test/rpc/report.test.ts,
// test/rpc/service-report.test.ts.
import { lineChart, type ChartSpec } from '../core/charts.js';
import { table, type Metric, type Row, type Table } from '../core/table.js';
import type { ConnectionRow } from './connections.js';
import type { LoadRow } from './load.js';
import { STACK_TEXT } from './stacks.js';
import type { UnaryRow } from './unary.js';
import type { WireBytes } from './wire.js';

/** A sampled latency metric in µs (lower is better). */
export const us = (description: string): Metric => ({ unit: 'µs', kind: 'sampled', better: 'lower', description });
/** An observed metric: an outcome of this run's events (bytes on the wire, calls per second, CPU per call). */
export const obs = (unit: string, description: string, better?: 'higher' | 'lower'): Metric => ({
  unit,
  kind: 'observed',
  better,
  description,
});
const latencyMetrics = {
  p50Us: us('median call latency (HDR histogram)'),
  p90Us: us('90th percentile'),
  p99Us: us('99th percentile'),
  p999Us: us('99.9th percentile'),
  maxUs: us('slowest call'),
};
const latencyCells = (r: UnaryRow | LoadRow) => ({
  p50Us: r.p50Us,
  p90Us: r.p90Us,
  p99Us: r.p99Us,
  p999Us: r.p999Us,
  maxUs: r.maxUs,
});
/** The method key and cell, when any row names a method (a student's service); none for Calc's rows. */
function methodKey(rows: { method?: string }[]): { keys: string[]; cell: (r: { method?: string }) => Row } {
  const on = rows.some((r) => r.method !== undefined);
  const none: Row = {};
  return { keys: on ? ['method'] : [], cell: (r) => (on ? { method: r.method ?? '' } : none) };
}

/** The unary table: latency percentiles, calls per second and CPU per call, per stack (and method). */
export function unaryTable(rows: UnaryRow[], description: string): Table {
  const m = methodKey(rows);
  return table({
    title: 'Unary calls, one at a time',
    description,
    keys: ['stack', ...m.keys],
    columns: ['what'],
    metrics: {
      calls: { unit: 'count', kind: 'exact' },
      ...latencyMetrics,
      callsPerSecond: obs('calls/s', 'calls per second, one at a time', 'higher'),
      clientCpuUsPerCall: obs('µs', 'client CPU time per call', 'lower'),
      serverCpuUsPerCall: obs('µs', 'server CPU time per call', 'lower'),
    },
    rows: rows.map((r) => ({
      stack: r.stack,
      ...m.cell(r),
      what: STACK_TEXT[r.stack],
      calls: r.calls,
      ...latencyCells(r),
      callsPerSecond: Math.round(r.callsPerSecond),
      clientCpuUsPerCall: Number(r.clientCpuUsPerCall.toFixed(1)),
      serverCpuUsPerCall: Number(r.serverCpuUsPerCall.toFixed(1)),
    })),
  });
}

/** Latency against load: the closed-loop levels and open-loop rates, per stack (and method). */
export function concurrencyTable(rows: LoadRow[]): Table {
  const m = methodKey(rows);
  return table({
    title: 'Latency against load',
    description:
      'Closed loop: inFlight callers each send their next call when the last one answered. Open loop: calls sent ' +
      'at offeredRate whatever the answers do, latency counted from each call’s due time (a queue shows); inFlight is ' +
      'then the most seen at once, and failed the calls past their deadline.',
    keys: ['stack', ...m.keys, 'loop', 'inFlight', 'offeredRate'],
    columns: ['maxInFlight'],
    metrics: {
      calls: { unit: 'count', kind: 'exact' },
      callsPerSecond: obs('calls/s', 'answered calls per second', 'higher'),
      ...latencyMetrics,
      failed: obs('count', 'calls that failed (deadline)', 'lower'),
    },
    rows: rows.map((r) => ({
      stack: r.stack,
      ...m.cell(r),
      loop: r.loop,
      inFlight: r.loop === 'closed' ? r.inFlight : null,
      offeredRate: r.offeredRate,
      maxInFlight: r.inFlight,
      calls: r.calls,
      callsPerSecond: Math.round(r.callsPerSecond),
      ...latencyCells(r),
      failed: r.failed,
    })),
  });
}

/** The connections table: each mode per stack (and method), a mode that could not run with its reason. */
export function connectionsTable(rows: (ConnectionRow & { method?: string })[]): Table {
  const m = methodKey(rows);
  return table({
    title: 'Connections: kept alive, new per call, and TLS',
    description:
      'Unary calls one at a time, except concurrent. new-connection opens a connection for every call and closes it ' +
      'after the answer (HTTP/2: a new session); tls-* use a throwaway self-signed certificate made by openssl for ' +
      'this run; concurrent keeps inFlight calls in flight at once on one client (a closed loop, at least 4 calls ' +
      'per caller; client CPU includes one warm-up call per caller). connectionsOpened: TCP connections the client ' +
      'opened, warm-up calls included (plain TCP rows; exact). A mode a stack cannot run here is listed with its ' +
      'reason.',
    keys: ['stack', ...m.keys, 'mode'],
    columns: ['reason'],
    metrics: {
      calls: { unit: 'count', kind: 'exact' },
      p50Us: us('median call latency (HDR histogram)'),
      p99Us: us('99th percentile'),
      callsPerSecond: obs('calls/s', 'calls per second', 'higher'),
      clientCpuUsPerCall: obs('µs', 'client CPU time per call', 'lower'),
      inFlight: { unit: 'count', kind: 'exact', description: 'calls in flight at once' },
      connectionsOpened: { unit: 'count', kind: 'exact', description: 'TCP connections opened, warm-up included' },
    },
    rows: rows.map((r) => ({
      stack: r.stack,
      ...m.cell(r),
      mode: r.mode,
      calls: r.available ? r.calls : null,
      p50Us: r.available ? r.p50Us : null,
      p99Us: r.available ? r.p99Us : null,
      callsPerSecond: r.available ? Math.round(r.callsPerSecond) : null,
      clientCpuUsPerCall: r.available ? Number(r.clientCpuUsPerCall.toFixed(1)) : null,
      inFlight: r.available ? (r.inFlight ?? 1) : null,
      connectionsOpened: r.available ? (r.connectionsOpened ?? null) : null,
      reason: r.available ? '' : `unavailable: ${r.reason}`,
    })),
  });
}

/** Median latency against throughput of the closed-loop rows, one line per stack (one panel per method). */
export function latencyThroughputChart(rows: LoadRow[]): ChartSpec | undefined {
  const closed = rows.filter((c) => c.loop === 'closed');
  if (!closed.length) return undefined;
  const m = methodKey(closed);
  return lineChart({
    name: 'latency-throughput',
    title:
      'Median latency against throughput (closed loop, more calls in flight to the right)' +
      (m.keys.length ? ', per method' : ''),
    rows: closed.map((c) => ({
      ...m.cell(c),
      stack: c.stack,
      callsPerSecond: Math.round(c.callsPerSecond),
      p50Us: c.p50Us,
    })),
    x: 'callsPerSecond',
    y: 'p50Us',
    color: 'stack',
    ...(m.keys.length ? { facet: 'method' } : {}),
    yScale: 'log',
    xTitle: 'calls per second',
    yTitle: 'median latency (µs)',
  });
}

/**
 * Bytes on the wire per call: `labels` are the keys that tell the rows apart after the stack (Calc: payload; a
 * service: method and request), `messages` describes the request and answer messages.
 */
export function wireTable<L extends string>(
  rows: (WireBytes & { stack: string } & Record<L, string | number>)[],
  labels: L[],
  description: string,
  messages: { req: string; resp: string },
): Table {
  return table({
    title: 'Bytes on the wire per call',
    description,
    keys: ['stack', ...labels],
    metrics: {
      reqMessageBytes: { unit: 'B', kind: 'exact', description: messages.req },
      respMessageBytes: { unit: 'B', kind: 'exact', description: messages.resp },
      // Observed: what crossed the relay in this run (WINDOW_UPDATE and PING frames come when the peers decide).
      firstSent: obs('B', 'client to server, first call'),
      firstReceived: obs('B', 'server to client, first call'),
      calls: { unit: 'count', kind: 'exact' },
      sentPerCall: obs('B', 'client to server per later call', 'lower'),
      receivedPerCall: obs('B', 'server to client per later call', 'lower'),
      overheadShare: obs('ratio', 'share of the bytes that is not the messages', 'lower'),
    },
    rows: rows.map((r) => ({
      stack: r.stack,
      ...Object.fromEntries(labels.map((l) => [l, r[l]])),
      reqMessageBytes: r.reqMessageBytes,
      respMessageBytes: r.respMessageBytes,
      firstSent: r.firstSent,
      firstReceived: r.firstReceived,
      calls: r.calls,
      sentPerCall: Number(r.sentPerCall.toFixed(1)),
      receivedPerCall: Number(r.receivedPerCall.toFixed(1)),
      overheadShare: Number(r.overheadShare.toFixed(4)),
    })),
  });
}
