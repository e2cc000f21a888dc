// The HTML pieces of src/core/html.ts, html-table.ts and html-text.ts: tables (units, aligned numbers, timings with
// n, show all), chart numbers, inline SVG ids, Markdown, a lab section (question, FAILED, missing chart) and the
// index (links, unreadable labs, nothing fetched from outside the page).
import { describe, expect, it } from 'vitest';
import { inlineSvg, labSectionHtml, runIndexHtml, type LabView } from '../../src/core/html.js';
import { chartDataHtml, LONG_TABLE_ROWS, PREVIEW_ROWS, resultTableHtml } from '../../src/core/html-table.js';
import { blockMarkdown, escapeHtml, inlineMarkdown, tag } from '../../src/core/html-text.js';
import type { Report } from '../../src/core/report.js';
import { summarize } from '../../src/core/stats.js';
import { table } from '../../src/core/table.js';

const count = (html: string, needle: string) => html.split(needle).length - 1;

function fakeReport(over: Partial<Report> = {}): Report {
  return {
    schema: 'syslab.report/1',
    lab: { id: '42', slug: 'demo', title: 'Demo <lab>', question: 'Which is *faster*?' },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1500,
    machine: {
      hostname: 'box',
      platform: 'linux',
      arch: 'x64',
      cpuModel: 'CPU X',
      cpuCount: 2,
      memoryBytes: 2 ** 30,
      node: 'v20',
      libraries: { zod: '4.0.0' },
    },
    params: { seed: 7, quick: true, sizes: [1, 2] },
    results: {
      tables: {
        speed: table({
          title: 'Speed',
          keys: ['engine'],
          metrics: { seconds: { unit: 's', better: 'lower' }, bytes: { unit: 'B' } },
          rows: [
            { engine: 'a', seconds: summarize([1, 2, 3]), bytes: 1000 },
            { engine: 'b', seconds: summarize([2, 3, 4]), bytes: 2000 },
          ],
        }),
      },
    },
    findings: ['`a` is **faster**.'],
    charts: [
      {
        file: 'speed.svg',
        title: 'Speed chart',
        caption: 'Lower is better.',
        data: { columns: ['engine', 'seconds'], rows: [{ engine: 'a', seconds: 2 }] },
      },
    ],
    sections: [{ title: 'Notes', body: 'Some `code`.\n\n```\nraw <dump>\n```' }],
    ...over,
  };
}

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg"><defs><clipPath id="clip1"></clipPath></defs><g clip-path="url(#clip1)"><text>a</text></g></svg>';

describe('resultTableHtml', () => {
  it('puts units and direction in the headers, right-aligns numbers, and gives the shared n of timings once', () => {
    const html = resultTableHtml('speed', fakeReport().results.tables.speed);
    expect(html).toContain('data-table="speed"');
    expect(html).toMatch(
      /<th scope="col" class="num" title="lower is better">seconds<span class="unit">time ↓ · n = 3<\/span><\/th>/,
    );
    expect(html).toContain('<span class="unit">B</span>');
    expect(html).toMatch(/<td class="num" title="median of 3; [^"]*">2 s ±25%<\/td>/);
    expect(html).toContain('<td class="num">1,000</td>');
    expect(html).toContain('<td class="key">a</td>');
    expect(html).not.toContain('(n = ');
  });

  it('shows seconds in the unit that suits them and leaves out descriptive columns that are empty', () => {
    const t = table({
      title: 'T',
      keys: ['k'],
      metrics: { s: { unit: 's' } },
      columns: ['note', 'empty'],
      rows: [
        { k: 'x', s: summarize([5e-5, 5.3e-5, 6e-5]), note: 'spun', empty: '' },
        { k: 'y', s: 0.002, note: null, empty: null },
      ],
    });
    const html = resultTableHtml('t', t);
    expect(html).toMatch(
      /title="median of 3; interquartile range [\d.]+ µs to [\d.]+ µs; min 50 µs, max 60 µs">53 µs ±/,
    );
    expect(html).toContain('<td class="num">2 ms</td>');
    expect(html).toContain('>note<');
    expect(html).not.toContain('>empty<');
  });

  it('gives each timing its own n when they differ, and escapes text', () => {
    const t = table({
      title: 'T',
      keys: ['k'],
      metrics: { s: { unit: 's' } },
      rows: [
        { k: '<b>', s: summarize([1, 2]) },
        { k: 'x', s: summarize([1, 2, 3]) },
      ],
    });
    const html = resultTableHtml('t', t);
    expect(html).toContain('(n = 2)');
    expect(html).toContain('(n = 3)');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<b>');
  });

  it('shows the first rows of a long table and all of them behind "show all"', () => {
    const rows = Array.from({ length: LONG_TABLE_ROWS + 5 }, (_, i) => ({ i, v: i * 10 }));
    const html = resultTableHtml('long', table({ title: 'L', keys: ['i'], metrics: { v: { unit: 'count' } }, rows }));
    expect(count(html, '<table')).toBe(2);
    expect(html).toContain(`<summary>Show all ${rows.length} rows</summary>`);
    const [preview, all] = html.split('<details');
    expect(count(preview, '<tr>')).toBe(PREVIEW_ROWS + 1);
    expect(count(all, '<tr>')).toBe(rows.length + 1);
    expect(preview).toContain('data-preview');
    expect(all).not.toContain('data-preview');
  });

  it('keeps a short table whole and says when it has no rows', () => {
    const html = resultTableHtml('e', table({ title: 'E', keys: ['k'], metrics: {}, rows: [] }));
    expect(count(html, '<table')).toBe(1);
    expect(html).toContain('(no rows)');
  });
});

describe('chartDataHtml', () => {
  it('tables the numbers behind a chart, numbers right-aligned', () => {
    const html = chartDataHtml('c', {
      columns: ['who', 'n'],
      rows: [
        { who: 'x', n: 1234.5 },
        { who: 'y', n: null },
      ],
    });
    expect(html).toContain('<th scope="col" class="num">n</th>');
    expect(html).toContain('<td class="num">1,235</td>');
    expect(html).toContain('<td>x</td>');
  });
});

describe('text helpers', () => {
  it('escapes, renders inline Markdown, and keeps code literal', () => {
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    expect(inlineMarkdown('**b** and `<i>*x*</i>` and *e*')).toBe(
      '<strong>b</strong> and <code>&lt;i&gt;*x*&lt;/i&gt;</code> and <em>e</em>',
    );
    expect(inlineMarkdown('[doc](labs/03.md) [bad](javascript:alert(1))')).toBe(
      '<a href="labs/03.md">doc</a> [bad](javascript:alert(1))',
    );
    expect(tag('td', { class: 'num', hidden: true, title: undefined }, '1')).toBe('<td class="num" hidden>1</td>');
  });

  it('renders block Markdown: fenced code, lists, tables, paragraphs', () => {
    const html = blockMarkdown(
      'Intro `x`\nmore\n\n- one\n- two\n\n```\n<raw>\n```\n\n| a | b |\n| --- | ---: |\n| 1 | 2 |',
    );
    expect(html).toContain('<p>Intro <code>x</code> more</p>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<pre><code>&lt;raw&gt;</code></pre>');
    expect(html).toContain('<th>a</th><th>b</th>');
    expect(html).toContain('<td>1</td><td>2</td>');
  });
});

describe('inlineSvg', () => {
  it('prefixes ids and the references to them, so two charts on one page keep their own clip paths', () => {
    const a = inlineSvg(`<?xml version="1.0"?>\n${SVG}`, 'c1');
    expect(a.startsWith('<svg')).toBe(true);
    expect(a).toContain('id="c1-clip1"');
    expect(a).toContain('url(#c1-clip1)');
    expect(a).not.toContain('"clip1"');
  });
});

describe('labSectionHtml and runIndexHtml', () => {
  const view = (over: Partial<Report> = {}, svg: string | null = SVG): LabView => ({
    dir: '42-demo',
    report: fakeReport(over),
    svgs: { 'speed.svg': svg ?? undefined },
  });

  it('shows the question, findings, tables, charts with captions and numbers, sections, params and machine', () => {
    const html = labSectionHtml(view(), 2, [['42-demo/report.md', 'report.md']]);
    expect(html).toContain('<h2>Lab 42: Demo &lt;lab&gt;</h2>');
    expect(html).toContain('<p class="question">Which is <em>faster</em>?</p>');
    expect(html).toContain('<li><code>a</code> is <strong>faster</strong>.</li>');
    expect(html).toContain('<h3>Results</h3>');
    expect(html).toContain('<h4>Speed</h4>');
    expect(html).toContain('<figcaption>Lower is better.</figcaption>');
    expect(html).toContain('The numbers behind this chart (1 rows)');
    expect(html).toContain('data-chart="speed"');
    expect(html).toContain('id="c42-0-clip1"');
    expect(html).toContain('<pre><code>raw &lt;dump&gt;</code></pre>');
    expect(html).toContain('<dt>sizes</dt><dd>1, 2</dd>');
    expect(html).toContain('<dt>zod</dt><dd>4.0.0</dd>');
    expect(html).toContain('quick mode, seed 7');
    expect(html).not.toContain('FAILED');
  });

  it('marks failed plug-ins prominently and says when a chart file is missing', () => {
    const html = labSectionHtml(view({ failed: ['my-lock: two threads inside'] }, null), 1, []);
    expect(html).toContain('<span class="badge-failed">FAILED</span>');
    expect(html).toMatch(/<div class="failed" role="alert"><strong>FAILED<\/strong>: a plug-in failed its checks/);
    expect(html).toContain('<li>my-lock: two threads inside</li>');
    expect(html).toContain('The chart file speed.svg is missing from 42-demo.');
  });

  it('builds an index with links to every lab, a FAILED note, unreadable labs listed, and nothing from outside', () => {
    const ok = view();
    const failed: LabView = { ...view({ failed: ['x'] }), dir: '43-other' };
    failed.report.lab = { id: '43', slug: 'other', title: 'Other' };
    const html = runIndexHtml('run-1', [ok, failed], [{ dir: '44-bad', reason: 'report.json is not valid JSON' }]);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<a href="#lab-42">');
    expect(html).toContain('<a href="42-demo/report.html">report.html</a>');
    expect(html).toContain('<a href="#lab-43">lab 43</a>');
    expect(html).toContain('Not shown: report.json is not valid JSON.');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<link|<img|\ssrc=|@import|url\(http/);
    expect(count(html, '<section class="lab"')).toBe(2);
  });
});
