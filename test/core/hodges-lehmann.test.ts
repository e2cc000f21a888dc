// hodges-lehmann.ts: the shift estimate and interval on a case worked by hand, the bound rank against the exact
// U distribution's definition, and bisection (large samples) against brute force.
import { describe, expect, it } from 'vitest';
import { boundRank, hodgesLehmann } from '../../src/core/hodges-lehmann.js';
import { exactUCdf } from '../../src/core/mann-whitney.js';
import { createRng } from '../../src/core/rng.js';

describe('hodgesLehmann', () => {
  it('works by hand: x = 1..5, y = 6..10', () => {
    // The 25 differences y - x: 1 once, 2 twice, 3 three times, 4 four, 5 five, 6 four, 7 three, 8 twice, 9 once.
    // Median (13th) = 5. For 5+5, P(U <= 2) = 4/252 <= 0.025 < P(U <= 3) = 7/252, so k = 3: the 3rd and 23rd.
    expect(hodgesLehmann([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])).toEqual({ estimate: 5, lo: 2, hi: 8, k: 3 });
  });
  it('gives an unbounded interval when the samples are too few (3+3: P(U = 0) = 0.05 > 0.025)', () => {
    const r = hodgesLehmann([1, 2, 3], [4, 5, 6]);
    expect(r.estimate).toBe(3);
    expect([r.lo, r.hi, r.k]).toEqual([-Infinity, Infinity, 0]);
  });
  it('picks k as the definition says for exact sizes, and the normal approximation stays close', () => {
    for (const [n1, n2] of [
      [5, 5],
      [10, 10],
      [4, 12],
    ] as const) {
      const k = boundRank(n1, n2, 0.95);
      const cdf = exactUCdf(n1, n2);
      expect(k === 0 || cdf[k - 1] <= 0.025).toBe(true);
      expect(cdf[k]).toBeGreaterThan(0.025);
      expect(Math.abs(boundRank(n1, n2, 0.95, 1e-9) - k)).toBeLessThanOrEqual(1);
    }
    expect(boundRank(5, 5, 0.95)).toBe(3);
  });
  it('finds the same order statistics by bisection as by sorting every difference', () => {
    const rng = createRng(7);
    const x = Array.from({ length: 600 }, () => rng.next());
    const y = Array.from({ length: 501 }, () => rng.next() + 0.1); // 300,600 pairs: above the materialise limit
    const d = Float64Array.from(y.flatMap((b) => x.map((a) => b - a))).sort();
    const r = hodgesLehmann(x, y);
    const total = d.length;
    expect(r.estimate).toBeCloseTo((d[total / 2 - 1] + d[total / 2]) / 2, 12);
    expect(r.lo).toBeCloseTo(d[r.k - 1], 12);
    expect(r.hi).toBeCloseTo(d[total - r.k], 12);
  });
});
