// Lab 03's experiment: loads the traces (synthetic workloads and the user's file, its loading timed), replays each
// through every chosen policy at every cache size, runs the 1..5 loop, and times the simulator on a Zipf trace. It
// returns typed rows for report.ts; the progress total comes from cacheSteps(), which counts the same work.
// Built-in policies run in this process; a student's policy file runs in a sandbox worker (load-policy.ts).
// Tests: test/cache/report.test.ts (which runs it on small sweeps), test/cache/lab.test.ts.
import type { Progress } from '../core/progress.js';
import type { Rng } from '../core/rng.js';
import type { Summary } from '../core/stats.js';
import { mapSummary } from '../core/stats.js';
import { measureSync } from '../core/timing.js';
import { loadPolicyFile } from './load-policy.js';
import { builtinPolicies, BUILTIN_POLICY_NAMES } from './policies/index.js';
import { prepareZstd } from './oracle-general.js';
import { parsePolicyList, type PolicyChoice } from './policy-spec.js';
import { averageAccessNs, simulate, type SimResult } from './simulate.js';
import { distinctKeys, readTrace, type IngestInfo, type Trace, type TraceFormat } from './trace.js';
import { loopTrace, scanTrace, shiftTrace, uniformTrace, zipfTrace } from './workloads.js';

export const WORKLOAD_NAMES = ['uniform', 'zipf', 'shift', 'scan'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** The lab's parameters, as the experiment reads them. */
export interface CacheParams {
  /** Resolved --policies texts ("lru", "s3fifo:small=0.1,ghost=0.9,threshold=2"). */
  policies: readonly string[];
  policyFile: readonly string[];
  workloads: readonly WorkloadName[];
  trace?: string;
  traceColumn?: string;
  /** 'auto' (or absent): detected from the file name. */
  traceFormat?: TraceFormat | 'auto';
  sizes: readonly number[];
  keys: number;
  requests: number;
  alpha: number;
  hitNs: number;
  missNs: number;
  throughputRequests: number;
}

/** One policy the experiment runs, built-in or a student's: how rows name it and how to run it. */
export interface PolicyRunner {
  /** Definition name (a row key). */
  policy: string;
  /** Every parameter as k=v ("" when none; a row key). */
  policyParams: string;
  /** Name plus changed parameters, for legends and findings. */
  label: string;
  simulate(runs: readonly { trace: Trace; capacity: number }[], seed: number): Promise<SimResult[]>;
  throughput(trace: Trace, capacity: number, seed: number, warmup: number, repeats: number): Promise<Summary>;
}

interface PolicyKey {
  policy: string;
  policyParams: string;
  /** Legend label (not a table column). */
  label: string;
}
export type LoopRow = PolicyKey & { requests: number; hits: number; hitRate: number };
export type HitRow = PolicyKey & {
  workload: string;
  cacheSize: number;
  requests: number;
  hits: number;
  hitRate: number;
  missRatio: number;
  /** hit rate x hit latency + miss rate x miss latency. */
  avgAccessNs: number;
};
export type SpeedRow = PolicyKey & {
  cacheSize: number;
  requests: number;
  seconds: Summary;
  requestsPerSecond: Summary;
};
export interface IngestRow {
  trace: string;
  format: string;
  fileBytes: number;
  requests: number;
  distinctKeys: number;
  seconds: Summary;
  linesPerSecond: Summary;
  megabytesPerSecond: Summary;
  /** Bytes of the renumbered trace per request (an Int32Array: 4). */
  traceBytesPerRequest: number;
  /** Bytes of the integer key table's typed arrays. */
  keyTableBytes: number;
  /** Distinct keys that took the slower text path. */
  textKeys: number;
}
export interface TraceFacts {
  name: string;
  requests: number;
  distinctKeys: number;
  /** The user's file rather than a generated workload. */
  fromFile: boolean;
}

export interface CacheExperiment {
  runners: PolicyRunner[];
  traces: TraceFacts[];
  loopRows: LoopRow[];
  hitRows: HitRow[];
  speedRows: SpeedRow[];
  ingestRows: IngestRow[];
  speedTrace: { requests: number; cacheSize: number };
  /** The cache size the findings compare policies at: the middle of the sweep. */
  middleSize: number;
}

/** Runs built-in policies in this process. */
export function builtinRunner(choice: PolicyChoice): PolicyRunner {
  const { definition, params } = choice;
  return {
    policy: definition.name,
    policyParams: choice.paramText,
    label: choice.label,
    simulate: (runs, seed) => Promise.resolve(runs.map((r) => simulate(definition, r.capacity, r.trace, seed, params))),
    throughput: (trace, capacity, seed, warmup, repeats) =>
      Promise.resolve(measureSync(() => simulate(definition, capacity, trace, seed, params), { warmup, repeats })),
  };
}

/** Progress steps: one per (trace, policy, size) simulation and one per policy timed. */
export function cacheSteps(params: CacheParams): number {
  const policies = params.policies.length + params.policyFile.length;
  const traces = params.workloads.length + (params.trace === undefined ? 0 : 1);
  return traces * policies * params.sizes.length + policies;
}

function workloadTrace(name: WorkloadName, p: CacheParams, rng: Rng): Trace {
  if (name === 'uniform') return uniformTrace(p.keys, p.requests, rng);
  if (name === 'zipf') return zipfTrace(p.keys, p.requests, p.alpha, rng);
  if (name === 'shift') return shiftTrace(p.keys, p.requests, p.alpha, rng);
  return scanTrace(p.keys, p.requests, p.alpha, rng);
}

/** Loads the user's trace under the timing engine (a warm-up, then repeats); the last load is the one simulated. */
function loadUserTrace(p: CacheParams & { trace: string }, quick: boolean): { trace: Trace; row: IngestRow } {
  let loaded: { trace: Trace; info: IngestInfo } | undefined;
  const format = p.traceFormat === 'auto' ? undefined : p.traceFormat;
  const load = () => (loaded = readTrace(p.trace, { column: p.traceColumn, format }));
  // The first load is the warm-up (and fails fast on a bad file); a big trace stops after 2 s of timed loads.
  load();
  const seconds = measureSync(load, { warmup: 0, repeats: quick ? 3 : 5, maxSeconds: 2, minRounds: 2 });
  if (!loaded) throw new Error('unreachable: the trace was loaded above');
  const { trace, info } = loaded;
  return {
    trace,
    row: {
      trace: trace.name,
      format: info.compressed ? `${info.format}.zst` : info.format,
      fileBytes: info.fileBytes,
      requests: info.requests,
      distinctKeys: info.keySpace,
      seconds,
      linesPerSecond: mapSummary(seconds, (s) => info.requests / s),
      megabytesPerSecond: mapSummary(seconds, (s) => info.fileBytes / 1e6 / s),
      traceBytesPerRequest: info.traceBytes / info.requests,
      keyTableBytes: info.keyTableBytes,
      textKeys: info.otherKeys,
    },
  };
}

/** What the experiment needs from the lab's context. */
export interface CacheContext {
  seed: number;
  rng: Rng;
  quick: boolean;
  progress(label: string, total: number): Progress;
  log(message: string): void;
}

/** Runs the whole sweep; see the file's opening comment. */
export async function runCacheExperiment(p: CacheParams, ctx: CacheContext): Promise<CacheExperiment> {
  if (p.traceColumn !== undefined && p.trace === undefined) ctx.log('--trace-column is ignored without --trace');
  const choices = parsePolicyList(p.policies.join(','), builtinPolicies);
  const runners: PolicyRunner[] = choices.map(builtinRunner);
  for (const file of p.policyFile) {
    const student = await loadPolicyFile(file, [...BUILTIN_POLICY_NAMES, ...runners.map((r) => r.policy)]);
    runners.push({ policy: student.name, policyParams: '', label: student.name, ...student });
  }

  const traces: Trace[] = p.workloads.map((w) => workloadTrace(w, p, ctx.rng.fork(w)));
  const ingestRows: IngestRow[] = [];
  if (p.trace !== undefined) {
    await prepareZstd();
    const user = loadUserTrace({ ...p, trace: p.trace }, ctx.quick);
    traces.push(user.trace);
    ingestRows.push(user.row);
  }

  const bar = ctx.progress('simulating', cacheSteps(p));
  const loop = loopTrace(5, 2);
  const loopRows: LoopRow[] = [];
  const hitRows: HitRow[] = [];
  for (const runner of runners) {
    const key = { policy: runner.policy, policyParams: runner.policyParams, label: runner.label };
    const [loopResult] = await runner.simulate([{ trace: loop, capacity: 4 }], ctx.seed);
    loopRows.push({ ...key, requests: loopResult.requests, hits: loopResult.hits, hitRate: loopResult.hitRate });
  }
  for (const trace of traces) {
    for (const runner of runners) {
      const results = await runner.simulate(
        p.sizes.map((capacity) => ({ trace, capacity })),
        ctx.seed,
      );
      results.forEach((r, i) => {
        hitRows.push({
          workload: trace.name,
          policy: runner.policy,
          policyParams: runner.policyParams,
          label: runner.label,
          cacheSize: p.sizes[i],
          requests: r.requests,
          hits: r.hits,
          hitRate: r.hitRate,
          missRatio: 1 - r.hitRate,
          avgAccessNs: averageAccessNs(r.hitRate, p.hitNs, p.missNs),
        });
        bar.tick();
      });
    }
  }

  // Simulator speed: one Zipf trace, every policy, repeated runs.
  const speed = zipfTrace(p.keys, p.throughputRequests, p.alpha, ctx.rng.fork('throughput'));
  const speedSize = Math.max(1, Math.floor(p.keys / 10));
  const speedRows: SpeedRow[] = [];
  for (const runner of runners) {
    const seconds = await runner.throughput(speed, speedSize, ctx.seed, 1, ctx.quick ? 3 : 5);
    speedRows.push({
      policy: runner.policy,
      policyParams: runner.policyParams,
      label: runner.label,
      cacheSize: speedSize,
      requests: speed.keys.length,
      seconds,
      requestsPerSecond: mapSummary(seconds, (s) => speed.keys.length / s),
    });
    bar.tick();
  }
  bar.done();

  return {
    runners,
    traces: traces.map((t, i) => ({
      name: t.name,
      requests: t.keys.length,
      distinctKeys: distinctKeys(t),
      fromFile: p.trace !== undefined && i === traces.length - 1,
    })),
    loopRows,
    hitRows,
    speedRows,
    ingestRows,
    speedTrace: { requests: speed.keys.length, cacheSize: speedSize },
    middleSize: p.sizes[Math.floor((p.sizes.length - 1) / 2)],
  };
}
