// compare on real reports of lab 03 (committed quick runs, see fixtures/compare/make-class-lab03.ts): the same run
// twice judges nothing better or worse; seed 1 against seed 2 says so in the header and reads "changed" for the
// exact metrics that moved; --class over 30 runs with different seeds gives distributions, z-scores and flags.
import { describe, expect, it } from 'vitest';
import { compareRuns, loadClass, parseRunArgs } from '../../src/core/compare.js';
import { classCompare, classMarkdown } from '../../src/core/compare-class.js';
import { comparisonMarkdown } from '../../src/core/compare-render.js';
import { realLab03Runs } from './compare-fixtures.js';

const real = realLab03Runs();

describe('real lab 03 runs', () => {
  it('the same seed twice: exact metrics all "same", no timing better or worse', () => {
    const c = compareRuns(parseRunArgs([real.runs[0], real.again]));
    const verdicts = c.rows.map((r) => r.judgements[1]?.verdict);
    expect(verdicts).not.toContain('better');
    expect(verdicts).not.toContain('worse');
    expect(c.rows.filter((r) => r.kind === 'exact').every((r) => r.judgements[1]?.verdict === 'same')).toBe(true);
    expect(c.header.differences).toEqual([]);
  });
  it('seed 1 against seed 2: the header says so, and exact metrics that moved read "changed"', () => {
    const c = compareRuns(parseRunArgs([real.runs[0], real.runs[1]]));
    expect(c.header.differences).toEqual(['lab 03 params: seed 1 (A) vs 2 (B)']);
    const exact = c.rows.filter((r) => r.kind === 'exact').map((r) => r.judgements[1]!);
    expect(exact.some((j) => j.verdict === 'changed')).toBe(true);
    for (const j of exact) expect(['same', 'changed']).toContain(j.verdict);
    for (const j of exact.filter((x) => x.verdict === 'changed')) expect(j.reason).toMatch(/expected: seed differs$/);
    // The terminal counts the expected changes instead of listing them.
    const changed = exact.filter((j) => j.verdict === 'changed').length;
    const text = comparisonMarkdown(c, { onlyNotable: true });
    expect(text).toContain(`- ${changed} exact values changed as expected, since params or seed differ (see above).`);
    expect(text).not.toContain('## Lab 03, table hitRates');
  });
  it('--class over 30 runs: every row has 30 values, seeds explain the exact differences', () => {
    const c = classCompare(loadClass(real.classDir), { reference: 's07' });
    expect(c.runs).toHaveLength(30);
    expect(c.reference).toBe(6);
    expect(c.header).toContain('seeds: 30 different');
    expect(c.header).toContain('params other than the seed: the same in every run');
    expect(c.rows.every((r) => r.dist?.count === 30)).toBe(true);
    // Percentiles are midranks: over 30 runs they average 50 in every row.
    for (const r of c.rows) expect(r.pct.reduce((s, p) => s! + p!, 0)! / 30).toBeCloseTo(50, 9);
    const s01 = c.flags[0].flags.join('; ');
    expect(s01).toMatch(/exact values? differs? from s07 \(expected: seed differs\)/);
    // The throughput timings have 3 samples per run: too few for any verdict, and flagged as such.
    expect(s01).toMatch(/\d+ timings with too few samples to reach p < 0.05 against any run/);
    expect(classMarkdown(c, {})).toContain('| s07 (reference) |');
  });
});
