// signed-rank.ts: W+'s null distribution against SciPy's exact Wilcoxon p-values, the bound rank against the
// published critical values, and the paired Hodges-Lehmann estimate and interval on cases worked by hand.
import { describe, expect, it } from 'vitest';
import { EXACT_SIGNED_RANK_LIMIT, pairedShift, signedRankBound, signedRankCdf } from '../../src/core/signed-rank.js';

describe('signedRankCdf', () => {
  it("matches SciPy's exact two-sided p-values (p = 2 P(W <= w) for the smaller of W+ and W-)", () => {
    // python3 -c "from scipy.stats import wilcoxon; print(wilcoxon(D, method='exact').pvalue)" (SciPy 1.17.1):
    // D = [0.8,-0.3,1.2,0.5,2.1,-0.1,0.9,1.5,0.4,1.1] (W- = 1 + 2 = 3): 0.009765625
    // D = [0.05,0.12,-0.02,0.08,0.11,0.03,0.07,0.09] (W- = 1): 0.015625
    // D = [1,2,3,4,5,6] (W- = 0): 0.03125
    expect(2 * signedRankCdf(10)[3]).toBe(0.009765625);
    expect(2 * signedRankCdf(8)[1]).toBe(0.015625);
    expect(2 * signedRankCdf(6)[0]).toBe(0.03125);
  });
  it('is a distribution: symmetric about n(n+1)/4 and ending at 1', () => {
    const cdf = signedRankCdf(12); // M = 78
    expect(cdf.length).toBe(79);
    expect(cdf[78]).toBe(1);
    for (let w = 0; w < 78; w++) expect(cdf[w] + cdf[77 - w]).toBeCloseTo(1, 12); // P(W <= w) = P(W >= M - w)
  });
});

describe('signedRankBound', () => {
  it('is one above the published two-sided 5% critical values (n = 6: 0, 8: 3, 10: 8, 20: 52)', () => {
    expect([5, 6, 8, 10, 20].map((n) => signedRankBound(n, 0.95))).toEqual([0, 1, 4, 9, 53]);
  });
  it('switches to the normal approximation past the exact limit without a jump', () => {
    const n = EXACT_SIGNED_RANK_LIMIT + 1;
    const cdf = signedRankCdf(n);
    let exact = 0;
    while (cdf[exact] <= 0.025) exact++;
    expect(Math.abs(signedRankBound(n, 0.95) - exact)).toBeLessThanOrEqual(1);
  });
});

describe('pairedShift', () => {
  it('works by hand: d = 0.6, 0.7, ..., 1.3', () => {
    // Walsh averages 0.6 + 0.05 (s - 2) for s = i + j, i <= j: s = 2..16 occur 1,1,2,2,3,3,4,4,4,3,3,2,2,1,1 times.
    // The median (18th and 19th of 36) has s = 9: 0.95. For n = 8, P(W+ <= 3) = 5/256 <= 0.025 < P(W+ <= 4) = 7/256,
    // so k = 4: the 4th smallest (s = 4: 0.7) and the 33rd (s = 14: 1.2).
    const d = [0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3];
    const r = pairedShift(d);
    expect(r.k).toBe(4);
    expect(r.estimate).toBeCloseTo(0.95, 12);
    expect(r.lo).toBeCloseTo(0.7, 12);
    expect(r.hi).toBeCloseTo(1.2, 12);
  });
  it('gives an unbounded interval for 5 pairs or fewer (P(W+ = 0) = 1/32 > 0.025)', () => {
    const r = pairedShift([1, 2, 3, 4, 5]);
    expect(r.estimate).toBe(3);
    expect([r.lo, r.hi, r.k]).toEqual([-Infinity, Infinity, 0]);
  });
  it('with 6 pairs, the interval is the smallest and largest difference', () => {
    expect(pairedShift([1, 2, 3, 4, 5, 6])).toEqual({ estimate: 3.5, lo: 1, hi: 6, k: 1 });
  });
});
