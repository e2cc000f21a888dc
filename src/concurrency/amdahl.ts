// Amdahl's law: with a serial fraction f of the work, n threads speed it up by at most 1 / (f + (1 - f) / n).
// Fitting f to measured speedups tells how much of the work behaved as if it could not run in parallel.
// Tests: test/concurrency/amdahl.test.ts.

export function amdahlSpeedup(serialFraction: number, threads: number): number {
  return 1 / (serialFraction + (1 - serialFraction) / threads);
}

/**
 * The Karp-Flatt metric: the serial fraction implied by one measured speedup on n > 1 threads,
 * e = (1/S - 1/n) / (1 - 1/n).
 */
export function karpFlatt(speedup: number, threads: number): number {
  if (threads <= 1) throw new Error('karpFlatt needs more than one thread');
  return (1 / speedup - 1 / threads) / (1 - 1 / threads);
}

/**
 * Least-squares serial fraction for points (n, S): Amdahl says 1/S - 1/n = f (1 - 1/n), a line through the origin,
 * so f = sum(x y) / sum(x x) with x = 1 - 1/n, y = 1/S - 1/n; clamped to [0, 1]. Undefined with no n > 1.
 * Fit only n up to the number of cores: beyond it threads share cores, which Amdahl's law does not model.
 */
export function fitSerialFraction(points: { threads: number; speedup: number }[]): number | undefined {
  let sxy = 0;
  let sxx = 0;
  for (const { threads, speedup } of points) {
    if (threads <= 1) continue;
    const x = 1 - 1 / threads;
    const y = 1 / speedup - 1 / threads;
    sxy += x * y;
    sxx += x * x;
  }
  if (sxx === 0) return undefined;
  return Math.min(1, Math.max(0, sxy / sxx));
}
