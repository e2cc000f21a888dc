// compare: rows matched by key columns, verdicts by direction, threshold and measured spread.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareReports, comparisonMarkdown, loadReports, verdictFor } from '../../src/core/compare.js';
import { InputError } from '../../src/core/errors.js';
import { REPORT_SCHEMA, type Report } from '../../src/core/report.js';
import { summarize } from '../../src/core/stats.js';
import { table, type Row } from '../../src/core/table.js';

function report(rows: Row[], id = '03'): Report {
  return {
    schema: REPORT_SCHEMA,
    lab: { id, slug: 'x', title: 'X' },
    startedAt: '',
    durationMs: 0,
    machine: {
      hostname: 'h',
      platform: 'linux',
      arch: 'x64',
      cpuModel: 'cpu',
      cpuCount: 2,
      memoryBytes: 1,
      node: 'v20',
      libraries: {},
    },
    params: {},
    findings: [],
    charts: [],
    sections: [],
    results: {
      tables: {
        t: table({
          title: 'T',
          keys: ['policy', 'size'],
          metrics: {
            hitRate: { unit: 'ratio', better: 'higher' },
            seconds: { unit: 's', better: 'lower' },
            requests: { unit: 'count' },
          },
          rows,
        }),
      },
    },
  };
}

describe('verdicts', () => {
  const higher = { unit: 'ratio', better: 'higher' as const };
  const lower = { unit: 's', better: 'lower' as const };
  it('judges direction against the threshold', () => {
    expect(verdictFor(higher, 0.5, 0.6, 0.05)).toBe('better');
    expect(verdictFor(higher, 0.5, 0.4, 0.05)).toBe('worse');
    expect(verdictFor(higher, 0.5, 0.51, 0.05)).toBe('within noise');
    expect(verdictFor(lower, 2, 1, 0.05)).toBe('better');
    expect(verdictFor({ unit: 'count' }, 1, 2, 0.05)).toBe('no direction');
    expect(verdictFor(higher, 'a', 2, 0.05)).toBe('not comparable');
  });
  it('treats a change inside the measured spread as noise', () => {
    const noisy = summarize([1, 1.5, 2, 2.5, 3]); // relSpread 0.5
    const b = summarize([2.6, 2.6, 2.6]);
    expect(verdictFor(lower, noisy, b, 0.05)).toBe('within noise'); // +30% < 50% spread
    expect(verdictFor(lower, summarize([2, 2, 2]), b, 0.05)).toBe('worse');
  });
});

describe('compareReports', () => {
  const a = report([
    { policy: 'lru', size: 10, hitRate: 0.5, seconds: summarize([1, 1, 1]), requests: 100 },
    { policy: 'fifo', size: 10, hitRate: 0.4, seconds: summarize([1, 1, 1]), requests: 100 },
    { policy: 'arc', size: 10, hitRate: 0.4, seconds: summarize([1, 1, 1]), requests: 100 },
  ]);
  const b = report([
    { policy: 'fifo', size: 10, hitRate: 0.4, seconds: summarize([2, 2, 2]), requests: 100 },
    { policy: 'lru', size: 10, hitRate: 0.6, seconds: summarize([1, 1, 1]), requests: 100 },
    { policy: 'opt', size: 10, hitRate: 0.9, seconds: summarize([1, 1, 1]), requests: 100 },
  ]);
  const c = compareReports([a], [b], 0.05);
  it('matches rows by key, whatever their order, and reports the unmatched ones', () => {
    const verdicts = Object.fromEntries(c.rows.map((r) => [`${r.key} ${r.metric}`, r.verdict]));
    expect(verdicts).toEqual({
      'policy=lru, size=10 hitRate': 'better',
      'policy=lru, size=10 seconds': 'within noise',
      'policy=lru, size=10 requests': 'no direction',
      'policy=fifo, size=10 hitRate': 'within noise',
      'policy=fifo, size=10 seconds': 'worse',
      'policy=fifo, size=10 requests': 'no direction',
    });
    expect(c.unmatched).toEqual([
      'lab 03 t [policy=arc, size=10] only in A',
      'lab 03 t [policy=opt, size=10] only in B',
    ]);
    expect(c.rows.find((r) => r.key.includes('lru') && r.metric === 'hitRate')?.ratio).toBeCloseTo(1.2);
  });
  it('renders Markdown with counts per verdict', () => {
    const md = comparisonMarkdown(c, 'A', 'B');
    expect(md).toContain('1 better, 1 worse, 2 within noise, 2 without a direction.');
    expect(md).toContain('| policy=fifo, size=10 | seconds (s) | 1 | 2 | 2.000 | worse |');
  });
  it('can show only the rows that moved, counting the rest', () => {
    const md = comparisonMarkdown(c, 'A', 'B', { onlyChanges: true });
    expect(md.split('\n').filter((l) => l.startsWith('| policy='))).toEqual([
      '| policy=lru, size=10 | hitRate (ratio) | 0.5 | 0.6 | 1.200 | better |',
      '| policy=fifo, size=10 | seconds (s) | 1 | 2 | 2.000 | worse |',
    ]);
    expect(md).toContain('4 rows within noise or without a direction are not shown');
  });
  it('loads a run folder, a lab folder or a report file, and rejects other things', () => {
    const run = mkdtempSync(path.join(os.tmpdir(), 'syslab-cmp-'));
    mkdirSync(path.join(run, '03-x'));
    writeFileSync(path.join(run, '03-x', 'report.json'), JSON.stringify(a));
    expect(loadReports(run)).toHaveLength(1);
    expect(loadReports(path.join(run, '03-x'))).toHaveLength(1);
    writeFileSync(path.join(run, 'bad.json'), '{"schema":"other"}');
    expect(() => loadReports(path.join(run, 'bad.json'))).toThrow(InputError);
    expect(() => loadReports(path.join(run, 'missing'))).toThrow(/does not exist/);
  });
});
