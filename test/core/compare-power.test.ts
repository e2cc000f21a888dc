// The sampled-metric rule on simulated lognormal timings, 1,000 seeded comparisons each (one row per comparison,
// default options: alpha 0.05, threshold 2%): with no real change at most alpha of them may be called better or
// worse; with a real 10% change at n = 10 and sigma 0.05, at least 80% must be called worse.
import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/core/compare.js';
import { lognormal, timingReport } from './compare-fixtures.js';

/** How many of 1,000 comparisons of n samples (log-sd sigma) against n samples times `change` get a verdict. */
function flagged(n: number, sigma: number, change: number): { better: number; worse: number } {
  const out = { better: 0, worse: 0 };
  for (let i = 0; i < 1000; i++) {
    const a = lognormal(2 * i + 1, n, 0.01, sigma);
    const b = lognormal(2 * i + 2, n, 0.01 * change, sigma);
    const v = compareReports([timingReport(a)], [timingReport(b)]).rows[0].judgements[1]?.verdict;
    if (v === 'better' || v === 'worse') out[v]++;
  }
  return out;
}

describe('false positives and power of the sampled rule', () => {
  it('identical distributions: at most alpha (50 of 1,000) called better or worse, at n = 10 and n = 30', () => {
    for (const [n, sigma] of [
      [10, 0.05],
      [30, 0.15],
    ]) {
      const f = flagged(n, sigma, 1);
      expect(f.better + f.worse).toBeLessThanOrEqual(50);
    }
  });
  it('a real 10% slowdown at n = 10, sigma 0.05: at least 80% called worse, none better', () => {
    const f = flagged(10, 0.05, 1.1);
    expect(f.worse).toBeGreaterThanOrEqual(800);
    expect(f.better).toBe(0);
  });
});
