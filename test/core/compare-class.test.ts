// compare-class.ts: distribution, robust z and midrank percentile worked by hand; flags for exact differences that
// params cannot explain, for too few samples and for a missing lab; the reference given as a path outside the class.
import { describe, expect, it } from 'vitest';
import type { NamedRun } from '../../src/core/compare.js';
import { classCompare, classCsv, classJson, distribution, percentile, robustZ } from '../../src/core/compare-class.js';
import { summarize } from '../../src/core/stats.js';
import { report, writeRun } from './compare-fixtures.js';

describe('class statistics', () => {
  it('works by hand on 1, 2, 3, 4, 100', () => {
    const d = distribution([4, 1, 100, 3, 2]);
    // Sorted 1 2 3 4 100: median 3, quartiles 2 and 4; deviations 0 1 1 2 97: MAD 1.
    expect(d).toEqual({ count: 5, median: 3, p25: 2, p75: 4, min: 1, max: 100, mad: 1 });
    expect(robustZ(100, d)).toBeCloseTo(97 / 1.4826, 12);
    expect(robustZ(3, d)).toBe(0);
    expect(percentile(3, [1, 2, 3, 4, 100])).toBe(50); // (2 below + 1 equal / 2) / 5
    expect(percentile(1, [1, 1, 2, 3])).toBe(25); // (0 + 2 / 2) / 4
    expect(robustZ(5, distribution([2, 2, 2]))).toBe(Infinity);
  });
});

describe('classCompare', () => {
  const metrics = { hits: { unit: 'count' }, seconds: { unit: 's', better: 'lower' as const } };
  const run = (name: string, hits: number, samples: number[], seed = 1): NamedRun => ({
    name,
    source: name,
    reports: [report([{ k: 1, hits, seconds: summarize(samples) }], metrics, { params: { seed } })],
  });
  const ten = (x: number) => Array.from({ length: 10 }, (_, i) => x * (1 + i / 100));
  const runs = [run('ann', 5, ten(1)), run('bob', 5, ten(1.1)), run('cy', 6, ten(1.2)), run('dee', 7, [1, 1.1], 2)];

  it('flags exact values that differ with the same params as unexpected, and seeds as expected', () => {
    const c = classCompare(runs, { reference: 'ann' });
    expect(c.flags).toEqual([
      { run: 'ann', flags: [] },
      { run: 'bob', flags: [] },
      { run: 'cy', flags: ['1 exact value differs from ann (params and seed match the reference: unexpected)'] },
      {
        run: 'dee',
        flags: [
          '1 exact value differs from ann (expected: seed differs)',
          '1 timing with too few samples to reach p < 0.05 against any run',
        ],
      },
    ]);
    const hits = c.rows.find((r) => r.metric === 'hits')!;
    expect(hits.values).toEqual([5, 5, 6, 7]);
    expect(hits.pct).toEqual([25, 25, 62.5, 87.5]);
    // hits 5 5 6 7: median 5.5, MAD 0.5, so ann's z = -0.5 / (1.4826 * 0.5); quartiles 5 and 6.25.
    const z = String(-0.5 / (1.4826 * 0.5));
    expect(classCsv(c).split('\n')[1]).toBe(`03,t,k=1,hits,count,exact,ann,true,5,,${z},25,5.5,1.25`);
    const json = JSON.parse(classJson(c)) as { rows: Array<{ z: Array<number | null> }> };
    expect(json.rows[0].z[0]).toBeCloseTo(-0.6745, 4);
  });
  it('--normalize rescales each run by its calibration relative to the reference', () => {
    const calibrated = (name: string, seconds: number, calibration: number): NamedRun => ({
      name,
      source: name,
      reports: [
        report(
          [{ k: 1, seconds: summarize([seconds]) }],
          { seconds: { unit: 's', better: 'lower' } },
          {
            machine: { calibration: { workload: 'w', seconds: summarize([calibration]) } },
          },
        ),
      ],
    });
    // bob's machine is twice as slow (calibration 0.02 s against 0.01 s): his 4 s count as 2 s on ann's machine.
    const c = classCompare([calibrated('ann', 2, 0.01), calibrated('bob', 4, 0.02)], { normalize: true });
    expect(c.rows[0].values).toEqual([2, 2]);
    expect(() => classCompare(runs, { normalize: true })).toThrow(/--normalize needs the calibration/);
  });
  it('takes a reference from outside the class by path, and flags a missing lab', () => {
    const outside = writeRun([report([{ k: 1, hits: 5, seconds: summarize(ten(1)) }], metrics, { id: '04' })]);
    const c = classCompare(runs.slice(0, 2), { reference: outside });
    expect(c.runs.map((r) => r.name)).toHaveLength(3);
    expect(c.reference).toBe(2);
    expect(c.flags[0].flags).toContain('lab 04 missing');
    expect(c.flags[2].flags).toContain('lab 03 missing');
  });
});
