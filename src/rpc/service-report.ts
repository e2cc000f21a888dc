// Lab 08's report for a student's service (--proto/--service/--handler): the methods measured (types, requests and the
// reference answers every stack matched byte for byte), and the unary, wire (with its headers split), concurrency and
// connections tables per stack and method (built as Calc's: src/rpc/tables.ts, src/rpc/headers-report.ts), with
// findings computed from this run's rows only (a finding that needs raw TCP appears only when tcp ran), and every
// stack, table or method not run listed with its reason. Tests: test/rpc/service-report.test.ts,
// test/rpc/service-lab.test.ts.
import { barChart, type ChartSpec } from '../core/charts.js';
import { table, type Table } from '../core/table.js';
import { formatNumber, pct } from '../core/units.js';
import { listText, plural, times } from '../core/words.js';
import type { LoadRow } from './load.js';
import { headersChart, headersFindings, headersTable } from './headers-report.js';
import { knee } from './report.js';
import { shiftText, usText } from './shift.js';
import type { ServiceResults } from './service-experiment.js';
import type { ServiceConnectionRow, ServiceWireRow } from './service-tables.js';
import { concurrencyTable, connectionsTable, latencyThroughputChart, unaryTable, wireTable } from './tables.js';
import type { UnaryRow } from './unary.js';

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
    tables.unary = unaryTable(
      r.unary,
      'Each method on one kept-alive connection per stack, its requests in turn, after a tenth as many warm-up ' +
        'calls. CPU time per call: this process (client) and the server child, over the timed calls only, user + ' +
        'system.',
    );
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
    tables.wire = wireTable(
      r.wire,
      ['method', 'request'],
      'Counted on the sockets of a relay between a new client and the server, per method and request. first*: the ' +
        'first call on the new connection (its setup included); *PerCall: the mean of the later calls; ' +
        'overheadShare: the part of those bytes that is not the two protobuf messages. (--payloads applies to Calc ' +
        'only: a service is measured with its own requests.)',
      { req: 'the request, protobuf bytes', resp: 'the answer, protobuf bytes' },
    );
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
    const chart = latencyThroughputChart(r.concurrency);
    if (chart) charts.push(chart);
  }
  if (r.connections) {
    tables.connections = connectionsTable(r.connections);
    findings.push(...connectionsFindings(r.connections, r.stacks, methods));
  }
  return { tables, charts, findings };
}
