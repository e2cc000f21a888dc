// normal.ts against SciPy: norm.sf and norm.ppf values in fixtures/compare/scipy-reference.json, produced by
// `python3 test/core/fixtures/compare/scipy-reference.py`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalSf } from '../../src/core/normal.js';

const fx = JSON.parse(readFileSync(new URL('./fixtures/compare/scipy-reference.json', import.meta.url), 'utf8')) as {
  normalSf: Array<[number, number]>;
  normalPpf: Array<[number, number]>;
};

describe('normal distribution', () => {
  it('matches SciPy norm.sf to 2e-7 relative', () => {
    for (const [z, expected] of fx.normalSf) expect(Math.abs(normalSf(z) / expected - 1)).toBeLessThan(2e-7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });
  it('matches SciPy norm.ppf to 1e-8 relative', () => {
    for (const [q, expected] of fx.normalPpf) {
      if (expected === 0) expect(Math.abs(normalQuantile(q))).toBeLessThan(1e-12);
      else expect(Math.abs(normalQuantile(q) / expected - 1)).toBeLessThan(1e-8);
    }
  });
  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow(/\(0, 1\)/);
  });
});
