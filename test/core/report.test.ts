// src/core/report.ts: how report.json records a chart (chartEntry), report.md's question and captions, and
// refreshIndex writing a run's index.html and each lab's report.html from the lab folders, unreadable ones listed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineChart } from '../../src/core/charts.js';
import { chartEntry, refreshIndex, reportMarkdown, type Report } from '../../src/core/report.js';
import { table } from '../../src/core/table.js';

function report(id: string, title: string, over: Partial<Report> = {}): Report {
  return {
    schema: 'syslab.report/1',
    lab: { id, slug: title.toLowerCase(), title, question: `What does ${title} show?` },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 2000,
    machine: {
      hostname: 'box',
      platform: 'linux',
      arch: 'x64',
      cpuModel: 'CPU X',
      cpuCount: 2,
      memoryBytes: 2 ** 30,
      node: 'v20',
      libraries: {},
    },
    params: { seed: 1, quick: false },
    results: {
      tables: {
        t: table({ title: `${title} table`, keys: ['k'], metrics: { v: { unit: 'count' } }, rows: [{ k: 'a', v: 1 }] }),
      },
    },
    findings: [`${title} found something.`],
    charts: [{ file: 'c.svg', title: `${title} chart`, caption: 'Look at the slope.' }],
    sections: [],
    ...over,
  };
}

function writeLab(runDir: string, dir: string, r: Report | string): void {
  mkdirSync(path.join(runDir, dir), { recursive: true });
  writeFileSync(path.join(runDir, dir, 'report.json'), typeof r === 'string' ? r : JSON.stringify(r));
  writeFileSync(
    path.join(runDir, dir, 'c.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg"><text>svg of ${dir}</text></svg>`,
  );
}

describe('chartEntry', () => {
  it('records the title, caption and the numbers a chart draws', () => {
    const chart = lineChart({
      name: 'c',
      title: 'C',
      caption: 'Falls with size.',
      rows: [
        { n: 1, s: 2 },
        { n: 2, s: 1 },
      ],
      x: 'n',
      y: 's',
    });
    expect(chartEntry(chart, 'c.svg')).toEqual({
      file: 'c.svg',
      title: 'C',
      caption: 'Falls with size.',
      data: {
        columns: ['n', 's'],
        rows: [
          { n: 1, s: 2 },
          { n: 2, s: 1 },
        ],
      },
    });
  });
});

describe('reportMarkdown', () => {
  it('states the question under the title and each caption under its chart', () => {
    const md = reportMarkdown(report('01', 'One'));
    expect(md).toMatch(/^# Lab 01: One\n\nWhat does One show\?\n/);
    expect(md).toContain('![One chart](c.svg)\n\nLook at the slope.');
  });
});

describe('refreshIndex', () => {
  it('writes index.html with every lab and a report.html per lab linking the others, unreadable labs listed', () => {
    const run = mkdtempSync(path.join(os.tmpdir(), 'syslab-report-'));
    writeLab(run, '01-one', report('01', 'One'));
    writeLab(run, '02-two', report('02', 'Two', { failed: ['my-policy: evicted a key it never held'] }));
    writeLab(run, '03-bad', '{ truncated');
    refreshIndex(run);

    const index = readFileSync(path.join(run, 'index.html'), 'utf8');
    for (const text of [
      'Lab 01: One',
      'Lab 02: Two',
      'svg of 01-one',
      'svg of 02-two',
      'One table',
      'What does Two show?',
    ])
      expect(index).toContain(text);
    expect(index).toContain('Not shown: report.json is not valid JSON.');
    expect(index).toContain('<a href="#lab-02">lab 02</a>'); // the FAILED note links to the lab

    const one = readFileSync(path.join(run, '01-one', 'report.html'), 'utf8');
    expect(one).toContain('<h1>Lab 01: One</h1>');
    expect(one).toContain('href="../02-two/report.html"');
    expect(one).toContain('href="../index.html"');
    expect(one).not.toContain('Lab 02: Two');
    expect(readFileSync(path.join(run, '02-two', 'report.html'), 'utf8')).toContain('evicted a key it never held');
    expect(existsSync(path.join(run, '03-bad', 'report.html'))).toBe(false);
  });

  it('lists a report.json that reads as a report but cannot be drawn, and still writes the others', () => {
    const run = mkdtempSync(path.join(os.tmpdir(), 'syslab-report-'));
    writeLab(run, '01-one', report('01', 'One'));
    writeLab(run, '02-odd', report('02', 'Odd', { charts: [null as unknown as Report['charts'][number]] }));
    refreshIndex(run);
    const index = readFileSync(path.join(run, 'index.html'), 'utf8');
    expect(index).toContain('Lab 01: One');
    expect(index).toMatch(/02-odd<\/h2><p class="failed">Not shown: report.json cannot be shown \(/);
    expect(existsSync(path.join(run, '01-one', 'report.html'))).toBe(true);
  });
});
