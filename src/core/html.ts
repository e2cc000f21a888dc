// The self-contained HTML pages of a run: index.html (every lab of the run, one section each) and each lab's
// report.html (that lab alone, with links to the others). Everything is inline (SVG charts, CSS), so a page opens
// from a zip or an email with no network. A lab section holds its question, FAILED plug-ins, findings, every table,
// every chart with its caption and the numbers behind it, the lab's own sections, and the run's parameters, seed,
// machine, library versions and duration. Tests: test/core/html.test.ts, test/browser/report.test.ts.
import { chartDataHtml, resultTableHtml } from './html-table.js';
import { blockMarkdown, escapeHtml, inlineMarkdown, tag, valueText } from './html-text.js';
import { PRINT_SCRIPT, REPORT_CSS } from './html-style.js';
import type { Report } from './report.js';
import { formatBytes, formatNumber } from './units.js';
import { spreadText } from './words.js';

/** One lab of a run as the pages show it: its folder name, its report, and the SVG text of its charts by file. */
export interface LabView {
  dir: string;
  report: Report;
  svgs: Record<string, string | undefined>;
}

/** A lab folder whose report.json could not be read, and why (listed, never fatal). */
export interface Unreadable {
  dir: string;
  reason: string;
}

/**
 * Makes an SVG from vega safe to inline beside others: drops any XML prologue and prefixes every id (and the
 * url(#…) / href="#…" that point at it), since vega numbers clip paths and gradients the same way in every chart.
 */
export function inlineSvg(svg: string, prefix: string): string {
  const body = svg.replace(/^\s*<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/i, '');
  return body
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

const anchor = (r: Report) => `lab-${r.lab.id}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const link = ([href, text]: [string, string]) => tag('a', { href }, escapeHtml(text));

/** The lab's question in one line: its own question when it states one, else its summary. */
function question(r: Report): string | undefined {
  return r.lab.question ?? r.lab.summary;
}

function facts(entries: Array<[string, string]>): string {
  const items = entries.map(([k, v]) => tag('dt', {}, escapeHtml(k)) + tag('dd', {}, escapeHtml(v)));
  return tag('dl', { class: 'facts' }, ...items);
}

function machineFacts(r: Report): Array<[string, string]> {
  const m = r.machine;
  const rows: Array<[string, string]> = [
    ['host', m.hostname],
    ['CPU', `${m.cpuModel}, ${m.cpuCount} cores (${m.arch})`],
    ['memory', formatBytes(m.memoryBytes)],
    ['OS', m.platform],
    ['Node', m.node],
  ];
  if (m.loadAverage?.length) rows.push(['load average at start', m.loadAverage.map((x) => x.toFixed(2)).join(', ')]);
  if (m.calibration) {
    const s = m.calibration.seconds;
    const time = `${formatNumber(s.median)} s${spreadText(s)} (n = ${s.n})`;
    rows.push(['calibration', `${time} for: ${m.calibration.workload}`]);
  }
  return rows;
}

function figure(v: LabView, index: number, prefix: string): string {
  const c = v.report.charts[index];
  const name = c.file.replace(/\.svg$/, '');
  const svg = v.svgs[c.file];
  const drawing = svg
    ? inlineSvg(svg, `${prefix}-${index}`)
    : tag('p', { class: 'failed' }, escapeHtml(`The chart file ${c.file} is missing from ${v.dir}.`));
  // The chart draws its own title; the caption says what to look at (or repeats the title when there is none).
  const caption = tag('figcaption', {}, c.caption ? inlineMarkdown(c.caption) : escapeHtml(c.title));
  const numbers = c.data
    ? tag(
        'details',
        { class: 'data' },
        tag('summary', {}, `The numbers behind this chart (${c.data.rows.length} rows)`),
        chartDataHtml(name, c.data),
      )
    : '';
  return tag('figure', { class: 'chart', 'data-chart': name }, drawing, caption, numbers);
}

function failedBox(failed: string[]): string {
  const what = failed.length === 1 ? 'a plug-in failed its checks' : `${failed.length} plug-ins failed their checks`;
  const items = failed.map((f) => tag('li', {}, inlineMarkdown(f)));
  return tag(
    'div',
    { class: 'failed', role: 'alert' },
    tag('strong', {}, 'FAILED'),
    `: ${what}; the lab exited with code 3.`,
    tag('ul', {}, ...items),
  );
}

/**
 * One lab as a <section>. `heading` is 1 on the lab's own page and 2 in the index; `links` are the lab's files
 * relative to the page, as [href, text].
 */
export function labSectionHtml(v: LabView, heading: 1 | 2, links: Array<[string, string]>): string {
  const r = v.report;
  const h = (level: number, text: string) => tag(`h${Math.min(6, level + heading - 1)}`, {}, text);
  const failed = r.failed?.length ? r.failed : undefined;
  const q = question(r);
  const badge = failed ? tag('span', { class: 'badge-failed' }, 'FAILED') : '';
  const when = `Started ${r.startedAt}, took ${seconds(r.durationMs)}${r.params?.quick ? ', quick mode' : ''}`;
  const out: string[] = [
    h(1, `Lab ${escapeHtml(r.lab.id)}: ${escapeHtml(r.lab.title)}${badge}`),
    q ? tag('p', { class: 'question' }, inlineMarkdown(q)) : '',
    tag(
      'p',
      { class: 'meta' },
      escapeHtml(`${when}, seed ${valueText(r.params?.seed)}. `),
      links.map(link).join(' · '),
    ),
    failed ? failedBox(failed) : '',
    h(2, 'Findings'),
    r.findings.length
      ? tag('ul', { class: 'findings' }, ...r.findings.map((f) => tag('li', {}, inlineMarkdown(f))))
      : '<p>(none)</p>',
  ];
  const tables = Object.entries(r.results?.tables ?? {});
  if (tables.length) {
    out.push(h(2, 'Results'));
    for (const [name, t] of tables) {
      out.push(h(3, escapeHtml(t.title)));
      if (t.description) out.push(tag('p', { class: 'table-note' }, inlineMarkdown(t.description)));
      out.push(resultTableHtml(name, t));
    }
    out.push(
      tag(
        'p',
        { class: 'table-note' },
        'Timings show the median ± half the interquartile range as a percentage of the median, over n repeats; ' +
          'hover a timing for its quartiles, minimum and maximum.',
      ),
    );
  }
  if (r.charts.length) {
    out.push(h(2, 'Charts'));
    r.charts.forEach((_, i) => out.push(figure(v, i, `c${r.lab.id}`)));
  }
  for (const s of r.sections ?? []) out.push(h(2, escapeHtml(s.title)), blockMarkdown(s.body));
  out.push(
    h(2, 'Parameters'),
    facts(Object.entries(r.params ?? {}).map(([k, val]) => [k, valueText(val)])),
    h(2, 'Machine and versions'),
    facts([...machineFacts(r), ...Object.entries(r.machine.libraries ?? {})]),
  );
  return tag('section', { class: 'lab', id: anchor(r), 'data-lab': r.lab.id }, out.filter(Boolean).join('\n'));
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
<script>${PRINT_SCRIPT}</script>
</head><body><main>
${body}
<footer>Written by syslab. Every number on this page was measured in this run; report.json holds them all.</footer>
</main></body></html>
`;
}

function nav(labs: LabView[], href: (v: LabView) => string, current?: LabView, home?: string): string {
  const items = labs.map((v) => {
    const text = escapeHtml(`${v.report.lab.id} ${v.report.lab.title}${v.report.failed?.length ? ' (FAILED)' : ''}`);
    return v === current
      ? tag('a', { class: 'here', 'aria-current': 'page' }, text)
      : tag('a', { href: href(v) }, text);
  });
  return tag('nav', { class: 'labs' }, home ? tag('a', { href: home }, 'whole run') : '', ...items);
}

function unreadableSection(u: Unreadable): string {
  const why = tag('p', { class: 'failed' }, escapeHtml(`Not shown: ${u.reason}.`));
  return tag('section', { class: 'unreadable' }, tag('h2', {}, escapeHtml(u.dir)), why);
}

function machineLine(labs: LabView[]): string {
  const m = labs[0]?.report.machine;
  if (!m) return tag('p', { class: 'meta' }, 'No lab has finished in this run yet.');
  const total = labs.reduce((sum, v) => sum + v.report.durationMs, 0);
  const machine = `${m.cpuModel}, ${m.cpuCount} cores, ${formatBytes(m.memoryBytes)}, ${m.platform}, Node ${m.node}`;
  const count = `${labs.length} ${labs.length === 1 ? 'lab' : 'labs'} in ${seconds(total)}`;
  return tag('p', { class: 'meta' }, escapeHtml(`${machine}, host ${m.hostname} · ${count}`));
}

/** The run's index.html: a line about the machine, links to every lab, then every lab's section. */
export function runIndexHtml(runName: string, labs: LabView[], unreadable: Unreadable[] = []): string {
  const failed = labs.filter((v) => v.report.failed?.length);
  const failedLinks = failed.map((v) =>
    tag('a', { href: `#${anchor(v.report)}` }, `lab ${escapeHtml(v.report.lab.id)}`),
  );
  const body = [
    tag('h1', {}, `syslab run ${escapeHtml(runName)}`),
    machineLine(labs),
    failed.length
      ? tag(
          'div',
          { class: 'failed' },
          tag('strong', {}, 'FAILED'),
          ': plug-ins failed their checks in ',
          failedLinks.join(', '),
          '.',
        )
      : '',
    nav(labs, (v) => `#${anchor(v.report)}`),
    ...labs.map((v) =>
      labSectionHtml(v, 2, [
        [`${v.dir}/report.html`, 'report.html'],
        [`${v.dir}/report.md`, 'report.md'],
        [`${v.dir}/report.json`, 'report.json'],
      ]),
    ),
    ...unreadable.map(unreadableSection),
  ];
  return page(`syslab run ${runName}`, body.filter(Boolean).join('\n'));
}

/** A lab's report.html: the lab alone, with links to the run's index and to the other labs' pages. */
export function labPageHtml(runName: string, v: LabView, labs: LabView[]): string {
  const body = [
    tag('p', { class: 'meta' }, escapeHtml(`syslab run ${runName}`)),
    nav(labs, (o) => `../${o.dir}/report.html`, v, '../index.html'),
    labSectionHtml(v, 1, [
      ['report.md', 'report.md'],
      ['report.json', 'report.json'],
      ['../index.html', 'whole run'],
    ]),
  ];
  return page(`Lab ${v.report.lab.id}: ${v.report.lab.title} (${runName})`, body.join('\n'));
}
