// Lab 03: cache eviction policies. Replays synthetic workloads and a real trace (txt, CSV or libCacheSim's
// oracleGeneral) through FIFO, LRU, Random, CLOCK, LFU, SIEVE, S3-FIFO, ARC and Belady's OPT over a sweep of cache
// sizes. Experiment: src/cache/experiment.ts; report: src/cache/report.ts. Handout: labs/03-cache-policies.md.
// Tests: test/cache/lab.test.ts, test/cache/report.test.ts.
import { defineLab, p, runIfMain } from '../src/core/index.js';
import { cacheBudget } from '../src/cache/budget.js';
import { runCacheExperiment, WORKLOAD_NAMES } from '../src/cache/experiment.js';
import { builtinPolicies } from '../src/cache/policies/index.js';
import { policyFilesParam, policyListParam } from '../src/cache/policy-spec.js';
import { cacheCharts, cacheFindings, cacheTables } from '../src/cache/report.js';
import { TRACE_FORMATS } from '../src/cache/trace.js';

const lab = defineLab({
  id: '03',
  slug: 'cache-policies',
  title: 'Cache eviction policies',
  summary: 'hit rates and miss-ratio curves of FIFO, LRU, CLOCK, SIEVE, S3-FIFO, ARC and more against the optimum',
  libraries: ['csv-parse', 'fzstd', '@bokuweb/zstd-wasm'],
  params: {
    policies: policyListParam(builtinPolicies, 'built-in policies to run, with parameters as libCacheSim takes them'),
    policyFile: policyFilesParam(
      'your own policies (.ts files exporting a PolicyDefinition), run beside the built-ins',
    ),
    workloads: p.enumList({
      values: WORKLOAD_NAMES,
      default: [...WORKLOAD_NAMES],
      description: 'synthetic workloads to generate (the loop case always runs)',
    }),
    trace: p.path({ description: 'a real trace: one key per line, CSV with --trace-column, or oracleGeneral (.zst)' }),
    traceColumn: p.string({ description: 'CSV column holding the key: a header name or a 0-based index' }),
    traceFormat: p.enum({
      values: ['auto', ...TRACE_FORMATS],
      default: 'auto',
      description: 'trace format; auto: .csv is csv, names with oracleGeneral or .bin (optionally .zst) are binary',
    }),
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
  budget: cacheBudget, // memory and disk estimated before any work: src/cache/budget.ts
  async run(ctx) {
    const experiment = await runCacheExperiment(ctx.params, ctx);
    return {
      tables: cacheTables(experiment, ctx.params),
      charts: cacheCharts(experiment),
      findings: cacheFindings(experiment),
    };
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
