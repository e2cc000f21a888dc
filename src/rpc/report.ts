// Lab 08's report for Calc: findings computed from the rows of this run for every table (unary, wire, wire-headers,
// concurrency, connections, streaming, failures, killed), true for any set of stacks and tables (a finding that needs
// raw TCP or HTTP/2 appears only when those stacks ran), and the tables and charts: the ones a student's service
// shares from src/rpc/tables.ts and src/rpc/headers-report.ts, Calc's own (streaming, failures, killed) here.
// Tests: test/rpc/report.test.ts, test/rpc/lab.test.ts.
import { barChart, type ChartSpec } from '../core/charts.js';
import type { Table } from '../core/table.js';
import { table } from '../core/table.js';
import { formatNumber, pct } from '../core/units.js';
import { listText, plural, times } from '../core/words.js';
import type { RpcResults } from './experiment.js';
import type { ConnectionRow } from './connections.js';
import { headersChart, headersFindings, headersTable, type HeaderRow } from './headers-report.js';
import type { FailureRow, KilledRow } from './failures.js';
import type { LoadRow } from './load.js';
import type { StreamRow } from './streaming.js';
import { shiftText, usText } from './shift.js';
import { concurrencyTable, connectionsTable, latencyThroughputChart, obs, unaryTable, wireTable } from './tables.js';
import type { UnaryRow } from './unary.js';
import type { WireRow } from './wire.js';

function unaryFindings(rows: UnaryRow[]): string[] {
  if (!rows.length) return [];
  const byP50 = [...rows].sort((a, b) => a.p50Us - b.p50Us);
  const fast = byP50[0];
  const slow = byP50[byP50.length - 1];
  const out = [
    rows.length === 1
      ? `One call at a time, ${fast.stack}'s median call took ${usText(fast.p50Us)} (${formatNumber(fast.callsPerSecond)} calls/s).`
      : `One call at a time, ${fast.stack} had the lowest median latency, ${usText(fast.p50Us)}, and ${slow.stack} ` +
        `the highest, ${usText(slow.p50Us)} (${times(slow.p50Us / fast.p50Us)}).`,
  ];
  const tcp = rows.find((r) => r.stack === 'tcp');
  const others = rows.filter((r) => r.stack !== 'tcp');
  if (tcp && others.length) {
    out.push(
      `Above raw TCP's median of ${usText(tcp.p50Us)} per call (median shift of each stack's calls): ` +
        listText(others.map((r) => `${r.stack} ${shiftText(tcp.latencyUs.samples ?? [], r.latencyUs.samples ?? [])}`)) +
        '.',
    );
  }
  const heavy = [...rows].sort(
    (a, b) => b.clientCpuUsPerCall + b.serverCpuUsPerCall - (a.clientCpuUsPerCall + a.serverCpuUsPerCall),
  )[0];
  out.push(
    `${heavy.stack} used ${rows.length > 1 ? 'the most CPU per call: ' : ''}${usText(heavy.clientCpuUsPerCall)} ` +
      `${rows.length > 1 ? '' : 'of CPU per call '}in the client and ${usText(heavy.serverCpuUsPerCall)} in the ` +
      `server, against a median latency of ${usText(heavy.p50Us)}.`,
  );
  return out;
}

function wireFindings(rows: WireRow[]): string[] {
  if (!rows.length) return [];
  const smallest = Math.min(...rows.map((r) => r.payload));
  const largest = Math.max(...rows.map((r) => r.payload));
  const small = rows.filter((r) => r.payload === smallest);
  const msg = small[0];
  const perCall = (r: WireRow) => r.sentPerCall + r.receivedPerCall;
  const out = [
    `For a ${msg.reqMessageBytes}-byte MultReq and a ${msg.respMessageBytes}-byte MultResp (payload ${smallest} B), ` +
      `a call put on the wire ` +
      listText(small.map((r) => `${formatNumber(perCall(r))} B with ${r.stack} (${pct(r.overheadShare)} overhead)`)) +
      '.',
  ];
  const setup = small.filter((r) => r.firstSent > r.sentPerCall * 1.2);
  if (setup.length) {
    out.push(
      'The first call on a new connection sent more than the later ones: ' +
        listText(setup.map((r) => `${r.stack} ${r.firstSent} B, then ${formatNumber(r.sentPerCall)} B`)) +
        ' (connection preface, SETTINGS, and headers sent in full before HPACK could refer to them by index).',
    );
  }
  const same = small.filter((r) => Math.abs(r.firstSent - r.sentPerCall) <= 1);
  if (same.length) {
    out.push(
      `${listText(same.map((r) => r.stack))} sent the same bytes on the first call as on the later ones: ` +
        'no header compression to warm up.',
    );
  }
  if (largest > smallest) {
    const big = rows.filter((r) => r.payload === largest);
    const worst = [...big].sort((a, b) => b.overheadShare - a.overheadShare)[0];
    out.push(
      big.length > 1
        ? `At ${formatNumber(largest)} B of payload the overhead share ranged up to ${pct(worst.overheadShare)} ` +
            `(${worst.stack}); ` +
            listText(big.filter((r) => r !== worst).map((r) => `${r.stack} ${pct(r.overheadShare)}`)) +
            '.'
        : `At ${formatNumber(largest)} B of payload ${worst.stack}'s overhead share was ${pct(worst.overheadShare)}.`,
    );
  }
  return out;
}

/** The wire rows whose calls the relay could split into headers and data: each stack's smallest payload. */
function headerRows(rows: WireRow[]): (WireRow & HeaderRow)[] {
  const smallest = Math.min(...rows.map((r) => r.payload));
  return rows.filter((r) => r.payload === smallest).flatMap((r) => (r.headers ? [{ ...r, headers: r.headers }] : []));
}

/**
 * The knee of a closed-loop curve: the fewest calls in flight whose throughput reached 90% of the best measured;
 * beyond it more calls in flight add latency rather than throughput. Undefined with fewer than two levels.
 */
export function knee(rows: LoadRow[]): LoadRow | undefined {
  const closed = rows.filter((r) => r.loop === 'closed').sort((a, b) => a.inFlight - b.inFlight);
  if (closed.length < 2) return undefined;
  const best = Math.max(...closed.map((r) => r.callsPerSecond));
  return closed.find((r) => r.callsPerSecond >= 0.9 * best);
}

function concurrencyFindings(rows: LoadRow[], stacks: string[]): string[] {
  const out: string[] = [];
  for (const stack of stacks) {
    const mine = rows.filter((r) => r.stack === stack);
    const closed = mine.filter((r) => r.loop === 'closed').sort((a, b) => a.inFlight - b.inFlight);
    const k = knee(mine);
    if (k && closed.length) {
      const first = closed[0];
      const last = closed[closed.length - 1];
      out.push(
        `${stack}: throughput reached 90% of its best (${formatNumber(Math.max(...closed.map((r) => r.callsPerSecond)))} calls/s) ` +
          `at ${k.inFlight} in flight; median latency went from ${usText(first.p50Us)} at ${first.inFlight} to ` +
          `${usText(last.p50Us)} at ${last.inFlight} in flight.`,
      );
    }
    const open = mine.filter((r) => r.loop === 'open');
    const top = open.sort((a, b) => (b.offeredRate ?? 0) - (a.offeredRate ?? 0))[0];
    if (top) {
      out.push(
        `${stack}, open loop at ${formatNumber(top.offeredRate ?? 0)} calls/s offered: ` +
          `${formatNumber(top.callsPerSecond)} answered per second, median ${usText(top.p50Us)} and p99 ` +
          `${usText(top.p99Us)} from each call's due time, up to ${top.inFlight} in flight` +
          (top.failed ? `, ${top.failed} past the deadline.` : '.'),
      );
    }
  }
  return out;
}

function connectionsFindings(rows: ConnectionRow[], stacks: string[]): string[] {
  const out: string[] = [];
  const samples = (stack: string, mode: string) => {
    const r = rows.find((x) => x.stack === stack && x.mode === mode);
    return r?.available ? r.samplesUs : undefined;
  };
  const shifts = (from: string, to: string) =>
    stacks.flatMap((stack) => {
      const [a, b] = [samples(stack, from), samples(stack, to)];
      return a && b ? [`${stack} ${shiftText(a, b)}`] : [];
    });
  const fresh = shifts('keep-alive', 'new-connection');
  if (fresh.length) {
    out.push(`A new connection per call against a kept-alive one (median shift of the calls): ${listText(fresh)}.`);
  }
  out.push(...concurrentFindings(rows));
  const tls = (
    [
      ['per new connection', shifts('new-connection', 'tls-new-connection')],
      ['per kept-alive call', shifts('keep-alive', 'tls-keep-alive')],
    ] as const
  ).flatMap(([what, list]) => (list.length ? [`${what}, ${listText(list)}`] : []));
  if (tls.length) out.push(`TLS against plain TCP (median shift of the calls): ${tls.join('; ')}.`);
  const missing = rows.filter((r) => !r.available);
  if (missing.length) {
    out.push(`Not measured: ${listText(missing.map((r) => `${r.stack} ${r.mode} (${r.available ? '' : r.reason})`))}.`);
  }
  return out;
}

/** The concurrent rows: connections each stack opened for its calls in flight, and what they bought. */
function concurrentFindings(rows: ConnectionRow[]): string[] {
  const out: string[] = [];
  const mine = rows.flatMap((r) => (r.available && r.mode === 'concurrent' ? [r] : []));
  if (!mine.length) return out;
  const byCount = new Map<number, string[]>();
  for (const r of mine) {
    if (r.connectionsOpened === undefined) continue;
    byCount.set(r.connectionsOpened, [...(byCount.get(r.connectionsOpened) ?? []), r.stack]);
  }
  const inFlight = [...new Set(mine.map((r) => r.inFlight ?? 1))];
  if (byCount.size) {
    out.push(
      `With ${listText(inFlight.map(String), 'or')} calls in flight at once on one client, ` +
        listText(
          [...byCount.entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([n, stacks]) => `${listText(stacks)} opened ${plural(n, 'TCP connection')}`),
        ) +
        ' (warm-up included).',
    );
  }
  const gains = mine.flatMap((r) => {
    const one = rows.find((x) => x.stack === r.stack && x.mode === 'keep-alive');
    return one?.available
      ? [
          `${r.stack} ${formatNumber(Math.round(r.callsPerSecond))} against ` +
            `${formatNumber(Math.round(one.callsPerSecond))} (${times(r.callsPerSecond / one.callsPerSecond)})`,
        ]
      : [];
  });
  if (gains.length) {
    out.push(
      `Calls per second with calls in flight at once against one at a time on a kept-alive connection (one timed ` +
        `run of each: a ratio near 1 needs a longer run, or several, to tell): ${listText(gains)}.`,
    );
  }
  return out;
}

function failuresTable(rows: FailureRow[]): Table {
  return table({
    title: 'Retrying a non-idempotent call after a lost answer',
    description:
      'Each call’s first answer is lost: the server executes Mult, then never answers; the client’s deadline passes ' +
      'and it sends the call again. executions is counted on the server. retry-with-key sends a request_id (one per ' +
      'logical call) that the server remembers answers by. clientSaw: the error at the first deadline, word for word.',
    keys: ['stack', 'variant'],
    columns: ['clientSaw'],
    metrics: {
      calls: { unit: 'count', kind: 'exact' },
      deadlineMs: { unit: 'ms', kind: 'exact' },
      attempts: { unit: 'count', kind: 'exact', description: 'sent by the client, retries included' },
      executions: { unit: 'count', kind: 'exact', description: 'Mult executed on the server' },
      duplicates: { unit: 'count', kind: 'exact', better: 'lower', description: 'executions - calls' },
    },
    rows: rows.map((r) => ({ ...r })),
  });
}

function failuresFindings(rows: FailureRow[]): string[] {
  const out: string[] = [];
  for (const variant of ['retry', 'retry-with-key'] as const) {
    const mine = rows.filter((r) => r.variant === variant);
    if (!mine.length) continue;
    const calls = mine.reduce((a, r) => a + r.calls, 0);
    const attempts = mine.reduce((a, r) => a + r.attempts, 0);
    const dup = mine.reduce((a, r) => a + r.duplicates, 0);
    out.push(
      `${variant === 'retry' ? 'Retried without a key' : 'Retried with a request_id'}, ${calls} calls took ` +
        `${attempts} attempts and the server executed Mult ${calls + dup} times: ` +
        (dup
          ? `${dup} ran twice (${listText(mine.filter((r) => r.duplicates).map((r) => r.stack))}).`
          : 'none ran twice.'),
    );
  }
  const saw = rows.filter((r) => r.variant === 'retry' && r.clientSaw);
  if (saw.length) {
    out.push(`At the deadline the client saw: ${saw.map((r) => `“${r.clientSaw}”`).join('; ')}.`);
  }
  return out;
}

function streamingTable(rows: StreamRow[]): Table {
  return table({
    title: 'Many small messages: unary calls, batches, one server stream',
    description:
      'unary: Mult one call at a time; batch: MultBatch with perCall requests per call; stream: one MultMany call ' +
      'whose server streams every answer. Every answer checked. Only the stacks with server streaming.',
    keys: ['stack', 'mode'],
    metrics: {
      messages: { unit: 'count', kind: 'exact' },
      perCall: { unit: 'count', kind: 'exact', description: 'requests per call (stream: answers per call)' },
      seconds: obs('s', 'wall time for all messages', 'lower'),
      messagesPerSecond: obs('msg/s', 'answers per second', 'higher'),
    },
    rows: rows.map((r) => ({
      ...r,
      seconds: Number(r.seconds.toPrecision(4)),
      messagesPerSecond: Math.round(r.messagesPerSecond),
    })),
  });
}

function streamingFindings(rows: StreamRow[]): string[] {
  const out: string[] = [];
  for (const stack of [...new Set(rows.map((r) => r.stack))]) {
    const rate = (mode: string) => rows.find((r) => r.stack === stack && r.mode === mode)?.messagesPerSecond;
    const [u, b, st] = [rate('unary'), rate('batch'), rate('stream')];
    if (u === undefined || b === undefined || st === undefined) continue;
    out.push(
      `${stack}: ${formatNumber(Math.round(st))} answers/s in one server stream, ${formatNumber(Math.round(b))}/s in ` +
        `batches, ${formatNumber(Math.round(u))}/s as unary calls (stream ${times(st / u)} the unary rate).`,
    );
  }
  return out;
}

function killedTable(rows: KilledRow[]): Table {
  return table({
    title: 'A server killed mid-call',
    description:
      'One call per stack in flight on a server process of their own whose handler never answers; the process is ' +
      'killed with SIGKILL once every call reached it. msAfterKill: from the kill to the client’s error (the deadline, ' +
      'deadlineMs, bounds it).',
    keys: ['stack'],
    columns: ['clientSaw'],
    metrics: {
      msAfterKill: obs('ms', 'from the kill to the client’s error', 'lower'),
      deadlineMs: { unit: 'ms', kind: 'exact' },
    },
    rows: rows.map((r) => ({ ...r })),
  });
}

function killedFindings(rows: KilledRow[]): string[] {
  const waited = rows.filter((r) => r.msAfterKill >= 0.9 * r.deadlineMs);
  const noticed = rows.filter((r) => r.msAfterKill < 0.9 * r.deadlineMs);
  const out: string[] = [];
  if (noticed.length) {
    out.push(
      `When the server process was killed mid-call, ${listText(noticed.map((r) => `${r.stack} failed after ${formatNumber(r.msAfterKill)} ms`))} ` +
        '(the kernel closed the connection and the client noticed).',
    );
  }
  if (waited.length) {
    out.push(
      `${listText(waited.map((r) => r.stack))} did not notice the dead server and waited for the ${waited[0].deadlineMs} ms deadline.`,
    );
  }
  return out;
}

/** Calc's tables, charts and findings, from the rows of this run only. */
export function rpcReport(r: RpcResults): { tables: Record<string, Table>; charts: ChartSpec[]; findings: string[] } {
  const tables: Record<string, Table> = {};
  const charts: ChartSpec[] = [];
  const findings: string[] = r.unavailable.map((u) => `${u.stack} was not measured: ${u.reason}.`);
  if (r.unary) {
    tables.unary = unaryTable(
      r.unary,
      'Mult(x, 7) on one kept-alive connection per stack, the next call sent when the last one answered, after a ' +
        'tenth as many warm-up calls. CPU time per call: this process (client) and the server child, over the timed ' +
        'calls only, user + system.',
    );
    findings.push(...unaryFindings(r.unary));
    charts.push(
      barChart({
        name: 'unary-p50',
        title: 'Median latency of one call, per stack',
        rows: r.unary.map((u) => ({ stack: u.stack, p50Us: u.p50Us })),
        x: 'stack',
        y: 'p50Us',
        yTitle: 'median latency (µs)',
        valueLabels: true,
      }),
    );
  }
  if (r.wire) {
    tables.wire = wireTable(
      r.wire,
      ['payload'],
      'Counted on the sockets of a relay between a new client and the server. first*: the first call on the new ' +
        'connection (connection setup included); *PerCall: the mean of the calls after it. overheadShare: the part ' +
        'of the bytes per call that is not the two protobuf messages (headers, framing, and for REST the JSON and ' +
        'base64).',
      { req: 'protobuf MultReq, payload included', resp: 'protobuf MultResp, payload included' },
    );
    findings.push(...wireFindings(r.wire));
    const mine = headerRows(r.wire);
    if (mine.length) {
      tables['wire-headers'] = headersTable(mine, `payload ${mine[0].payload} B`);
      charts.push(headersChart(mine));
      findings.push(...headersFindings(mine));
    }
  }
  if (r.concurrency) {
    tables.concurrency = concurrencyTable(r.concurrency);
    findings.push(...concurrencyFindings(r.concurrency, r.stacks));
    const chart = latencyThroughputChart(r.concurrency);
    if (chart) charts.push(chart);
  }
  if (r.connections) {
    tables.connections = connectionsTable(r.connections);
    findings.push(...connectionsFindings(r.connections, r.stacks));
  }
  if (r.streaming?.length) {
    tables.streaming = streamingTable(r.streaming);
    findings.push(...streamingFindings(r.streaming));
  } else if (r.streaming) {
    findings.push(
      'The streaming table needs a stack with server streaming (gRPC, or Connect over HTTP/2), and none of them ran.',
    );
  }
  if (r.failures) {
    tables.failures = failuresTable(r.failures);
    findings.push(...failuresFindings(r.failures));
  }
  if (r.killed) {
    tables.killed = killedTable(r.killed);
    findings.push(...killedFindings(r.killed));
  }
  return { tables, charts, findings };
}
