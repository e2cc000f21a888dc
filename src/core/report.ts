// The report a lab run leaves behind: report.json (the data, for compare and for coursework), report.md (readable
// on GitHub and in a terminal: machine, parameters, tables, charts, findings), and the self-contained HTML pages
// (the run's index.html and each lab's report.html, see html.ts) that refreshIndex rewrites after each lab.
// Tests: test/core/report.test.ts, test/core/lab.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { chartData, type ChartData, type ChartSpec } from './charts.js';
import { labPageHtml, runIndexHtml, type LabView, type Unreadable } from './html.js';
import { valueText } from './html-text.js';
import type { MachineInfo } from './machine.js';
import { readRunReports } from './run-reports.js';
import { columnOrder, formatCell, type Table } from './table.js';
import { formatBytes } from './units.js';

export const REPORT_SCHEMA = 'syslab.report/1';

export interface Section {
  title: string;
  /** Markdown. */
  body: string;
}

export interface Report {
  schema: string;
  /** `question` (what the lab asks, one line) and `summary` are absent in reports written before they were kept. */
  lab: { id: string; slug: string; title: string; question?: string; summary?: string };
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
  params: Record<string, unknown>;
  results: { tables: Record<string, Table> };
  findings: string[];
  /** Plug-ins that ran but failed their correctness checks (the lab exited with code 3). */
  failed?: string[];
  /** SVG file names beside report.json, with their titles, captions and the numbers they draw. */
  charts: ChartEntry[];
  sections: Section[];
}

export interface ChartEntry {
  file: string;
  title: string;
  caption?: string;
  /** The numbers behind the chart, shown as a table beside it (absent in reports written before it was kept). */
  data?: ChartData;
}

/** How report.json records a chart written as `file`: title, caption and the numbers it draws. */
export function chartEntry(chart: ChartSpec, file: string): ChartEntry {
  return {
    file,
    title: chart.title,
    ...(chart.caption ? { caption: chart.caption } : {}),
    data: chartData(chart),
  };
}

const MAX_MD_ROWS = 200;

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function tableMarkdown(t: Table): string {
  const cols = columnOrder(t);
  const header = cols.map((c) => {
    const m = t.metrics[c];
    if (!m) return c;
    const arrow = m.better === 'higher' ? ' ↑' : m.better === 'lower' ? ' ↓' : '';
    return `${c} (${m.unit}${arrow})`;
  });
  const lines = [
    `| ${header.map(escapeCell).join(' | ')} |`,
    `|${cols.map((c) => (t.metrics[c] ? ' ---: ' : ' --- ')).join('|')}|`,
  ];
  for (const row of t.rows.slice(0, MAX_MD_ROWS)) {
    lines.push(`| ${cols.map((c) => escapeCell(formatCell(row[c], t.metrics[c]?.unit))).join(' | ')} |`);
  }
  if (t.rows.length > MAX_MD_ROWS) lines.push('', `… ${t.rows.length - MAX_MD_ROWS} more rows in report.json.`);
  return lines.join('\n');
}

export function reportMarkdown(r: Report): string {
  const m = r.machine;
  const out: string[] = [
    `# Lab ${r.lab.id}: ${r.lab.title}`,
    '',
    ...(r.lab.question ? [r.lab.question, ''] : []),
    `Run started ${r.startedAt}, took ${(r.durationMs / 1000).toFixed(1)} s${r.params.quick ? ' (quick mode)' : ''}, seed ${String(r.params.seed)}.`,
    '',
    '## Findings',
    '',
    ...(r.findings.length ? r.findings.map((f) => `- ${f}`) : ['- (none)']),
    '',
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
    `| host | ${m.hostname} |`,
    `| CPU | ${m.cpuModel}, ${m.cpuCount} cores (${m.arch}) |`,
    `| memory | ${formatBytes(m.memoryBytes)} |`,
    `| OS | ${m.platform} |`,
    `| Node | ${m.node} |`,
    ...Object.entries(m.libraries).map(([name, v]) => `| ${name} | ${v} |`),
    '',
    '## Parameters',
    '',
    '| parameter | value |',
    '| --- | --- |',
    ...Object.entries(r.params).map(([k, v]) => `| ${k} | ${escapeCell(valueText(v))} |`),
    '',
    '## Results',
  ];
  for (const [name, t] of Object.entries(r.results.tables)) {
    out.push('', `### ${t.title} (\`${name}\`)`, '');
    if (t.description) out.push(t.description, '');
    out.push(tableMarkdown(t));
  }
  out.push('', 'Timings show the median ± half the interquartile range as a percentage of the median.');
  if (r.charts.length) {
    out.push('', '## Charts', '');
    for (const c of r.charts) out.push(`![${c.title}](${c.file})`, '', ...(c.caption ? [c.caption, ''] : []));
  }
  for (const s of r.sections) out.push('', `## ${s.title}`, '', s.body);
  return `${out.join('\n').trimEnd()}\n`;
}

/** Reads the SVG of every chart of a lab; a missing file is left undefined (the page says so). */
function svgsOf(labDir: string, r: Report): LabView['svgs'] {
  const svgs: LabView['svgs'] = {};
  for (const c of r.charts) {
    try {
      svgs[c.file] = readFileSync(path.join(labDir, path.basename(c.file)), 'utf8');
    } catch {
      svgs[c.file] = undefined;
    }
  }
  return svgs;
}

/**
 * Rewrites <runDir>/index.html and every lab's report.html from the report.json of every lab folder in the run
 * (an unreadable report.json is listed on the index, not fatal). Each page is self-contained: charts inline.
 */
export function refreshIndex(runDir: string): void {
  const read = readRunReports(runDir);
  const unreadable: Unreadable[] = [...read.unreadable];
  const runName = path.basename(path.resolve(runDir));
  // A report.json that passes the checks but still cannot be drawn (hand-edited) is listed, like an unreadable one.
  const shown: LabView[] = [];
  for (const { dir, report } of read.labs) {
    try {
      const v: LabView = { dir, report, svgs: svgsOf(path.join(runDir, dir), report) };
      labPageHtml(runName, v, [v]);
      shown.push(v);
    } catch (error) {
      unreadable.push({ dir, reason: `report.json cannot be shown (${(error as Error).message})` });
    }
  }
  for (const v of shown) writeFileAtomic(path.join(runDir, v.dir, 'report.html'), labPageHtml(runName, v, shown));
  writeFileAtomic(path.join(runDir, 'index.html'), runIndexHtml(runName, shown, unreadable));
}
