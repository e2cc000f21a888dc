// Lab 03: cache eviction policies. Replays synthetic workloads and real traces through FIFO, LRU, Random, CLOCK,
// LFU, SIEVE, S3-FIFO, ARC and Belady's OPT over a sweep of cache sizes. Logic: src/cache/. Handout:
// labs/03-cache-policies.md. Tests: test/cache/.
import {
  barChart,
  defineLab,
  lineChart,
  mapSummary,
  measureSync,
  p,
  pct,
  formatNumber,
  runIfMain,
  table,
  type Row,
} from '../src/core/index.js';
import { loadPolicyFile } from '../src/cache/load-policy.js';
import type { PolicyDefinition } from '../src/cache/policy.js';
import { builtinPolicies, builtinPolicyNames } from '../src/cache/policies/index.js';
import { averageAccessNs, simulate } from '../src/cache/simulate.js';
import { distinctKeys, readTrace, type Trace } from '../src/cache/trace.js';
import { loopTrace, scanTrace, shiftTrace, uniformTrace, zipfTrace } from '../src/cache/workloads.js';

const workloadNames = ['uniform', 'zipf', 'shift', 'scan'] as const;

const lab = defineLab({
  id: '03',
  slug: 'cache-policies',
  title: 'Cache eviction policies',
  summary: 'hit rates and miss-ratio curves of FIFO, LRU, CLOCK, SIEVE, S3-FIFO, ARC and more against the optimum',
  libraries: ['csv-parse'],
  params: {
    policies: p.enumList({
      values: builtinPolicyNames,
      default: [...builtinPolicyNames],
      description: 'built-in policies to run',
    }),
    policyFile: p.path({
      description: 'your own policy (a .ts file exporting a PolicyDefinition), run beside the built-ins',
    }),
    workloads: p.enumList({
      values: workloadNames,
      default: [...workloadNames],
      description: 'synthetic workloads to generate (the loop case always runs)',
    }),
    trace: p.path({ description: 'a real trace: one key per line, or CSV with --trace-column' }),
    traceColumn: p.string({ description: 'CSV column holding the key: a header name or a 0-based index' }),
    sizes: p.intList({
      default: [100, 300, 1000, 3000, 10000],
      quick: [100, 1000, 10000],
      min: 1,
      max: 100_000_000,
      description: 'cache sizes (slots) to sweep',
    }),
    keys: p.int({ default: 20_000, min: 2, max: 10_000_000, description: 'distinct keys in the synthetic workloads' }),
    requests: p.int({
      default: 1_000_000,
      quick: 100_000,
      min: 1,
      max: 500_000_000,
      description: 'requests per synthetic workload',
    }),
    alpha: p.number({ default: 0.9, min: 0, max: 5, description: 'Zipf skew (0 = uniform, larger = more skewed)' }),
    hitNs: p.number({ default: 100, min: 0, max: 1e12, description: 'latency of a hit in ns, for the latency table' }),
    missNs: p.number({
      default: 100_000,
      min: 0,
      max: 1e12,
      description: 'latency of a miss in ns, for the latency table',
    }),
    throughputRequests: p.int({
      default: 10_000_000,
      quick: 1_000_000,
      min: 1000,
      max: 500_000_000,
      description: 'length of the Zipf trace timed in the throughput table',
    }),
  },
  async run(ctx) {
    const { params } = ctx;
    if (params.traceColumn !== undefined && params.trace === undefined) {
      ctx.log('--trace-column is ignored without --trace');
    }
    const policies: PolicyDefinition[] = params.policies.map((name) => builtinPolicies[name]);
    if (params.policyFile) policies.push(await loadPolicyFile(params.policyFile, builtinPolicyNames));

    const rng = ctx.rng;
    const traces: Trace[] = [];
    for (const w of params.workloads) {
      const r = rng.fork(w);
      if (w === 'uniform') traces.push(uniformTrace(params.keys, params.requests, r));
      if (w === 'zipf') traces.push(zipfTrace(params.keys, params.requests, params.alpha, r));
      if (w === 'shift') traces.push(shiftTrace(params.keys, params.requests, params.alpha, r));
      if (w === 'scan') traces.push(scanTrace(params.keys, params.requests, params.alpha, r));
    }
    const userTrace = params.trace ? readTrace(params.trace, params.traceColumn) : undefined;
    if (userTrace) traces.push(userTrace);

    // The loop case: keys 1..5 twice through 4 slots.
    const loop = loopTrace(5, 2);
    const loopRows: Row[] = policies.map((policy) => {
      const r = simulate(policy, 4, loop, ctx.seed);
      return { policy: policy.name, requests: r.requests, hits: r.hits, hitRate: r.hitRate };
    });

    const bar = ctx.progress('simulating', traces.length * policies.length * params.sizes.length + policies.length);
    const hitRows: Row[] = [];
    for (const trace of traces) {
      for (const policy of policies) {
        for (const size of params.sizes) {
          const r = simulate(policy, size, trace, ctx.seed);
          hitRows.push({
            workload: trace.name,
            policy: policy.name,
            cacheSize: size,
            requests: r.requests,
            hits: r.hits,
            hitRate: r.hitRate,
            missRatio: 1 - r.hitRate,
          });
          bar.tick();
        }
      }
    }

    const latencyRows: Row[] = hitRows.map((row) => ({
      workload: row.workload,
      policy: row.policy,
      cacheSize: row.cacheSize,
      hitRate: row.hitRate,
      avgAccessNs: averageAccessNs(row.hitRate as number, params.hitNs, params.missNs),
    }));

    // Simulator speed: one Zipf trace, every policy, repeated runs.
    const speedTrace = zipfTrace(params.keys, params.throughputRequests, params.alpha, rng.fork('throughput'));
    const speedSize = Math.max(1, Math.floor(params.keys / 10));
    const throughputRows: Row[] = policies.map((policy) => {
      const seconds = measureSync(() => simulate(policy, speedSize, speedTrace, ctx.seed), {
        warmup: 1,
        repeats: ctx.quick ? 3 : 5,
      });
      bar.tick();
      return {
        policy: policy.name,
        cacheSize: speedSize,
        requests: speedTrace.keys.length,
        seconds,
        requestsPerSecond: mapSummary(seconds, (s) => speedTrace.keys.length / s),
      };
    });
    bar.done();

    return {
      tables: {
        loop: table({
          title: 'The loop 1,2,3,4,5,1,2,3,4,5 through 4 slots',
          description: 'Every key returns just after it was evicted, so recency-based policies never hit.',
          keys: ['policy'],
          metrics: {
            requests: { unit: 'count' },
            hits: { unit: 'count', better: 'higher' },
            hitRate: { unit: 'ratio', better: 'higher' },
          },
          rows: loopRows,
        }),
        hitRates: table({
          title: 'Hit rate per workload, policy and cache size',
          description: 'Hits over all requests, cold misses included.',
          keys: ['workload', 'policy', 'cacheSize'],
          metrics: {
            requests: { unit: 'count' },
            hits: { unit: 'count', better: 'higher' },
            hitRate: { unit: 'ratio', better: 'higher' },
            missRatio: { unit: 'ratio', better: 'lower' },
          },
          rows: hitRows,
        }),
        latency: table({
          title: `Average access time with hits at ${formatNumber(params.hitNs)} ns and misses at ${formatNumber(params.missNs)} ns`,
          description: 'hit rate x hit latency + miss rate x miss latency.',
          keys: ['workload', 'policy', 'cacheSize'],
          metrics: { hitRate: { unit: 'ratio', better: 'higher' }, avgAccessNs: { unit: 'ns', better: 'lower' } },
          rows: latencyRows,
        }),
        throughput: table({
          title: `Simulator speed on a ${formatNumber(speedTrace.keys.length)}-request Zipf trace`,
          description: `Cache of ${speedSize} slots; median of repeated runs after a warm-up.`,
          keys: ['policy'],
          metrics: {
            cacheSize: { unit: 'slots' },
            requests: { unit: 'count' },
            seconds: { unit: 's', better: 'lower' },
            requestsPerSecond: { unit: 'req/s', better: 'higher' },
          },
          rows: throughputRows,
        }),
      },
      charts: [
        lineChart({
          name: 'miss-ratio-curves',
          title: 'Miss ratio versus cache size',
          rows: hitRows,
          x: 'cacheSize',
          y: 'missRatio',
          color: 'policy',
          facet: 'workload',
          xScale: 'log',
          xTitle: 'cache size (slots)',
          yTitle: 'miss ratio',
        }),
        barChart({
          name: 'throughput',
          title: 'Simulated requests per second',
          yScale: 'log',
          rows: throughputRows.map((r) => ({
            policy: r.policy,
            requestsPerSecond: (r.requestsPerSecond as { median: number }).median,
          })),
          x: 'policy',
          y: 'requestsPerSecond',
          xTitle: 'policy',
          yTitle: 'requests per second (log)',
        }),
      ],
      findings: findings(loopRows, hitRows, throughputRows, traces, userTrace, params.sizes),
    };
  },
});

function findings(
  loopRows: Row[],
  hitRows: Row[],
  speedRows: Row[],
  traces: Trace[],
  userTrace: Trace | undefined,
  sizes: number[],
): string[] {
  const out: string[] = [];
  const loopHits = loopRows.map((r) => `${r.policy} ${r.hits}`).join(', ');
  out.push(`On the loop 1..5 twice with 4 slots, hits out of 10 requests were: ${loopHits}.`);
  const mid = sizes[Math.floor((sizes.length - 1) / 2)];
  for (const trace of traces) {
    const rows = hitRows.filter((r) => r.workload === trace.name && r.cacheSize === mid);
    const online = rows.filter((r) => r.policy !== 'opt').sort((a, b) => (b.hitRate as number) - (a.hitRate as number));
    const best = online[0];
    const worst = online.at(-1);
    const optRow = rows.find((r) => r.policy === 'opt');
    if (!best || !worst) continue;
    const spread = (best.hitRate as number) - (worst.hitRate as number);
    if (spread < 0.005) {
      out.push(
        `On ${trace.name} with ${mid} slots, every online policy hit ${pct(best.hitRate as number)} give or take ${pct(spread, 2)}: ` +
          `without reuse patterns to exploit, only the cache's share of the keys matters` +
          (optRow ? `, while OPT reaches ${pct(optRow.hitRate as number)} by knowing the future.` : '.'),
      );
      continue;
    }
    out.push(
      `On ${trace.name} (${formatNumber(trace.keys.length)} requests, ${formatNumber(distinctKeys(trace))} distinct keys) with ${mid} slots, ` +
        `${best.policy} hit most often (${pct(best.hitRate as number)}) and ${worst.policy} least (${pct(worst.hitRate as number)})` +
        (optRow ? `; OPT's upper bound is ${pct(optRow.hitRate as number)}.` : '.'),
    );
  }
  if (userTrace) {
    const lruRows = hitRows.filter((r) => r.workload === userTrace.name && r.policy === 'lru');
    if (lruRows.length)
      out.push(
        `LRU on ${userTrace.name}: ${lruRows.map((r) => `${pct(r.hitRate as number)} at ${r.cacheSize} slots`).join(', ')}.`,
      );
  }
  const rate = (r: Row) => (r.requestsPerSecond as { median: number }).median;
  const sorted = [...speedRows].sort((a, b) => rate(b) - rate(a));
  const fastest = sorted[0];
  const slowest = sorted.at(-1);
  if (fastest && slowest) {
    out.push(
      `The simulator ran ${fastest.policy} fastest at ${formatNumber(rate(fastest) / 1e6)} M requests/s and ${slowest.policy} slowest at ${formatNumber(rate(slowest) / 1e6)} M requests/s.`,
    );
  }
  return out;
}

export default lab;
await runIfMain(import.meta.url, lab);
