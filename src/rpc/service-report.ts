// Lab 08's report for a student's service (--proto/--service/--handler): the methods measured (types, requests and the
// reference answers every stack matched byte for byte), and the unary, wire (with its headers split:
// src/rpc/headers-report.ts), concurrency and connections tables per stack and method, with findings computed from
// this run's rows only (a finding that needs raw TCP appears only when tcp ran), and every stack, table or method not
// run listed with its reason. Tests: test/rpc/service-report.test.ts, test/rpc/service-lab.test.ts.
import { barChart, lineChart, type ChartSpec } from '../core/charts.js';
import { table, type Metric, type Table } from '../core/table.js';
import { formatNumber, pct } from '../core/units.js';
import { listText, plural, times } from '../core/words.js';
import type { LoadRow } from './load.js';
import { headersChart, headersFindings, headersTable } from './headers-report.js';
import { knee } from './report.js';
import { shiftText, usText } from './shift.js';
import type { ServiceResults } from './service-experiment.js';
import type { ServiceConnectionRow, ServiceWireRow } from './service-tables.js';
import { STACK_TEXT } from './stacks.js';
import type { UnaryRow } from './unary.js';

const us = (description: string): Metric => ({ unit: 'µs', kind: 'sampled', better: 'lower', description });
const obs = (unit: string, description: string, better?: 'higher' | 'lower'): Metric => ({
  unit,
  kind: 'observed',
  better,
  description,
});
const latency = {
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

function methodsTable(r: ServiceResults): Table {
  return table({
    title: `The methods of ${r.service}`,
    description:
      `Every unary method of ${r.service} (${r.protoFile}), served by ${r.handlerFile}. Requests: from the handler ` +
      "module's `requests` export, or one the lab built (every field set once). Each request was sent once on the " +
      'reference stack before anything was timed; every later answer, on every stack and in every table, had to be ' +
      'these bytes exactly.',
    keys: ['method'],
    columns: ['requestType', 'responseType', 'requestsFrom', 'referenceStack', 'requestHex', 'responseHex'],
    metrics: {
      requests: { unit: 'count', kind: 'exact' },
      requestBytes: { unit: 'B', kind: 'exact', description: 'first request, protobuf bytes' },
      responseBytes: { unit: 'B', kind: 'exact', description: 'its answer, protobuf bytes' },
    },
    rows: r.methods.map((m) => ({
      method: m.method,
      requestType: m.requestType,
      responseType: m.responseType,
      requestsFrom: m.given ? 'requests export' : 'built by the lab',
      referenceStack: m.referenceStack,
      requests: m.requestBytes.length,
      requestBytes: m.requestBytes[0],
      responseBytes: m.responseBytes[0],
      requestHex: m.requestHex || '(empty)',
      responseHex: m.responseHex || '(empty)',
    })),
  });
}

function unaryTable(rows: UnaryRow[]): Table {
  return table({
    title: 'Unary calls, one at a time',
    description:
      'Each method on one kept-alive connection per stack, its requests in turn, after a tenth as many warm-up calls. ' +
      'CPU time per call: this process (client) and the server child, over the timed calls only, user + system.',
    keys: ['stack', 'method'],
    columns: ['what'],
    metrics: {
      calls: { unit: 'count', kind: 'exact' },
      ...latency,
      callsPerSecond: obs('calls/s', 'calls per second, one at a time', 'higher'),
      clientCpuUsPerCall: obs('µs', 'client CPU time per call', 'lower'),
      serverCpuUsPerCall: obs('µs', 'server CPU time per call', 'lower'),
    },
    rows: rows.map((r) => ({
      stack: r.stack,
      method: r.method ?? '',
      what: STACK_TEXT[r.stack],
      calls: r.calls,
      ...latencyCells(r),
      callsPerSecond: Math.round(r.callsPerSecond),
      clientCpuUsPerCall: Number(r.clientCpuUsPerCall.toFixed(1)),
      serverCpuUsPerCall: Number(r.serverCpuUsPerCall.toFixed(1)),
    })),
  });
}

function unaryFindings(rows: UnaryRow[], methods: string[]): string[] {
  const out: string[] = [];
  for (const method of methods) {
    const mine = rows.filter((r) => r.method === method).sort((a, b) => a.p50Us - b.p50Us);
    if (!mine.length) continue;
    const [fast, slow] = [mine[0], mine[mine.length - 1]];
    out.push(
      mine.length === 1
        ? `${method}, one call at a time: ${fast.stack}'s median call took ${usText(fast.p50Us)}.`
        : `${method}, one call at a time: ${fast.stack} had the lowest median latency, ${usText(fast.p50Us)}, and ` +
            `${slow.stack} the highest, ${usText(slow.p50Us)} (${times(slow.p50Us / fast.p50Us)}).`,
    );
    const tcp = mine.find((r) => r.stack === 'tcp');
    const others = mine.filter((r) => r.stack !== 'tcp');
    if (tcp && others.length) {
      out.push(
        `${method} above raw TCP's median of ${usText(tcp.p50Us)} (median shift of each stack's calls): ` +
          listText(
            others.map((r) => `${r.stack} ${shiftText(tcp.latencyUs.samples ?? [], r.latencyUs.samples ?? [])}`),
          ) +
          '; client + server CPU per call: ' +
          listText(mine.map((r) => `${r.stack} ${usText(r.clientCpuUsPerCall + r.serverCpuUsPerCall)}`)) +
          '.',
      );
    }
  }
  return out;
}

function wireTable(rows: ServiceWireRow[]): Table {
  return table({
    title: 'Bytes on the wire per call',
    description:
      'Counted on the sockets of a relay between a new client and the server, per method and request. first*: the ' +
      'first call on the new connection (its setup included); *PerCall: the mean of the later calls; overheadShare: ' +
      'the part of those bytes that is not the two protobuf messages. (--payloads applies to Calc only: a service ' +
      'is measured with its own requests.)',
    keys: ['stack', 'method', 'request'],
    metrics: {
      reqMessageBytes: { unit: 'B', kind: 'exact', description: 'the request, protobuf bytes' },
      respMessageBytes: { unit: 'B', kind: 'exact', description: 'the answer, protobuf bytes' },
      firstSent: { unit: 'B', kind: 'exact' },
      firstReceived: { unit: 'B', kind: 'exact' },
      calls: { unit: 'count', kind: 'exact' },
      sentPerCall: { unit: 'B', kind: 'exact', description: 'client to server, mean per call after the first' },
      receivedPerCall: { unit: 'B', kind: 'exact', description: 'server to client, mean per call after the first' },
      overheadShare: { unit: '%', kind: 'exact', better: 'lower' },
    },
    rows: rows.map((r) => ({
      stack: r.stack,
      method: r.method,
      request: r.request,
      reqMessageBytes: r.reqMessageBytes,
      respMessageBytes: r.respMessageBytes,
      firstSent: r.firstSent,
      firstReceived: r.firstReceived,
      calls: r.calls,
      sentPerCall: Number(r.sentPerCall.toFixed(1)),
      receivedPerCall: Number(r.receivedPerCall.toFixed(1)),
      overheadShare: Number((100 * r.overheadShare).toFixed(1)),
    })),
  });
}

function wireFindings(rows: ServiceWireRow[], methods: string[]): string[] {
  const out: string[] = [];
  for (const method of methods) {
    const mine = rows.filter((r) => r.method === method && r.request === 1);
    if (!mine.length) continue;
    const perCall = (r: ServiceWireRow) => `${r.stack} ${formatNumber(r.sentPerCall + r.receivedPerCall)} B`;
    const least = [...mine].sort((a, b) => a.sentPerCall + a.receivedPerCall - (b.sentPerCall + b.receivedPerCall));
    out.push(
      `${method}'s first request (${plural(mine[0].reqMessageBytes, 'byte')}, answered in ` +
        `${plural(mine[0].respMessageBytes, 'byte')}) put on the wire per call, both ways: ${listText(least.map(perCall))}` +
        (least.length > 1
          ? `; ${least[least.length - 1].stack}'s overhead share was ${pct(least[least.length - 1].overheadShare)}.`
          : '.'),
    );
  }
  return out;
}

function concurrencyTable(rows: LoadRow[]): Table {
  return table({
    title: 'Latency against load',
    description:
      'Closed loop: inFlight callers each send their next call when the last one answered. Open loop: calls sent ' +
      'at offeredRate whatever the answers do, latency counted from each call’s due time; inFlight is then the most ' +
      'seen at once, and failed the calls past their deadline.',
    keys: ['stack', 'method', 'loop', 'inFlight', 'offeredRate'],
    metrics: {
      calls: { unit: 'count', kind: 'exact' },
      callsPerSecond: obs('calls/s', 'answered calls per second', 'higher'),
      ...latency,
      failed: obs('count', 'calls that failed (deadline)', 'lower'),
    },
    columns: ['maxInFlight'],
    rows: rows.map((r) => ({
      stack: r.stack,
      method: r.method ?? '',
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

function concurrencyFindings(rows: LoadRow[], stacks: string[], methods: string[]): string[] {
  const out: string[] = [];
  for (const method of methods) {
    for (const stack of stacks) {
      const mine = rows.filter((r) => r.stack === stack && r.method === method);
      const k = knee(mine);
      if (!k) continue;
      const best = Math.max(...mine.filter((r) => r.loop === 'closed').map((r) => r.callsPerSecond));
      out.push(
        `${method} on ${stack}: throughput reached 90% of its best (${formatNumber(best)} calls/s) at ` +
          `${k.inFlight} in flight.`,
      );
    }
    const open = rows.filter((r) => r.method === method && r.loop === 'open' && r.failed > 0);
    if (open.length) {
      out.push(
        `${method}, open loop: calls past their deadline on ` +
          `${listText(open.map((r) => `${r.stack} at ${formatNumber(r.offeredRate ?? 0)} calls/s (${r.failed})`))}.`,
      );
    }
  }
  return out;
}

function connectionsTable(rows: ServiceConnectionRow[]): Table {
  return table({
    title: 'Connections: kept alive, new per call, and TLS',
    description:
      'Unary calls one at a time, except concurrent: inFlight calls at once on one client (a closed loop). ' +
      'new-connection opens a connection for every call (HTTP/2: a new session); tls-* use a throwaway self-signed ' +
      'certificate made by openssl for this run. connectionsOpened: TCP connections the client opened, warm-up ' +
      'included (plain rows only). A mode a stack cannot run here is listed with its reason.',
    keys: ['stack', 'method', 'mode'],
    columns: ['reason'],
    metrics: {
      calls: { unit: 'count', kind: 'exact' },
      inFlight: { unit: 'count', kind: 'exact', description: 'calls in flight at once (concurrent mode)' },
      connectionsOpened: { unit: 'count', kind: 'exact', description: 'TCP connections opened (plain rows)' },
      p50Us: us('median call latency (HDR histogram)'),
      p99Us: us('99th percentile'),
      callsPerSecond: obs('calls/s', 'calls per second', 'higher'),
      clientCpuUsPerCall: obs('µs', 'client CPU time per call', 'lower'),
    },
    rows: rows.map((r) => ({
      stack: r.stack,
      method: r.method,
      mode: r.mode,
      calls: r.available ? r.calls : null,
      inFlight: r.available ? (r.inFlight ?? 1) : null,
      connectionsOpened: r.available ? (r.connectionsOpened ?? null) : null,
      p50Us: r.available ? r.p50Us : null,
      p99Us: r.available ? r.p99Us : null,
      callsPerSecond: r.available ? Math.round(r.callsPerSecond) : null,
      clientCpuUsPerCall: r.available ? Number(r.clientCpuUsPerCall.toFixed(1)) : null,
      reason: r.available ? '' : `unavailable: ${r.reason}`,
    })),
  });
}

function connectionsFindings(rows: ServiceConnectionRow[], stacks: string[], methods: string[]): string[] {
  const out: string[] = [];
  for (const method of methods) {
    const samples = (stack: string, mode: string) => {
      const r = rows.find((x) => x.stack === stack && x.method === method && x.mode === mode);
      return r?.available ? r.samplesUs : undefined;
    };
    const fresh: string[] = [];
    const handshake: string[] = [];
    for (const stack of stacks) {
      const kept = samples(stack, 'keep-alive');
      const neu = samples(stack, 'new-connection');
      if (kept?.length && neu?.length) fresh.push(`${stack} ${shiftText(kept, neu)}`);
      const tlsNew = samples(stack, 'tls-new-connection');
      if (neu?.length && tlsNew?.length) handshake.push(`${stack} ${shiftText(neu, tlsNew)}`);
    }
    if (fresh.length)
      out.push(`${method}, a new connection per call against a kept-alive one (median shift): ${listText(fresh)}.`);
    if (handshake.length)
      out.push(`${method}, a new TLS connection against a plain one (median shift): ${listText(handshake)}.`);
    const concurrent = rows.filter((r) => r.method === method && r.mode === 'concurrent');
    const opened = concurrent.flatMap((r) =>
      r.available && r.connectionsOpened !== undefined ? [`${r.stack} ${r.connectionsOpened}`] : [],
    );
    const inFlight = concurrent.flatMap((r) => (r.available && r.inFlight ? [r.inFlight] : []))[0];
    if (opened.length && inFlight) {
      out.push(
        `${method} with ${inFlight} calls in flight at once on one client: TCP connections opened, warm-up ` +
          `included: ${listText(opened)}.`,
      );
    }
  }
  const missing = rows.filter((r) => !r.available);
  if (missing.length) {
    const seen = new Set<string>();
    const text = missing
      .map((r) => `${r.stack} ${r.mode} (${r.available ? '' : r.reason})`)
      .filter((t) => !seen.has(t) && seen.add(t));
    out.push(`Not measured in the connections table: ${listText(text)}.`);
  }
  return out;
}

/** Tables, charts and findings of a student's service run, from its rows only. */
export function serviceReport(r: ServiceResults): {
  tables: Record<string, Table>;
  charts: ChartSpec[];
  findings: string[];
} {
  const methods = r.methods.map((m) => m.method);
  const tables: Record<string, Table> = { methods: methodsTable(r) };
  const charts: ChartSpec[] = [];
  const findings: string[] = [
    ...r.unavailable.map((u) => `${u.stack} was not measured: ${u.reason}.`),
    ...r.notRun.map((n) => `${n.what[0].toUpperCase()}${n.what.slice(1)} was not run: ${n.reason}.`),
  ];
  // Every stack was called only when a table ran; else only the reference stack (the check pass).
  const called = r.unary || r.wire || r.concurrency || r.connections ? r.stacks : r.stacks.slice(0, 1);
  findings.push(
    called.length > 1
      ? `${r.service}'s ${plural(methods.length, 'unary method')} (${listText(methods)}) answered every request with ` +
          `the same bytes on ${listText(called)}.`
      : `${r.service}'s ${plural(methods.length, 'unary method')} (${listText(methods)}) ran on ${called[0]} only, ` +
          'so no other stack’s answers were compared.',
  );
  const built = r.methods.filter((m) => !m.given);
  if (built.length) {
    findings.push(
      `${listText(built.map((m) => m.method))} had no requests in the handler module, so the lab sent one it built ` +
        `(every field set once): ${listText(built.map((m) => `${m.method} ${m.requestHex || '(empty)'}`))}.`,
    );
  }
  if (r.unary) {
    tables.unary = unaryTable(r.unary);
    findings.push(...unaryFindings(r.unary, methods));
    charts.push(
      barChart({
        name: 'unary-p50',
        title: 'Median latency of one call, per stack and method',
        rows: r.unary.map((u) => ({ stack: u.stack, method: u.method ?? '', p50Us: u.p50Us })),
        x: 'stack',
        y: 'p50Us',
        color: 'method',
        yTitle: 'median latency (µs)',
      }),
    );
  }
  if (r.wire) {
    tables.wire = wireTable(r.wire);
    findings.push(...wireFindings(r.wire, methods));
    const split = r.wire.flatMap((w) => (w.request === 1 && w.headers ? [{ ...w, headers: w.headers }] : []));
    if (split.length) {
      tables['wire-headers'] = headersTable(split, "each method's first request");
      charts.push(headersChart(split));
      findings.push(...headersFindings(split));
    }
  }
  if (r.concurrency) {
    tables.concurrency = concurrencyTable(r.concurrency);
    findings.push(...concurrencyFindings(r.concurrency, r.stacks, methods));
    const closed = r.concurrency.filter((c) => c.loop === 'closed');
    if (closed.length) {
      charts.push(
        lineChart({
          name: 'latency-throughput',
          title: 'Median latency against throughput (closed loop, more calls in flight to the right), per method',
          rows: closed.map((c) => ({
            method: c.method ?? '',
            stack: c.stack,
            callsPerSecond: Math.round(c.callsPerSecond),
            p50Us: c.p50Us,
          })),
          x: 'callsPerSecond',
          y: 'p50Us',
          color: 'stack',
          facet: 'method',
          yScale: 'log',
          xTitle: 'calls per second',
          yTitle: 'median latency (µs)',
        }),
      );
    }
  }
  if (r.connections) {
    tables.connections = connectionsTable(r.connections);
    findings.push(...connectionsFindings(r.connections, r.stacks, methods));
  }
  return { tables, charts, findings };
}
