// The Mann-Whitney U test (Wilcoxon rank-sum) for two independent samples, two-sided, as SciPy's
// `scipy.stats.mannwhitneyu` computes it: the exact null distribution when there are no ties and one sample has at
// most 8 values, else the normal approximation with tie correction and continuity correction. Also the smallest
// p-value a sample size allows, which tells a student when a comparison cannot reach a verdict at all.
// Tests: test/core/mann-whitney.test.ts (fixtures from SciPy).
import { normalSf } from './normal.js';

export interface UTestResult {
  /** U for the first sample: the number of pairs (x, y) with x > y, ties counting one half. */
  u: number;
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'asymptotic';
  n1: number;
  n2: number;
  /** Whether the pooled values hold ties. */
  ties: boolean;
}

export interface RankInfo {
  /** Sum of the midranks of the first sample in the pooled, sorted values. */
  rankSum1: number;
  /** Sum over tied groups of t^3 - t. */
  tieTerm: number;
}

/** Midrank sum of x within x and y pooled, and the tie term the variance correction needs. */
export function rankInfo(x: readonly number[], y: readonly number[]): RankInfo {
  const pooled = [...x.map((v) => ({ v, first: true })), ...y.map((v) => ({ v, first: false }))].sort(
    (a, b) => a.v - b.v,
  );
  let rankSum1 = 0;
  let tieTerm = 0;
  for (let i = 0; i < pooled.length;) {
    let j = i;
    while (j + 1 < pooled.length && pooled[j + 1].v === pooled[i].v) j++;
    const t = j - i + 1;
    const midrank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (pooled[k].first) rankSum1 += midrank;
    if (t > 1) tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { rankSum1, tieTerm };
}

const cdfCache = new Map<string, Float64Array>();

/**
 * The exact null distribution of U for sizes n1 and n2 (no ties) as a cumulative distribution: cdf[u] = P(U <= u).
 * Counts come from the Gaussian binomial coefficient [n1+n2 choose n1] as a polynomial in q; they are exact while
 * C(n1+n2, n1) < 2^53, the only sizes this is asked for (see exactIsPossible).
 */
export function exactUCdf(n1: number, n2: number): Float64Array {
  const key = n1 <= n2 ? `${n1},${n2}` : `${n2},${n1}`;
  const cached = cdfCache.get(key);
  if (cached) return cached;
  const [m, n] = n1 <= n2 ? [n1, n2] : [n2, n1];
  const top = m * n;
  const poly = new Float64Array(top + 1);
  poly[0] = 1;
  for (let i = 1; i <= m; i++) {
    const up = n + i;
    for (let u = top; u >= up; u--) poly[u] -= poly[u - up]; // times (1 - q^(n+i))
    for (let u = i; u <= top; u++) poly[u] += poly[u - i]; // divided by (1 - q^i)
  }
  let total = 0;
  for (const c of poly) total += c;
  const cdf = new Float64Array(top + 1);
  let running = 0;
  for (let u = 0; u <= top; u++) {
    running += poly[u];
    cdf[u] = running / total;
  }
  cdfCache.set(key, cdf);
  return cdf;
}

/** C(n1+n2, n1) as a float. */
export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Whether the exact distribution can be counted without rounding (C(n1+n2, n1) below 2^53). */
export function exactIsPossible(n1: number, n2: number): boolean {
  return binomial(n1 + n2, Math.min(n1, n2)) < 2 ** 53;
}

/**
 * The smallest two-sided p-value samples of these sizes can give (all of one sample above all of the other, no
 * ties): 2 / C(n1+n2, n1), at most 1. For n = 3+3 it is 0.10, so no test at alpha 0.05 can ever reject.
 */
export function smallestPossibleP(n1: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 1;
  return Math.min(1, 2 / binomial(n1 + n2, Math.min(n1, n2)));
}

/** The smallest n per side whose smallest possible p is below `target` (at least 2). */
export function samplesNeeded(target: number): number {
  let n = 2;
  while (smallestPossibleP(n, n) >= target && n < 1000) n++;
  return n;
}

/**
 * Two-sided Mann-Whitney U test of x against y. `method` 'auto' follows SciPy: exact when there are no ties and
 * either sample has at most 8 values, else asymptotic (normal, tie-corrected variance, continuity correction).
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  method: 'auto' | 'exact' | 'asymptotic' = 'auto',
): UTestResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new Error('mannWhitneyU needs at least one value in each sample');
  const { rankSum1, tieTerm } = rankInfo(x, y);
  const u = rankSum1 - (n1 * (n1 + 1)) / 2;
  const ties = tieTerm > 0;
  const chosen =
    method === 'auto'
      ? ties || (n1 > 8 && n2 > 8)
        ? 'asymptotic'
        : 'exact'
      : method === 'exact' && ties
        ? 'asymptotic'
        : method;
  const big = Math.max(u, n1 * n2 - u);
  let p: number;
  if (chosen === 'exact') {
    const cdf = exactUCdf(n1, n2);
    // P(U >= big) = P(U <= n1 n2 - big) by symmetry.
    const small = Math.round(n1 * n2 - big);
    p = 2 * cdf[small];
  } else {
    const n = n1 + n2;
    const mu = (n1 * n2) / 2;
    const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
    p = variance > 0 ? 2 * normalSf((big - mu - 0.5) / Math.sqrt(variance)) : 1;
  }
  return { u, p: Math.min(1, Math.max(0, p)), method: chosen, n1, n2, ties };
}
