// The paired counterpart of hodges-lehmann.ts: for differences d_i of paired measurements (two things timed in the
// same round), the one-sample Hodges-Lehmann estimate (the median of the Walsh averages (d_i + d_j) / 2, i <= j) and
// its distribution-free confidence interval, the one that inverts the Wilcoxon signed-rank test (Hollander & Wolfe,
// ch. 3): order statistics k and M + 1 - k of the M = n(n + 1) / 2 Walsh averages, k from the null distribution of
// the signed-rank statistic W+. Pairing removes what the two measurements of a round share (the machine's load at
// that moment), which two independent samples cannot. Tests: test/core/signed-rank.test.ts (fixture from SciPy).
import type { ShiftEstimate } from './hodges-lehmann.js';
import { normalQuantile } from './normal.js';

/** Pairs up to which W+'s null distribution is counted exactly (M = 1,830 sums; beyond, the normal approximation). */
export const EXACT_SIGNED_RANK_LIMIT = 60;

/** Walsh averages materialised and sorted up to this many (n = 2,000 pairs; Summary keeps fewer samples than that). */
const WALSH_LIMIT = 2_001_000;

/**
 * P(W+ <= w) for w = 0 .. n(n+1)/2 under the null hypothesis (each rank's sign + or - with probability 1/2): the
 * number of subsets of {1..n} summing to w, over 2^n.
 */
export function signedRankCdf(n: number): Float64Array {
  const m = (n * (n + 1)) / 2;
  const counts = new Float64Array(m + 1);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    for (let w = (rank * (rank + 1)) / 2; w >= rank; w--) counts[w] += counts[w - rank];
  }
  const total = 2 ** n;
  const cdf = new Float64Array(m + 1);
  let sum = 0;
  for (let w = 0; w <= m; w++) {
    sum += counts[w];
    cdf[w] = sum / total;
  }
  return cdf;
}

/**
 * The k for a two-sided interval at `confidence` over n pairs: the largest c with P(W+ <= c - 1) <= (1 - confidence)
 * / 2, exact up to EXACT_SIGNED_RANK_LIMIT pairs, else from the normal approximation. 0 when no interval is
 * possible (n = 5 or fewer at 95%: P(W+ = 0) = 1/32 > 0.025).
 */
export function signedRankBound(n: number, confidence: number): number {
  const half = (1 - confidence) / 2;
  if (n <= EXACT_SIGNED_RANK_LIMIT) {
    const cdf = signedRankCdf(n);
    let k = 0;
    while (k < cdf.length && cdf[k] <= half) k++;
    return k;
  }
  const mu = (n * (n + 1)) / 4;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
  return Math.max(0, Math.floor(mu - normalQuantile(1 - half) * sd + 0.5));
}

/** The one-sample Hodges-Lehmann estimate of the center of paired differences `d`, with its interval (default 95%). */
export function pairedShift(d: readonly number[], confidence = 0.95): ShiftEstimate {
  const n = d.length;
  if (n === 0) throw new Error('pairedShift needs at least one difference');
  const m = (n * (n + 1)) / 2;
  if (m > WALSH_LIMIT) throw new Error(`pairedShift: ${n} pairs is more than the ${WALSH_LIMIT} Walsh averages kept`);
  const walsh = new Float64Array(m);
  let at = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) walsh[at++] = (d[i] + d[j]) / 2;
  walsh.sort();
  const kth = (r: number) => walsh[r - 1];
  const estimate = m % 2 === 1 ? kth((m + 1) / 2) : (kth(m / 2) + kth(m / 2 + 1)) / 2;
  const k = signedRankBound(n, confidence);
  if (k < 1) return { estimate, lo: -Infinity, hi: Infinity, k: 0 };
  return { estimate, lo: kth(k), hi: kth(m + 1 - k), k };
}
