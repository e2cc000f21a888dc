// Runs the thread-pool experiment with piscina: the same CPU-bound job (count the primes below `upTo`) with 1..N
// threads working, for speedup, efficiency and Amdahl's serial fraction; then with one thread per core, cut into tiny
// tasks (one message each) and into the same tiny tasks batched, to show per-task dispatch overhead. Every thread
// count runs on its own pool of exactly that many threads, each thread booted (tsx registered, the task module loaded
// and run once) before the first round, and a run with n threads keeps n tasks in flight. Rounds are timed by the core
// timing engine, wall clock in the main thread (a round is the whole job, as a user of the pool waits for it).
// Speedups compare medians of runs of the same tasks that found the same primes (scalingRows).
// Why own booted pools: one pool of max(N) threads used to serve every run, so the 1-thread base rounds ran first,
// while piscina was still handing tasks to threads loading TypeScript, and on a pool whose other 63 threads made even
// a booted 1-in-flight run about ten times slower than on a 1-thread pool; the speedups over that base were inflated
// (526x reported with 64 threads on 2 cores).
// Tests: test/concurrency/pool.test.ts, test/concurrency/speedup.test.ts.
import type { Piscina as PiscinaPool } from 'piscina';
import type { Progress } from '../core/progress.js';
import { mapSummary, type Summary } from '../core/stats.js';
import { measure } from '../core/timing.js';
import { fitSerialFraction, karpFlatt } from './amdahl.js';
import { batches, cutRanges } from './primes.js';
import { BOOT_URL, TimeoutError, tsWorkerOptions, withTimeout } from './ts-worker.js';

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

/**
 * Starts every one of the pool's `threads` threads and waits until each has loaded the task and run it once: as many
 * small tasks as threads at once, which piscina's least-busy balancer gives one per idle thread; a thread still
 * loading answers only once it is done. Resolves to the primes counted (threads x 25), or rejects after timeoutMs.
 */
export async function bootPool(pool: PiscinaPool, threads: number, timeoutMs: number): Promise<number> {
  const tasks = Array.from({ length: threads }, (): [number, number][] => [[2, 100]]);
  return runTasks(pool, tasks, threads, timeoutMs).catch((error: unknown) => {
    if (!(error instanceof TimeoutError)) throw error;
    throw new TimeoutError(`starting ${threads} pool threads did not finish within ${timeoutMs} ms`);
  });
}

/** One run of the scaling experiment: the same coarse tasks with at most `threads` in flight. */
export type ScalingRun = { threads: number; tasks: number; primes: number; seconds: Summary };

/**
 * The scaling rows for the thread counts asked for, from the runs (which must include 1 thread, the base): speedup =
 * median seconds of the 1-thread run / median seconds of the n-thread run, efficiency = speedup / n, Karp-Flatt for
 * n > 1. Throws when a run did other work than the base (other task count or prime count): its time is not
 * comparable.
 */
export function scalingRows(runs: readonly ScalingRun[], asked: readonly number[]): ScalingRow[] {
  const base = runs.find((x) => x.threads === 1);
  if (!base) throw new Error('scalingRows: the 1-thread run, the base of every speedup, is missing');
  return runs
    .filter((x) => asked.includes(x.threads))
    .map((x) => {
      if (x.tasks !== base.tasks || x.primes !== base.primes) {
        throw new Error(
          `scalingRows: the ${x.threads}-thread run did ${x.tasks} tasks finding ${x.primes} primes, the 1-thread ` +
            `run ${base.tasks} tasks finding ${base.primes}: not the same work`,
        );
      }
      const speedup = base.seconds.median / x.seconds.median;
      return {
        ...x,
        speedup,
        efficiency: speedup / x.threads,
        karpFlatt: x.threads > 1 ? karpFlatt(speedup, x.threads) : null,
      };
    });
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

/**
 * The time limit for booting `threads` threads: booting is not a round, so --timeout (seconds per round) does not
 * bound it; 30 s plus 1 s per thread (64 threads took about 40 s on 2 loaded cores), or --timeout if longer.
 */
export const bootLimitMs = (threads: number, timeoutMs: number): number => Math.max(timeoutMs, 30_000 + 1000 * threads);

/** Runs `fn` on a pool of exactly `threads` threads, every one booted first; the pool is destroyed afterwards. */
async function onOwnPool<T>(threads: number, timeoutMs: number, fn: (pool: PiscinaPool) => Promise<T>): Promise<T> {
  const pool = await createPrimePool(threads);
  try {
    await bootPool(pool, threads, bootLimitMs(threads, timeoutMs));
    return await fn(pool);
  } finally {
    await pool.destroy().catch(() => undefined);
  }
}

export async function runPoolExperiment(o: PoolOptions, cores: number): Promise<PoolResult> {
  const counts = scalingCounts(o);
  const bar = o.progress?.('pool', poolRounds(o));
  const tick = () => bar?.tick();
  try {
    const coarseSize = Math.ceil((o.upTo - 2) / o.chunks);
    const coarse = cutRanges(2, o.upTo, coarseSize).map((r) => [r]);
    const runs: ScalingRun[] = [];
    for (const threads of counts) {
      const { primes, seconds } = await onOwnPool(threads, o.timeoutMs, (pool) =>
        timeTasks(pool, coarse, threads, o, tick),
      );
      runs.push({ threads, tasks: coarse.length, primes, seconds });
    }
    const scaling = scalingRows(runs, o.threads);
    const tiny = cutRanges(2, o.upTo, o.tinySize);
    const splits: [GranularityRow['split'], [number, number][][], number][] = [
      ['coarse', coarse, coarseSize],
      ['tiny', tiny.map((r) => [r]), o.tinySize],
      ['tiny-batched', batches(tiny, o.batchSize), o.tinySize * o.batchSize],
    ];
    const granularity = await onOwnPool(o.granularityThreads, o.timeoutMs, async (pool) => {
      const rows: GranularityRow[] = [];
      let coarseSeconds = 0;
      for (const [split, tasks, numbersPerTask] of splits) {
        const { primes, seconds } = await timeTasks(pool, tasks, o.granularityThreads, o, tick);
        if (split === 'coarse') coarseSeconds = seconds.median;
        rows.push({
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
      return rows;
    });
    const serialFraction = fitSerialFraction(scaling.filter((r) => r.threads <= cores));
    return { scaling, granularity, serialFraction, cores };
  } finally {
    bar?.done();
  }
}
