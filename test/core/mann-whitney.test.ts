// mann-whitney.ts against SciPy's mannwhitneyu(x, y, alternative='two-sided') (fixtures/compare/scipy-reference.json,
// from `python3 test/core/fixtures/compare/scipy-reference.py`), and exact counts worked out by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exactUCdf, mannWhitneyU, samplesNeeded, smallestPossibleP } from '../../src/core/mann-whitney.js';

const fx = JSON.parse(readFileSync(new URL('./fixtures/compare/scipy-reference.json', import.meta.url), 'utf8')) as {
  mannWhitney: Array<{ x: number[]; y: number[]; u: number; p: number }>;
};

describe('mannWhitneyU', () => {
  it('matches SciPy on exact and asymptotic cases, ties included', () => {
    for (const c of fx.mannWhitney) {
      const r = mannWhitneyU(c.x, c.y);
      expect(r.u).toBe(c.u);
      expect(Math.abs(r.p / c.p - 1)).toBeLessThan(1e-6);
    }
    expect(mannWhitneyU([1, 2, 2, 3, 3, 3], [2, 3, 4, 4, 5]).method).toBe('asymptotic');
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).method).toBe('exact');
  });
  it('counts the exact null distribution: n = 2+2 has U = 0, 1, 2, 2, 3, 4 over the 6 arrangements', () => {
    expect([...exactUCdf(2, 2)]).toEqual([1 / 6, 2 / 6, 4 / 6, 5 / 6, 1]);
  });
  it('knows the smallest possible p: 2 / C(6, 3) = 0.1 for 3+3, 2 / C(8, 4) for 4+4', () => {
    expect(smallestPossibleP(3, 3)).toBeCloseTo(0.1, 12);
    expect(smallestPossibleP(4, 4)).toBeCloseTo(2 / 70, 12);
    expect(smallestPossibleP(1, 1)).toBe(1);
    expect(samplesNeeded(0.05)).toBe(4);
    expect(samplesNeeded(0.05 / 100)).toBe(8); // 2 / C(14, 7) = 5.8e-4 >= 5e-4; 2 / C(16, 8) = 1.6e-4 < 5e-4
  });
});
