// The report a lab run leaves behind: report.json (the data, for compare and for coursework), report.md (readable
// on GitHub: machine, parameters, tables, charts, findings) and the run's index.html linking every lab.
// Tests: test/core/lab.test.ts.
import path from 'node:path';
import type { MachineInfo } from './machine.js';
import { columnOrder, formatCell, type Table } from './table.js';
import { formatBytes } from './units.js';
import { writeFileAtomic } from './atomic.js';
import { readRunReports } from './run-reports.js';

export const REPORT_SCHEMA = 'syslab.report/1';

export interface Section {
  title: string;
  /** Markdown. */
  body: string;
}

export interface Report {
  schema: string;
  lab: { id: string; slug: string; title: string };
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
  params: Record<string, unknown>;
  results: { tables: Record<string, Table> };
  findings: string[];
  /** Plug-ins that ran but failed their correctness checks (the lab exited with code 3). */
  failed?: string[];
  /** SVG file names beside report.json, with their titles. */
  charts: Array<{ file: string; title: string }>;
  sections: Section[];
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
    ...Object.entries(r.params).map(
      ([k, v]) => `| ${k} | ${escapeCell(Array.isArray(v) ? v.join(', ') : String(v ?? '(none)'))} |`,
    ),
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
    for (const c of r.charts) out.push(`![${c.title}](${c.file})`, '');
  }
  for (const s of r.sections) out.push('', `## ${s.title}`, '', s.body);
  return `${out.join('\n').trimEnd()}\n`;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rewrites <runDir>/index.html from the report.json of every lab folder in the run. */
export function refreshIndex(runDir: string): void {
  // Read without trusting siblings: an unreadable report.json is listed, not thrown (see run-reports.ts).
  const { labs, unreadable } = readRunReports(runDir);
  const body = labs
    .map(
      ({ dir, report }) => `
<section>
  <h2>Lab ${escapeHtml(report.lab.id)}: ${escapeHtml(report.lab.title)}</h2>
  <p><a href="${dir}/report.md">report.md</a> · <a href="${dir}/report.json">report.json</a> · ${(report.durationMs / 1000).toFixed(1)} s · ${escapeHtml(report.startedAt)}</p>
  <ul>${report.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>
  ${report.charts.map((c) => `<figure><img src="${dir}/${c.file}" alt="${escapeHtml(c.title)}"><figcaption>${escapeHtml(c.title)}</figcaption></figure>`).join('\n  ')}
</section>`,
    )
    .join('\n')
    .concat(
      unreadable
        .map(
          (u) =>
            `\n<section>\n  <h2>${escapeHtml(u.dir)}</h2>\n  <p>Not shown: ${escapeHtml(u.reason)}.</p>\n</section>`,
        )
        .join(''),
    );
  const first = labs[0]?.report.machine;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>syslab run ${escapeHtml(path.basename(runDir))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}figure{display:inline-block;margin:.5em}img{max-width:100%}</style>
</head><body>
<h1>syslab run ${escapeHtml(path.basename(runDir))}</h1>
${first ? `<p>${escapeHtml(first.cpuModel)}, ${first.cpuCount} cores, ${formatBytes(first.memoryBytes)}, Node ${escapeHtml(first.node)}</p>` : ''}
${body}
</body></html>
`;
  writeFileAtomic(path.join(runDir, 'index.html'), html);
}
