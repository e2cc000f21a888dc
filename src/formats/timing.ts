// Timing with an untimed step before every run (dropping the page cache for cold reads, resetting a byte counter):
// warm up, repeat, summarise with the core's summarize(). Tests: test/formats/timing.test.ts.
import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from '../core/stats.js';

export interface RunOptions {
  warmup: number;
  repeats: number;
  /** Runs, untimed, before each run (warm-up runs included). */
  before?: () => void | Promise<void>;
  /** Runs, untimed, after each run. */
  after?: () => void;
}

/** Times fn `repeats` times after `warmup` untimed runs; returns the summary (seconds) and the last run's result. */
export async function timeRuns<T>(
  fn: (run: number) => T | Promise<T>,
  options: RunOptions,
): Promise<{ seconds: Summary; last: T }> {
  const samples: number[] = [];
  let last: T | undefined;
  for (let run = 0; run < options.warmup + options.repeats; run++) {
    await options.before?.();
    const t0 = performance.now();
    last = await fn(run);
    const seconds = (performance.now() - t0) / 1000;
    options.after?.();
    if (run >= options.warmup) samples.push(seconds);
  }
  return { seconds: summarize(samples), last: last as T };
}
