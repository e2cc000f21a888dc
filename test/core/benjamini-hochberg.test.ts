// benjamini-hochberg.ts against SciPy's false_discovery_control(p, method='bh') (fixtures/compare/scipy-reference.json,
// from `python3 test/core/fixtures/compare/scipy-reference.py`), and a case worked by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '../../src/core/benjamini-hochberg.js';

const fx = JSON.parse(readFileSync(new URL('./fixtures/compare/scipy-reference.json', import.meta.url), 'utf8')) as {
  bh: { p: number[]; q: number[] };
};

describe('benjaminiHochberg', () => {
  it('matches SciPy', () => {
    const q = benjaminiHochberg(fx.bh.p);
    fx.bh.q.forEach((expected, i) => expect(q[i]).toBeCloseTo(expected, 12));
  });
  it('works by hand: m = 4, sorted p 0.01, 0.02, 0.03, 0.5 -> 0.04, 0.04, 0.04, 0.5; NaN passes through', () => {
    // 4 * 0.01 / 1 = 0.04; 4 * 0.02 / 2 = 0.04; 4 * 0.03 / 3 = 0.04; 4 * 0.5 / 4 = 0.5.
    expect(benjaminiHochberg([0.5, NaN, 0.03, 0.01, 0.02])).toEqual([0.5, NaN, 0.04, 0.04, 0.04]);
  });
});
