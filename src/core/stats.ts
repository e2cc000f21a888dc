// Summaries of repeated measurements: the samples' median and spread, and the raw samples themselves (capped), so
// that reports show noise and comparisons can test it. Timing itself is in timing.ts. Tests: test/core/stats.test.ts.

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
  /**
   * The raw samples in the order they were taken (6 significant digits), so a comparison can test them; at most
   * MAX_KEPT_SAMPLES, evenly strided when there were more (then samplesCapped is true).
   */
  samples?: number[];
  samplesCapped?: boolean;
}

/** The most raw samples a Summary keeps; beyond it an evenly strided subset is kept. */
export const MAX_KEPT_SAMPLES = 1000;

function keptSamples(samples: readonly number[]): { samples: number[]; samplesCapped?: boolean } {
  const round = (x: number) => Number(x.toPrecision(6));
  if (samples.length <= MAX_KEPT_SAMPLES) return { samples: samples.map(round) };
  const stride = samples.length / MAX_KEPT_SAMPLES;
  const kept = Array.from({ length: MAX_KEPT_SAMPLES }, (_, i) => round(samples[Math.floor(i * stride)]));
  return { samples: kept, samplesCapped: true };
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
  const a = sorted[lo];
  const b = sorted[hi];
  return a + (b - a) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
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
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    p25,
    p75,
    iqr,
    mad: quantileSorted(deviations, 0.5),
    relSpread: med === 0 ? 0 : iqr / Math.abs(med),
    ...keptSamples(samples),
  };
}

/**
 * Applies f to every statistic, e.g. to turn seconds into operations per second (order flips, so min/max swap).
 * Exact for the order statistics (median, quartiles, min, max) when f is monotonic; mean and mad are mapped
 * approximately (f of the mean, the change of f over one mad), which is enough for display. Raw samples are mapped
 * one by one.
 */
export function mapSummary(s: Summary, f: (x: number) => number): Summary {
  const values = [f(s.min), f(s.max)];
  const q = [f(s.p25), f(s.p75)];
  const med = f(s.median);
  const iqr = Math.abs(q[1] - q[0]);
  return {
    n: s.n,
    median: med,
    min: Math.min(...values),
    max: Math.max(...values),
    mean: f(s.mean),
    p25: Math.min(...q),
    p75: Math.max(...q),
    iqr,
    mad: Math.abs(f(s.median + s.mad) - med),
    relSpread: med === 0 ? 0 : iqr / Math.abs(med),
    // The same samples mapped one by one: a rate and its timing are judged on identical evidence.
    ...(s.samples ? { samples: s.samples.map((x) => Number(f(x).toPrecision(6))) } : {}),
    ...(s.samplesCapped ? { samplesCapped: true } : {}),
  };
}
