// The lab contract end to end with a tiny lab: the report envelope, Markdown, SVG charts, index.html, and that a
// failing or mis-parameterised lab leaves nothing behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { barChart, defineLab, InputError, lineChart, p, runLab, summarize, table } from '../../src/core/index.js';
import { REPORT_SCHEMA, type Report } from '../../src/core/report.js';

const tiny = defineLab({
  id: '99',
  slug: 'tiny',
  title: 'Tiny lab',
  summary: 'a lab for tests',
  libraries: ['zod', 'not-a-package'],
  params: {
    n: p.int({ default: 3, quick: 2, min: 1, max: 10, description: 'rows' }),
    fail: p.bool({ default: false, description: 'throw mid-run' }),
  },
  async run(ctx) {
    const rows = Array.from({ length: ctx.params.n }, (_, i) => ({
      size: i + 1,
      draw: ctx.rng.int(1000),
      seconds: summarize([i + 1, i + 2, i + 3]),
    }));
    await import('node:fs').then((fs) => fs.writeFileSync(path.join(ctx.outDir, 'extra.txt'), 'kept'));
    if (ctx.params.fail) throw new Error('boom');
    return {
      tables: {
        sizes: table({
          title: 'Sizes',
          keys: ['size'],
          metrics: { draw: { unit: 'count' }, seconds: { unit: 's', better: 'lower' } },
          rows,
        }),
      },
      charts: [
        lineChart({
          name: 'line',
          title: 'Line',
          rows: rows.map((r) => ({ size: r.size, draw: r.draw })),
          x: 'size',
          y: 'draw',
        }),
        barChart({
          name: 'bars',
          title: 'Bars',
          rows: rows.map((r) => ({ size: String(r.size), draw: r.draw + 1 })),
          x: 'size',
          y: 'draw',
          yScale: 'log',
        }),
      ],
      findings: [`There were ${rows.length} rows.`],
      sections: [{ title: 'Extra', body: 'text' }],
    };
  },
});

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'syslab-lab-'));

describe('runLab', () => {
  it('writes report.json with the full envelope, report.md, SVG charts, extra files and index.html', async () => {
    const out = tmp();
    const outcome = await runLab(tiny, ['--quick', '--seed', '5'], { out });
    const dir = path.join(out, '99-tiny');
    expect(outcome?.dir).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual([
      'bars.svg',
      'extra.txt',
      'line.svg',
      'report.html',
      'report.json',
      'report.md',
    ]);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.schema).toBe(REPORT_SCHEMA);
    expect(report.lab).toEqual({ id: '99', slug: 'tiny', title: 'Tiny lab', summary: 'a lab for tests' });
    expect(report.params).toEqual({ n: 2, fail: false, seed: 5, quick: true });
    // The fields README documents (more may follow them, e.g. the load at start).
    expect(Object.keys(report.machine)).toEqual(
      expect.arrayContaining([
        'arch',
        'cpuCount',
        'cpuModel',
        'hostname',
        'libraries',
        'memoryBytes',
        'node',
        'platform',
      ]),
    );
    expect(report.machine.libraries['not-a-package']).toBe('not installed');
    expect(report.machine.libraries.zod).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.results.tables.sizes.rows).toHaveLength(2);
    expect(report.results.tables.sizes.rows[0].seconds).toMatchObject({ n: 3, median: 2, min: 1, max: 3 });
    expect(report.findings).toEqual(['There were 2 rows.']);
    // Each chart's entry names its file and title (and may carry its data, for the HTML report).
    expect(report.charts.map(({ file, title }) => ({ file, title }))).toEqual([
      { file: 'line.svg', title: 'Line' },
      { file: 'bars.svg', title: 'Bars' },
    ]);
    expect(readFileSync(path.join(dir, 'line.svg'), 'utf8')).toMatch(/^<svg/);
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md).toContain('# Lab 99: Tiny lab');
    expect(md).toContain('| size | draw (count) | seconds (s ↓) |');
    expect(md).toContain('![Line](line.svg)');
    expect(md).toContain('## Extra');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('href="99-tiny/report.md"');
  });

  it('gives the same simulated results for the same seed', async () => {
    const a = await runLab(tiny, ['--seed', '3'], { out: tmp() });
    const b = await runLab(tiny, ['--seed', '3'], { out: tmp() });
    expect(a?.report.results).toEqual(b?.report.results);
  });

  it('leaves no report and no staging folder when the lab throws', async () => {
    const out = tmp();
    await expect(runLab(tiny, ['--fail'], { out })).rejects.toThrow('boom');
    expect(readdirSync(out)).toEqual([]);
  });

  it('leaves no empty run folder when the first lab of a new run throws', async () => {
    const out = path.join(tmp(), 'run');
    await expect(runLab(tiny, ['--fail'], { out })).rejects.toThrow('boom');
    expect(existsSync(out)).toBe(false);
  });

  it('keeps the previous report when a rerun fails', async () => {
    const out = tmp();
    await runLab(tiny, [], { out });
    await expect(runLab(tiny, ['--fail'], { out })).rejects.toThrow('boom');
    expect(existsSync(path.join(out, '99-tiny', 'report.json'))).toBe(true);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('rejects bad parameters before writing anything', async () => {
    const out = path.join(tmp(), 'run');
    await expect(runLab(tiny, ['--n', '11'], { out })).rejects.toThrow(InputError);
    expect(existsSync(out)).toBe(false);
  });
});
