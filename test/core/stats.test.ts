// Summaries and the seeded generator: known values and reproducibility.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { mapSummary, summarize } from '../../src/core/stats.js';
import { measureSync } from '../../src/core/timing.js';

describe('summarize', () => {
  it('gives median, quartiles, IQR and MAD of known samples', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({
      n: 5,
      median: 3,
      min: 1,
      max: 5,
      mean: 3,
      p25: 2,
      p75: 4,
      iqr: 2,
      mad: 1,
      relSpread: 2 / 3,
      samples: [5, 1, 4, 2, 3],
    });
    expect(summarize([2, 4]).median).toBe(3);
  });
  it('maps seconds to a rate, flipping the order', () => {
    const rate = mapSummary(summarize([1, 2, 4]), (s) => 8 / s);
    expect(rate).toMatchObject({ median: 4, min: 2, max: 8 });
  });
  it('measureSync runs warm-ups and then exactly the asked repeats', () => {
    let calls = 0;
    const s = measureSync(() => calls++, { warmup: 2, repeats: 4 });
    expect(calls).toBe(6);
    expect(s.n).toBe(4);
  });
});

describe('seeded rng', () => {
  it('repeats its sequence for a seed and differs across seeds and forks', () => {
    const draws = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    const a = draws(7);
    expect(draws(7)).toEqual(a);
    expect(draws(8)).not.toEqual(a);
    expect(createRng(7).fork('x').next()).not.toBe(createRng(7).fork('y').next());
    expect(createRng(7).fork('x').fork('x').next()).not.toBe(createRng(7).next()); // forking twice is not a no-op
  });
  it('int(n) stays in range and hits every value', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = rng.int(6);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(6);
      seen.add(v);
    }
    expect(seen.size).toBe(6);
  });
});
