// compare.ts and compare-judge.ts: rows matched by key, verdicts by metric kind (exact same/changed, observed
// described, sampled tested with U and Hodges-Lehmann), Benjamini-Hochberg across rows, can't tell for tiny n,
// what-differs header, --normalize, --filter, more than two runs, geomeans worked by hand, and loading checks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareReports, compareRuns, geomeans, loadReports, type CompareRow } from '../../src/core/compare.js';
import { changeText } from '../../src/core/compare-judge.js';
import { InputError } from '../../src/core/errors.js';
import { normalQuantile } from '../../src/core/normal.js';
import { mapSummary, summarize } from '../../src/core/stats.js';
import { lognormal, report, timingReport } from './compare-fixtures.js';

const exactMetrics = {
  hitRate: { unit: 'ratio', better: 'higher' as const },
  requests: { unit: 'count' },
};
const byKey = (rows: CompareRow[]) =>
  Object.fromEntries(rows.map((r) => [`${r.key} ${r.metric}`, r.judgements[1]?.reason]));

describe('matching and exact metrics', () => {
  const keys = ['policy', 'size'];
  const a = report(
    [
      { policy: 'lru', size: 10, hitRate: 0.5, requests: 100 },
      { policy: 'fifo', size: 10, hitRate: 0.4, requests: 100 },
      { policy: 'arc', size: 10, hitRate: 0.4, requests: 100 },
    ],
    exactMetrics,
    { keys },
  );
  const b = report(
    [
      { policy: 'fifo', size: 10, hitRate: 0.4, requests: 100 },
      { policy: 'lru', size: 10, hitRate: 0.6, requests: 100 },
      { policy: 'opt', size: 10, hitRate: 0.9, requests: 100 },
    ],
    exactMetrics,
    { keys },
  );
  it('matches rows by key whatever their order, says same or changed, and lists the unmatched', () => {
    const c = compareReports([a], [b]);
    expect(byKey(c.rows)).toEqual({
      'policy=lru, size=10 hitRate': 'changed 0.5 → 0.6 (+20%)',
      'policy=lru, size=10 requests': 'same',
      'policy=fifo, size=10 hitRate': 'same',
      'policy=fifo, size=10 requests': 'same',
      'policy=arc, size=10 hitRate': undefined,
      'policy=arc, size=10 requests': undefined,
    });
    expect(c.unmatched).toEqual([
      'lab 03 t [policy=arc, size=10] missing in B',
      'lab 03 t [policy=opt, size=10] only in B',
    ]);
    expect(c.header.differences).toEqual([]);
  });
  it('says when seeds differ, and exact metrics read "changed" with that reason, never better', () => {
    const s1 = report(
      [{ k: 'random', hits: 3 }],
      { hits: { unit: 'count', better: 'higher' } },
      { params: { seed: 1 } },
    );
    const s2 = report(
      [{ k: 'random', hits: 4 }],
      { hits: { unit: 'count', better: 'higher' } },
      { params: { seed: 2 } },
    );
    const c = compareReports([s1], [s2]);
    expect(c.header.differences).toEqual(['lab 03 params: seed 1 (A) vs 2 (B)']);
    expect(c.header.expected).toEqual({ '03': { B: 'seed differs' } });
    expect(c.rows[0].judgements[1]).toEqual({
      verdict: 'changed',
      reason: 'changed 3 → 4 (+33%); expected: seed differs',
      ratio: 4 / 3,
    });
  });
  it('filters rows by words in lab, table, key and metric', () => {
    const c = compareReports([a], [b], { filter: 'FIFO hitrate' });
    expect(c.rows.map((r) => `${r.key} ${r.metric}`)).toEqual(['policy=fifo, size=10 hitRate']);
  });
});

describe('observed events', () => {
  it('describes a race seen in A and not in B, never "better"', () => {
    const metrics = { lostUpdates: { unit: 'count', better: 'lower' as const, kind: 'observed' as const } };
    const c = compareReports(
      [report([{ k: 'unsync', lostUpdates: 80_536 }], metrics)],
      [report([{ k: 'unsync', lostUpdates: 0 }], metrics)],
    );
    expect(c.rows[0].judgements[1]).toEqual({ verdict: 'observed', reason: 'observed: seen in A (80,536), not in B' });
    const d = compareReports(
      [report([{ k: 1, deadlock: false }], { deadlock: { unit: 'event', kind: 'observed' } })],
      [report([{ k: 1, deadlock: true }], { deadlock: { unit: 'event', kind: 'observed' } })],
    );
    expect(d.rows[0].judgements[1]?.reason).toBe('observed: not seen in A, seen in B');
  });
  it('an old report without kinds treats the count as exact: "changed", still not "better"', () => {
    const metrics = { lostUpdates: { unit: 'count', better: 'lower' as const } };
    const c = compareReports(
      [report([{ k: 1, lostUpdates: 80_536 }], metrics)],
      [report([{ k: 1, lostUpdates: 0 }], metrics)],
    );
    expect(c.rows[0].judgements[1]?.verdict).toBe('changed');
  });
});

describe('sampled metrics', () => {
  const timing = {
    seconds: { unit: 's', better: 'lower' as const },
    rate: { unit: 'req/s', better: 'higher' as const },
  };
  const row = (samples: number[]) => {
    const seconds = summarize(samples);
    return { k: 1, seconds, rate: mapSummary(seconds, (s) => 1000 / s) };
  };
  it('same samples twice: within noise, nothing better or worse', () => {
    const s = lognormal(1, 10, 0.01, 0.05);
    const c = compareReports([report([row(s)], timing)], [report([row(s)], timing)]);
    expect(c.rows.map((r) => r.judgements[1]?.verdict)).toEqual(['within noise', 'within noise']);
  });
  it('a 50% slower timing is "worse" and its rate "better"-mirrored, judged on the same samples', () => {
    const a = lognormal(1, 10, 0.01, 0.05);
    const b = lognormal(2, 10, 0.015, 0.05);
    const c = compareReports([report([row(a)], timing)], [report([row(b)], timing)]);
    const [sec, rate] = c.rows.map((r) => r.judgements[1]!);
    expect(sec.verdict).toBe('worse');
    expect(rate.verdict).toBe('worse'); // lower rate is worse too: the two can never disagree
    expect(sec.reason).toMatch(/^worse \+\d+% \[\+\d+%, \+\d+%\], p<0\.001, n=10\+10$/);
    expect(sec.p).toBeCloseTo(rate.p!, 12);
    expect(sec.ratio! * rate.ratio!).toBeCloseTo(1, 4);
    expect(sec.lo! * rate.hi!).toBeCloseTo(1, 4);
  });
  it("can't tell at n=3+3: the smallest possible p is 0.10; the advice names --repeats when the lab has it", () => {
    const c = compareReports([timingReport([1, 1.1, 1.2])], [timingReport([2, 2.1, 2.2])]);
    expect(c.rows[0].judgements[1]?.reason).toBe(
      "can't tell (n=3+3: the smallest possible p is 0.10; rerun with at least 10 samples per timing)",
    );
    const withRepeats = (s: number[]) =>
      report(
        [{ k: 1, seconds: summarize(s) }],
        { seconds: { unit: 's', better: 'lower' } },
        { params: { seed: 1, repeats: 3 } },
      );
    const d = compareReports([withRepeats([1, 1.1, 1.2])], [withRepeats([2, 2.1, 2.2])]);
    expect(d.rows[0].judgements[1]?.reason).toMatch(/rerun with --repeats 10\)$/);
  });
  it("can't tell for old reports that kept no raw samples", () => {
    const { samples: _dropped, ...old } = summarize([1, 1.1, 1.2, 1.3, 1.4]);
    const r = report([{ k: 1, seconds: old }], { seconds: { unit: 's', better: 'lower' } });
    const c = compareReports([r], [r]);
    expect(c.rows[0].judgements[1]?.reason).toMatch(/^can't tell: no raw samples in A and B/);
  });
  it('Benjamini-Hochberg across rows: raw p = 8/252 alone is "worse", beside a p = 1 row it is not significant', () => {
    // 5+5, no ties, U = 2 (13 > 12.5, 14 > 12.5): two-sided exact p = 2 P(U <= 2) = 2 * 4/252 = 0.0317.
    const a = [10, 11, 12, 13, 14];
    const b = [12.5, 14.5, 15, 16, 17];
    const alone = compareReports([timingReport(a)], [timingReport(b)]);
    expect(alone.rows[0].judgements[1]?.p).toBeCloseTo(8 / 252, 12);
    // The interval's lower end is the 3rd smallest ratio b/a, 14.5/14 = +3.6%, beyond 2%: worse.
    expect(alone.rows[0].judgements[1]?.verdict).toBe('worse');
    expect(alone.rows[0].judgements[1]?.lo).toBeCloseTo(14.5 / 14, 12);
    const two = (x: number[], y: number[]) =>
      report(
        [
          { k: 1, seconds: summarize(x) },
          { k: 2, seconds: summarize(y) },
        ],
        { seconds: { unit: 's', better: 'lower' } },
      );
    const both = compareReports([two(a, a)], [two(b, a)]);
    // m = 2: q = min(2 * 0.0317 / 1, 2 * 1 / 2) = 0.0635 >= 0.05.
    expect(both.rows[0].judgements[1]?.q).toBeCloseTo(16 / 252, 12);
    expect(both.rows.map((r) => r.judgements[1]?.verdict)).toEqual(['within noise', 'within noise']);
  });
  it('--normalize divides out the calibration: twice the time on a machine twice as slow is no change', () => {
    const a = report([row(lognormal(1, 10, 0.01, 0.05))], timing, {
      machine: { calibration: { workload: 'w', seconds: summarize([0.01]) } },
    });
    const b = report([row(lognormal(2, 10, 0.02, 0.05))], timing, {
      machine: { cpuModel: 'slow cpu', calibration: { workload: 'w', seconds: summarize([0.02]) } },
    });
    expect(compareReports([a], [b]).rows[0].judgements[1]?.verdict).toBe('worse');
    const c = compareReports([a], [b], { normalize: true });
    expect(c.rows.map((r) => r.judgements[1]?.verdict)).toEqual(['within noise', 'within noise']);
    expect(c.header.differences).toContain('CPU: cpu (A) vs slow cpu (B)');
    expect(c.header.warnings[0]).toMatch(/different machines; they are rescaled/);
    expect(() => compareReports([timingReport([1])], [timingReport([1])], { normalize: true })).toThrow(
      /--normalize needs the calibration/,
    );
  });
});

describe('a machine-wide shift', () => {
  it('warns when every timing that moved got slower and the geomean lies beyond the threshold', () => {
    const three = (median: number, seed: number) =>
      report(
        [1, 2, 3].map((k) => ({ k, seconds: summarize(lognormal(seed + k, 10, median, 0.05)) })),
        { seconds: { unit: 's', better: 'lower' } },
      );
    const c = compareReports([three(0.01, 10)], [three(0.015, 20)]);
    expect(c.header.warnings).toEqual([
      expect.stringMatching(/^Every timing of lab 03 that moved got slower in B \(geomean 1\.\d+× of A\): if the code/),
    ]);
    expect(compareReports([three(0.01, 10)], [three(0.01, 20)]).header.warnings).toEqual([]);
  });
});

describe('more than two runs', () => {
  it('judges every run against the chosen base, one column each', () => {
    const mk = (hit: number) => report([{ k: 1, hitRate: hit }], { hitRate: { unit: 'ratio', better: 'higher' } });
    const c = compareRuns(
      [
        { name: 'mine', source: 'm', reports: [mk(0.5)] },
        { name: 'base', source: 'b', reports: [mk(0.4)] },
        { name: 'friend', source: 'f', reports: [mk(0.4)] },
      ],
      1,
    );
    expect(c.rows[0].values).toEqual([0.5, 0.4, 0.4]);
    expect(c.rows[0].judgements.map((j) => j?.verdict)).toEqual(['changed', undefined, 'same']);
  });
});

describe('geomeans', () => {
  it('combines row intervals as independent log-normal estimates (worked by hand)', () => {
    const z = normalQuantile(0.975);
    const j = (est: number, half: number) => ({
      verdict: 'within noise' as const,
      reason: '',
      ratio: Math.exp(est),
      lo: Math.exp(est - half),
      hi: Math.exp(est + half),
    });
    const rows: CompareRow[] = [0.2, 0.4].map((est, i) => ({
      lab: '03',
      table: 't',
      key: `k=${i}`,
      metric: 'seconds',
      unit: 's',
      kind: 'sampled',
      better: 'lower',
      values: [1, 1],
      n: [10, 10],
      judgements: [undefined, j(est, 0.1 * (i + 1))],
    }));
    // se = 0.1 / z and 0.2 / z; mean 0.3; se of the mean sqrt(0.01 + 0.04) / z / 2; interval 0.3 ± sqrt(0.05) / 2.
    const [perTable, perLab] = geomeans(rows, [{ name: 'A' }, { name: 'B' }], 0);
    expect(perTable.ratio).toBeCloseTo(Math.exp(0.3), 12);
    expect(perTable.lo).toBeCloseTo(Math.exp(0.3 - Math.sqrt(0.05) / 2), 12);
    expect(perTable.hi).toBeCloseTo(Math.exp(0.3 + Math.sqrt(0.05) / 2), 12);
    expect(perLab).toMatchObject({ metric: 'time ratio', rows: 2 });
    expect(perLab.ratio).toBeCloseTo(perTable.ratio, 12);
    expect(z).toBeCloseTo(1.959964, 6);
  });
});

describe('words', () => {
  it('writes changes as signed percentages', () => {
    expect([changeText(1.52), changeText(0.919), changeText(1.0004), changeText(1)]).toEqual([
      '+52%',
      '-8.1%',
      '+0.040%',
      '+0.0%',
    ]);
  });
});

describe('loading', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-cmp-load-'));
  const file = (name: string, content: unknown) => {
    const f = path.join(dir, name);
    writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
    return f;
  };
  it('rejects valid JSON that is not a usable report, naming what is missing', () => {
    const base = { schema: 'syslab.report/1', lab: { id: '03' } };
    expect(() => loadReports(file('a.json', '{"schema":"other"}'))).toThrow(InputError);
    expect(() => loadReports(file('b.json', base))).toThrow(/lacks "results.tables"/);
    expect(() => loadReports(file('c.json', { ...base, results: { tables: { t: { rows: [] } } } }))).toThrow(
      /table "t" lacks "keys"/,
    );
    expect(() =>
      loadReports(file('d.json', { ...base, results: { tables: { t: { keys: ['k'], metrics: {}, rows: 3 } } } })),
    ).toThrow(/table "t" lacks "rows"/);
    expect(() => loadReports(file('e.json', 'not json'))).toThrow(/not a readable JSON report/);
    expect(() => loadReports(path.join(dir, 'missing'))).toThrow(/does not exist/);
  });
});
