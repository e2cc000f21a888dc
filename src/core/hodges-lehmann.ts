// The Hodges-Lehmann estimate of the shift between two samples (the median of all pairwise differences y - x) and
// its distribution-free confidence interval, the one that inverts the Mann-Whitney U test (Bauer 1972; Hollander &
// Wolfe): order statistics k and N+1-k of the N = n1 n2 differences, k from U's null distribution. Applied to log
// timings it gives the ratio B/A and its interval, and the interval excludes "no change" essentially when the
// U test rejects, so the two never tell different stories. Tests: test/core/hodges-lehmann.test.ts.
import { exactIsPossible, exactUCdf, rankInfo } from './mann-whitney.js';
import { normalQuantile } from './normal.js';

export interface ShiftEstimate {
  /** Median of the pairwise differences y_j - x_i. */
  estimate: number;
  /** Lower and upper confidence bounds; -Infinity / Infinity when the samples are too few for this confidence. */
  lo: number;
  hi: number;
  /** The order statistic used for the bounds (0: too few samples). */
  k: number;
}

/** Differences materialised and sorted up to this many pairs; beyond it, order statistics are found by bisection. */
const MATERIALISE_LIMIT = 250_000;

/** How many pairwise differences y_j - x_i are <= t, for ascending x and y (two pointers, O(n1 + n2)). */
function countAtMost(x: Float64Array, y: Float64Array, t: number): number {
  let count = 0;
  let i = x.length; // x[i..] are the x with y_j - x >= ... ; we count x_i >= y_j - t
  for (let j = y.length - 1; j >= 0; j--) {
    const bound = y[j] - t;
    while (i > 0 && x[i - 1] >= bound) i--;
    count += x.length - i;
  }
  return count;
}

/** The k-th smallest (1-based) pairwise difference by bisection on its value, to the precision of doubles. */
function kthByBisection(x: Float64Array, y: Float64Array, k: number): number {
  let lo = y[0] - x[x.length - 1]; // count(lo) >= 1
  let hi = y[y.length - 1] - x[0]; // count(hi) = N
  if (countAtMost(x, y, lo) >= k) return lo;
  for (let step = 0; step < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); step++) {
    const mid = (lo + hi) / 2;
    if (countAtMost(x, y, mid) >= k) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The k for a two-sided interval at `confidence`: the largest c with P(U <= c - 1) <= (1 - confidence) / 2 under the
 * null, from the exact distribution when it can be counted and there are no ties, else from the normal
 * approximation with the tie-corrected variance.
 */
export function boundRank(n1: number, n2: number, confidence: number, tieTerm = 0): number {
  const half = (1 - confidence) / 2;
  if (tieTerm === 0 && exactIsPossible(n1, n2)) {
    const cdf = exactUCdf(n1, n2);
    let k = 0;
    while (k < cdf.length && cdf[k] <= half) k++; // cdf[k] = P(U <= k): c = k + 1 qualifies while cdf[k] <= half
    return k;
  }
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  return Math.max(0, Math.floor(mu - normalQuantile(1 - half) * sd + 0.5));
}

/** Hodges-Lehmann shift of y relative to x, with its confidence interval (default 95%). */
export function hodgesLehmann(x: readonly number[], y: readonly number[], confidence = 0.95): ShiftEstimate {
  if (x.length === 0 || y.length === 0) throw new Error('hodgesLehmann needs at least one value in each sample');
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const total = xs.length * ys.length;
  const k = boundRank(xs.length, ys.length, confidence, rankInfo(x, y).tieTerm);
  let kth: (r: number) => number;
  if (total <= MATERIALISE_LIMIT) {
    const d = new Float64Array(total);
    let at = 0;
    for (const yj of ys) for (const xi of xs) d[at++] = yj - xi;
    d.sort();
    kth = (r) => d[r - 1];
  } else {
    kth = (r) => kthByBisection(xs, ys, r);
  }
  const estimate = total % 2 === 1 ? kth((total + 1) / 2) : (kth(total / 2) + kth(total / 2 + 1)) / 2;
  if (k < 1) return { estimate, lo: -Infinity, hi: Infinity, k: 0 };
  return { estimate, lo: kth(k), hi: kth(total + 1 - k), k };
}
