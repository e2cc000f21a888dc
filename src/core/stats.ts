// Summaries of repeated measurements and the timing helpers every lab uses: warm up, repeat, keep the samples'
// median and spread so that reports and comparisons can judge noise. Tests: test/core/stats.test.ts.
import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  mean: number;
  p25: number;
  p75: number;
  /** Interquartile range, p75 - p25. */
  iqr: number;
  /** Median absolute deviation from the median. */
  mad: number;
  /** iqr / median: the spread as a fraction of the typical value (0 when the median is 0). */
  relSpread: number;
}

export function isSummary(value: unknown): value is Summary {
  return typeof value === 'object' && value !== null && 'median' in value && 'n' in value && 'iqr' in value;
}

/** Linear-interpolated quantile of already sorted values. */
function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantileSorted([...values].sort((a, b) => a - b), 0.5);
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize() needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const med = quantileSorted(sorted, 0.5);
  const p25 = quantileSorted(sorted, 0.25);
  const p75 = quantileSorted(sorted, 0.75);
  const deviations = sorted.map((x) => Math.abs(x - med)).sort((a, b) => a - b);
  const iqr = p75 - p25;
  return {
    n: sorted.length,
    median: med,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    p25,
    p75,
    iqr,
    mad: quantileSorted(deviations, 0.5),
    relSpread: med === 0 ? 0 : iqr / Math.abs(med),
  };
}

/**
 * Applies f to every statistic, e.g. to turn seconds into operations per second (order flips, so min/max swap).
 * Exact for the order statistics (median, quartiles, min, max) when f is monotonic; mean and mad are mapped
 * approximately (f of the mean, the change of f over one mad), which is enough for display.
 */
export function mapSummary(s: Summary, f: (x: number) => number): Summary {
  const values = [f(s.min), f(s.max)];
  const q = [f(s.p25), f(s.p75)];
  const med = f(s.median);
  const iqr = Math.abs(q[1]! - q[0]!);
  return {
    n: s.n, median: med, min: Math.min(...values), max: Math.max(...values), mean: f(s.mean),
    p25: Math.min(...q), p75: Math.max(...q), iqr, mad: Math.abs(f(s.median + s.mad) - med),
    relSpread: med === 0 ? 0 : iqr / Math.abs(med),
  };
}

export interface MeasureOptions {
  /** Untimed runs first, so JIT compilation and caches settle (default 1). */
  warmup?: number;
  /** Timed runs (default 5). */
  repeats?: number;
  /** Keep repeating (up to maxRepeats) until this many seconds were measured in all, for very short work. */
  minSeconds?: number;
  maxRepeats?: number;
}

/** Times fn (sync or async) and returns the summary of its durations in seconds. */
export async function measure(fn: () => unknown, options: MeasureOptions = {}): Promise<Summary> {
  const { warmup = 1, repeats = 5, minSeconds = 0, maxRepeats = 1000 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  let total = 0;
  while (samples.length < repeats || (total < minSeconds && samples.length < maxRepeats)) {
    const t0 = performance.now();
    await fn();
    const seconds = (performance.now() - t0) / 1000;
    samples.push(seconds);
    total += seconds;
  }
  return summarize(samples);
}

/** The synchronous twin of measure(), for work where an await per repeat would distort the timing. */
export function measureSync(fn: () => unknown, options: MeasureOptions = {}): Summary {
  const { warmup = 1, repeats = 5, minSeconds = 0, maxRepeats = 1000 } = options;
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  let total = 0;
  while (samples.length < repeats || (total < minSeconds && samples.length < maxRepeats)) {
    const t0 = performance.now();
    fn();
    const seconds = (performance.now() - t0) / 1000;
    samples.push(seconds);
    total += seconds;
  }
  return summarize(samples);
}
