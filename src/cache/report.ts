// Lab 03's report: tables, charts and findings from the experiment's typed rows (experiment.ts). Every finding is a
// sentence computed from this run's rows and holds for any subset of policies, workloads and sizes: one policy, two,
// or all (test/cache/report.test.ts runs each finding on those subsets). A gap between policies on a generated
// workload within its sampling noise is reported as such, not as a winner.
import type { ChartSpec } from '../core/charts.js';
import { barChart, lineChart } from '../core/charts.js';
import { table, type Row, type Table } from '../core/table.js';
import { formatBytes, formatNumber, pct } from '../core/units.js';
import { listText, plural, spreadText } from '../core/words.js';
import type { CacheExperiment, HitRow, SpeedRow } from './experiment.js';
import { OFFLINE_POLICY_NAMES } from './policies/index.js';

const policyKeys = ['policy', 'policyParams'];

/** A row for a table: the legend label is not a column (policy and policyParams already name the policy). */
function tableRow<R extends { label: string }>(r: R): Row {
  const row: Record<string, unknown> = { ...r };
  delete row.label;
  return row as Row;
}

/** The report's tables, keyed by name. */
export function cacheTables(x: CacheExperiment, latency: { hitNs: number; missNs: number }): Record<string, Table> {
  const tables: Record<string, Table> = {
    loop: table({
      title: 'The loop 1,2,3,4,5,1,2,3,4,5 through 4 slots',
      description: 'Every key returns just after it was evicted, so recency-based policies never hit.',
      keys: policyKeys,
      metrics: {
        requests: { unit: 'count' },
        hits: { unit: 'count', better: 'higher' },
        hitRate: { unit: 'ratio', better: 'higher' },
      },
      rows: x.loopRows.map(tableRow),
    }),
    hitRates: table({
      title: 'Hit rate per workload, policy and cache size',
      description: 'Hits over all requests, cold misses included (as libCacheSim counts them).',
      keys: ['workload', ...policyKeys, 'cacheSize'],
      metrics: {
        requests: { unit: 'count' },
        hits: { unit: 'count', better: 'higher' },
        hitRate: { unit: 'ratio', better: 'higher' },
        missRatio: { unit: 'ratio', better: 'lower' },
      },
      rows: x.hitRows.map(({ avgAccessNs: _ns, ...r }) => tableRow(r)),
    }),
    latency: table({
      title: `Average access time with hits at ${formatNumber(latency.hitNs)} ns and misses at ${formatNumber(latency.missNs)} ns`,
      description: 'hit rate x hit latency + miss rate x miss latency.',
      keys: ['workload', ...policyKeys, 'cacheSize'],
      metrics: { hitRate: { unit: 'ratio', better: 'higher' }, avgAccessNs: { unit: 'ns', better: 'lower' } },
      rows: x.hitRows.map((r) => ({
        workload: r.workload,
        policy: r.policy,
        policyParams: r.policyParams,
        cacheSize: r.cacheSize,
        hitRate: r.hitRate,
        avgAccessNs: r.avgAccessNs,
      })),
    }),
    throughput: table({
      title: `Simulator speed on a ${formatNumber(x.speedTrace.requests)}-request Zipf trace`,
      description: `Cache of ${x.speedTrace.cacheSize} slots; median of repeated runs after a warm-up.`,
      keys: policyKeys,
      metrics: {
        cacheSize: { unit: 'slots' },
        requests: { unit: 'count' },
        seconds: { unit: 's', better: 'lower' },
        requestsPerSecond: { unit: 'req/s', better: 'higher' },
      },
      rows: x.speedRows.map(tableRow),
    }),
  };
  if (x.ingestRows.length)
    tables.ingest = table({
      title: 'Loading the trace file',
      description:
        'Read in 16 MiB chunks, parsed as bytes and renumbered; median of repeated loads after a warm-up. Memory: the ' +
        'renumbered trace (bytes per request) plus the key table, the read buffer aside.',
      keys: ['trace', 'format'],
      metrics: {
        fileBytes: { unit: 'B' },
        requests: { unit: 'count' },
        distinctKeys: { unit: 'count' },
        seconds: { unit: 's', better: 'lower' },
        linesPerSecond: { unit: 'req/s', better: 'higher' },
        megabytesPerSecond: { unit: 'MB/s', better: 'higher' },
        traceBytesPerRequest: { unit: 'B' },
        keyTableBytes: { unit: 'B' },
        textKeys: { unit: 'count' },
      },
      rows: x.ingestRows.map((r) => ({ ...r })),
    });
  return tables;
}

/** The report's charts: miss-ratio curves (OPT as a dashed reference) and simulator speed. */
export function cacheCharts(x: CacheExperiment): ChartSpec[] {
  const offline = x.runners.filter((r) => OFFLINE_POLICY_NAMES.includes(r.policy)).map((r) => r.label);
  return [
    lineChart({
      name: 'miss-ratio-curves',
      title: 'Miss ratio versus cache size',
      caption: 'Lower is better; the dashed line is the offline optimum no online policy can beat.',
      rows: x.hitRows.map((r) => ({
        workload: r.workload,
        policy: r.label,
        cacheSize: r.cacheSize,
        missRatio: r.missRatio,
      })),
      x: 'cacheSize',
      y: 'missRatio',
      color: 'policy',
      facet: 'workload',
      xScale: 'log',
      xTitle: 'cache size (slots)',
      yTitle: 'miss ratio',
      references: offline,
    }),
    barChart({
      name: 'throughput',
      title: 'Simulated requests per second',
      yScale: 'log',
      rows: x.speedRows.map((r) => ({ policy: r.label, requestsPerSecond: r.requestsPerSecond.median })),
      x: 'policy',
      y: 'requestsPerSecond',
      order: 'descending',
      xTitle: 'policy',
      yTitle: 'requests per second (log)',
    }),
  ];
}

/** One sentence per trace comparing the policies at the middle cache size. */
function traceFinding(x: CacheExperiment, traceName: string): string | undefined {
  const facts = x.traces.find((t) => t.name === traceName);
  const rows = x.hitRows.filter((r) => r.workload === traceName && r.cacheSize === x.middleSize);
  if (!facts || rows.length === 0) return undefined;
  const where = `On ${traceName} (${formatNumber(facts.requests)} requests, ${formatNumber(facts.distinctKeys)} distinct keys) with ${x.middleSize} slots`;
  const online = rows.filter((r) => !OFFLINE_POLICY_NAMES.includes(r.policy));
  const bounds = rows.filter((r) => OFFLINE_POLICY_NAMES.includes(r.policy));
  const bound = bounds.length ? bounds.map((r) => `${r.label}'s upper bound is ${pct(r.hitRate)}`).join(', ') : '';
  if (online.length === 0) return `${where}, ${bounds.map((r) => `${r.label} hit ${pct(r.hitRate)}`).join(', ')}.`;
  if (online.length === 1)
    return `${where}, ${online[0].label} hit ${pct(online[0].hitRate)}${bound ? `; ${bound}` : ''}.`;
  const most = Math.max(...online.map((r) => r.hits));
  const least = Math.min(...online.map((r) => r.hits));
  const names = (hits: number) => online.filter((r) => r.hits === hits).map((r) => r.label);
  if (most === least)
    return `${where}, all ${online.length} online policies hit exactly as often (${pct(online[0].hitRate)})${bound ? `; ${bound}` : ''}.`;
  const rate = (hits: number) => pct(hits / online[0].requests);
  const best = names(most);
  const worst = names(least);
  const requests = online[0].requests;
  const spread = (most - least) / requests;
  // A generated workload is one random draw: two hit rates closer than twice the binomial noise of their difference
  // could swap on another seed, so no policy is called better.
  const p = most / requests;
  const noise = 2 * Math.sqrt((2 * p * (1 - p)) / requests);
  if (!facts.fromFile && spread < noise)
    return (
      `${where}, all ${online.length} online policies hit between ${rate(least)} and ${rate(most)}: on one random ` +
      `trace a gap this small (${pct(spread, 2)}) could be chance${bound ? `; ${bound}` : ''}.`
    );
  return (
    `${where}, ${listText(best)} hit most often (${rate(most)}${best.length > 1 ? ', tied' : ''}) and ${listText(worst)} least ` +
    `(${rate(least)}${worst.length > 1 ? ', tied' : ''}), ${pct(spread, spread < 0.01 ? 2 : 1)} apart` +
    `${bound ? `; ${bound}` : ''}.`
  );
}

/** Says which policy the simulator ran fastest only when the middle halves of their timings do not overlap. */
function speedFinding(rows: readonly SpeedRow[]): string | undefined {
  if (rows.length === 0) return undefined;
  const m = (r: SpeedRow) =>
    `${formatNumber(r.requestsPerSecond.median / 1e6)} M requests/s${spreadText(r.requestsPerSecond)}`;
  if (rows.length === 1)
    return `The simulator ran ${rows[0].label} at ${m(rows[0])} (median of ${rows[0].seconds.n} runs).`;
  const sorted = [...rows].sort((a, b) => b.requestsPerSecond.median - a.requestsPerSecond.median);
  const fastest = sorted[0];
  const slowest = sorted[sorted.length - 1];
  if (fastest.requestsPerSecond.p25 <= slowest.requestsPerSecond.p75)
    return `The simulator ran every policy between ${m(slowest)} and ${m(fastest)}; their timings overlap, so this run can't tell which is fastest.`;
  return `The simulator ran ${fastest.label} fastest at ${m(fastest)} and ${slowest.label} slowest at ${m(slowest)}.`;
}

/** The report's findings. */
export function cacheFindings(x: CacheExperiment): string[] {
  const out: string[] = [];
  if (x.loopRows.length)
    out.push(
      `On the loop 1..5 twice with 4 slots, hits out of 10 requests were: ${x.loopRows.map((r) => `${r.label} ${r.hits}`).join(', ')}.`,
    );
  for (const t of x.traces) {
    const line = traceFinding(x, t.name);
    if (line) out.push(line);
  }
  for (const t of x.traces.filter((f) => f.fromFile)) {
    const curve = (label: string) =>
      x.hitRows
        .filter((r: HitRow) => r.workload === t.name && r.label === label)
        .map((r) => `${pct(r.hitRate)} at ${r.cacheSize} slots`);
    const first = x.runners.find((r) => !OFFLINE_POLICY_NAMES.includes(r.policy));
    if (first) out.push(`${first.label} on ${t.name}: ${listText(curve(first.label))}.`);
  }
  for (const r of x.ingestRows) {
    out.push(
      `Loading ${r.trace} (${formatBytes(r.fileBytes)}, ${r.format}, ${plural(r.requests, 'request')}) took ` +
        `${formatNumber(r.seconds.median * 1000)} ms${spreadText(r.seconds)}: ${formatNumber(r.linesPerSecond.median / 1e6)} M requests/s, ` +
        `${formatNumber(r.megabytesPerSecond.median)} MB/s, holding ${r.traceBytesPerRequest} bytes per request ` +
        `plus a ${formatBytes(r.keyTableBytes)} key table.`,
    );
  }
  const speed = speedFinding(x.speedRows);
  if (speed) out.push(speed);
  return out;
}
