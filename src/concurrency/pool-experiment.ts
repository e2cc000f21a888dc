// Runs the thread-pool experiment with piscina: the same CPU-bound job (count the primes below `upTo`) with 1..N
// threads working, for speedup, efficiency and Amdahl's serial fraction; then with one thread per core, cut into tiny
// tasks (one message each) and into the same tiny tasks batched, to show per-task dispatch overhead. One pool of
// max(N) threads serves every run (starting a TypeScript-loading thread costs a fraction of a second); a run with n
// threads keeps at most n tasks in flight, so at most n threads work at a time. Rounds are timed by the core timing
// engine, wall clock in the main thread (a round is the whole job, as a user of the pool waits for it).
// Tests: test/concurrency/pool.test.ts.
import type { Piscina as PiscinaPool } from 'piscina';
import type { Progress } from '../core/progress.js';
import { mapSummary, type Summary } from '../core/stats.js';
import { measure } from '../core/timing.js';
import { fitSerialFraction, karpFlatt } from './amdahl.js';
import { batches, cutRanges } from './primes.js';
import { BOOT_URL, tsWorkerOptions, withTimeout } from './ts-worker.js';

const TASK = new URL('./primes-task.ts', import.meta.url);

export interface PoolOptions {
  threads: number[];
  upTo: number;
  /** Tasks the job is cut into for the scaling runs (more tasks than threads, so threads stay busy to the end). */
  chunks: number;
  /** Numbers per task in the tiny-task runs, and tiny ranges per message in the batched runs. */
  tinySize: number;
  batchSize: number;
  /** Threads for the granularity runs (normally the core count). */
  granularityThreads: number;
  warmup: number;
  repeats: number;
  timeoutMs: number;
  /** Opens a progress bar; the experiment gives it the number of rounds it will run. */
  progress?: (label: string, total: number) => Progress;
}

export type ScalingRow = {
  threads: number;
  tasks: number;
  primes: number;
  seconds: Summary;
  speedup: number;
  efficiency: number;
  /** Serial fraction implied by this one speedup (Karp-Flatt); null for 1 thread. */
  karpFlatt: number | null;
};

export type GranularityRow = {
  split: 'coarse' | 'tiny' | 'tiny-batched';
  threads: number;
  tasks: number;
  numbersPerTask: number;
  primes: number;
  seconds: Summary;
  /**
   * (seconds - coarse median seconds) / (tasks - coarse tasks), per timed round: what each extra task cost; null with
   * no more tasks than coarse.
   */
  overheadPerTask: Summary | null;
};

export type PoolResult = {
  scaling: ScalingRow[];
  granularity: GranularityRow[];
  /** Least-squares Amdahl serial fraction over thread counts up to the core count. */
  serialFraction: number | undefined;
  cores: number;
};

/** A piscina pool whose threads run primes-task.ts through tsx, as the lab's main thread does. */
export async function createPrimePool(threads: number): Promise<PiscinaPool> {
  const { Piscina } = await import('piscina');
  return new Piscina({
    filename: BOOT_URL.href,
    ...tsWorkerOptions(TASK),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
}

/**
 * Runs the tasks on the pool with at most `inFlight` submitted at once (each completion submits the next); resolves
 * to the total count, or rejects after timeoutMs, with the pool destroyed so that no thread keeps running.
 */
export async function runTasks(
  pool: PiscinaPool,
  tasks: [number, number][][],
  inFlight: number,
  timeoutMs: number,
): Promise<number> {
  let next = 0;
  let total = 0;
  const lane = async () => {
    while (next < tasks.length) {
      // Not `total += await ...`: that reads `total` before the await and would lose the other lanes' additions.
      const count = (await pool.run(tasks[next++])) as number;
      total += count;
    }
  };
  const all = Promise.all(Array.from({ length: Math.min(inFlight, tasks.length) }, lane)).then(() => total);
  return withTimeout(all, timeoutMs, `${tasks.length} pool tasks`, () => void pool.destroy());
}

/** Thread counts of the scaling runs: 1 (the base of every speedup) and the ones asked for, ascending. */
const scalingCounts = (o: PoolOptions): number[] => [...new Set([1, ...o.threads])].sort((a, b) => a - b);

/** Rounds the experiment runs (warm-up included): the scaling runs and the three granularity runs. */
export const poolRounds = (o: PoolOptions): number => (scalingCounts(o).length + 3) * (o.warmup + o.repeats);

async function timeTasks(
  pool: PiscinaPool,
  tasks: [number, number][][],
  threads: number,
  o: PoolOptions,
  tick: () => void,
): Promise<{ primes: number; seconds: Summary }> {
  let primes = 0;
  const seconds = await measure(
    async () => {
      primes = await runTasks(pool, tasks, threads, o.timeoutMs);
    },
    { warmup: o.warmup, repeats: o.repeats, after: tick },
  );
  return { primes, seconds };
}

export async function runPoolExperiment(o: PoolOptions, cores: number): Promise<PoolResult> {
  const counts = scalingCounts(o);
  const bar = o.progress?.('pool', poolRounds(o));
  const tick = () => bar?.tick();
  const pool = await createPrimePool(Math.max(...counts, o.granularityThreads));
  try {
    const coarseSize = Math.ceil((o.upTo - 2) / o.chunks);
    const coarse = cutRanges(2, o.upTo, coarseSize).map((r) => [r]);
    const scaling: ScalingRow[] = [];
    let base: number | undefined;
    for (const threads of counts) {
      const { primes, seconds } = await timeTasks(pool, coarse, threads, o, tick);
      base ??= seconds.median;
      const speedup = base / seconds.median;
      if (o.threads.includes(threads)) {
        scaling.push({
          threads,
          tasks: coarse.length,
          primes,
          seconds,
          speedup,
          efficiency: speedup / threads,
          karpFlatt: threads > 1 ? karpFlatt(speedup, threads) : null,
        });
      }
    }
    const tiny = cutRanges(2, o.upTo, o.tinySize);
    const splits: [GranularityRow['split'], [number, number][][], number][] = [
      ['coarse', coarse, coarseSize],
      ['tiny', tiny.map((r) => [r]), o.tinySize],
      ['tiny-batched', batches(tiny, o.batchSize), o.tinySize * o.batchSize],
    ];
    const granularity: GranularityRow[] = [];
    let coarseSeconds = 0;
    for (const [split, tasks, numbersPerTask] of splits) {
      const { primes, seconds } = await timeTasks(pool, tasks, o.granularityThreads, o, tick);
      if (split === 'coarse') coarseSeconds = seconds.median;
      granularity.push({
        split,
        threads: o.granularityThreads,
        tasks: tasks.length,
        numbersPerTask,
        primes,
        seconds,
        overheadPerTask:
          tasks.length > coarse.length
            ? mapSummary(seconds, (s) => (s - coarseSeconds) / (tasks.length - coarse.length))
            : null,
      });
    }
    const serialFraction = fitSerialFraction(scaling.filter((r) => r.threads <= cores));
    return { scaling, granularity, serialFraction, cores };
  } finally {
    bar?.done();
    await pool.destroy().catch(() => undefined);
  }
}
