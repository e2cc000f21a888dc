// `syslab grade`: checks every submission in a folder (zips made by `syslab submit`, or folders holding a plug-in
// file), in parallel up to the core count, each in its own scratch folder and sandbox workers, and returns one row
// per student with per-check points; gradesCsv() and gradesHtml() write them (the HTML page shows the class
// distribution and each check's pass rate). Tests: test/coursework/grade.test.ts.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8 } from 'fflate';
import { InputError } from '../core/errors.js';
import type { Assignment } from './assignment.js';
import { runCheck } from './check.js';
import type { GradescopeResults } from './checks.js';
import { questionsFile, loadQuestions } from './questions.js';
import { extractSubmission, listSubmissions, openSubmission, PLUGIN_PARAMS } from './submission.js';

export interface GradeRow {
  student: string;
  submission: string;
  results?: GradescopeResults;
  /** Why the submission could not be checked at all (no plug-in, not a zip). */
  error?: string;
}

const PLUGIN_FILE = /\.(ts|mts|js|mjs)$/;

/** The param of report.json that holds `kind`'s files: policy -> policyFile. */
function paramOf(kind: string): string {
  return Object.entries(PLUGIN_PARAMS).find(([, k]) => k === kind)?.[0] ?? `${kind}File`;
}

/** Grades one submission in its own scratch folder (removed afterwards). */
export async function gradeOne(entry: string, assignment: Assignment): Promise<GradeRow> {
  const base = path.basename(entry).replace(/\.zip$/, '');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'syslab-grade-'));
  try {
    let student = base;
    let plugin: string | undefined;
    let answers: string | undefined;
    let report: unknown;
    if (entry.endsWith('.zip')) {
      const opened = openSubmission(entry);
      student = opened.manifest.student ?? base;
      if (opened.manifest.lab.id !== assignment.lab)
        throw new InputError(`it is a submission for lab ${opened.manifest.lab.id}, not lab ${assignment.lab}`);
      const plugins = extractSubmission(opened, scratch);
      plugin = plugins.get(paramOf(assignment.kind))?.[0];
      if (opened.files['answers.md']) answers = strFromU8(opened.files['answers.md']);
      if (opened.files['report/report.json']) report = JSON.parse(strFromU8(opened.files['report/report.json']));
    } else {
      const files = readdirSync(entry).sort();
      const found = files.find((f) => PLUGIN_FILE.test(f));
      plugin = found ? path.join(entry, found) : undefined;
      if (files.includes('answers.md')) answers = readFileSync(path.join(entry, 'answers.md'), 'utf8');
      if (files.includes('report.json')) report = JSON.parse(readFileSync(path.join(entry, 'report.json'), 'utf8'));
    }
    if (plugin === undefined) throw new InputError(`no ${assignment.kind} file in it`);
    const withAnswers =
      answers !== undefined && report !== undefined && questionsFile(assignment.lab) !== undefined
        ? { text: answers, report, questions: loadQuestions(assignment.lab) }
        : undefined;
    const results = await runCheck({ assignment, file: plugin, answers: withAnswers });
    return { student, submission: path.basename(entry), results };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { student: base, submission: path.basename(entry), error: error.message };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Grades every submission of `folder`, at most `jobs` at a time, in the folder's order. */
export async function gradeFolder(
  folder: string,
  assignment: Assignment,
  jobs = os.availableParallelism(),
  onDone?: (row: GradeRow, done: number, total: number) => void,
): Promise<GradeRow[]> {
  const entries = listSubmissions(folder);
  const rows: GradeRow[] = new Array<GradeRow>(entries.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      rows[i] = await gradeOne(entries[i], assignment);
      onDone?.(rows[i], ++done, entries.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, entries.length)) }, worker));
  return rows;
}

/** The check columns of a set of rows: the assignment's checks first, then any answer checks, in first-seen order. */
export function checkColumns(rows: readonly GradeRow[], assignment: Assignment): string[] {
  const names = Object.keys(assignment.points);
  for (const r of rows) for (const t of r.results?.tests ?? []) if (!names.includes(t.name)) names.push(t.name);
  return names;
}

const csvCell = (v: string | number): string =>
  /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);

/** grades.csv: student, submission, score, max_score, one column of points per check, error. */
export function gradesCsv(rows: readonly GradeRow[], assignment: Assignment): string {
  const columns = checkColumns(rows, assignment);
  const max = Object.values(assignment.points).reduce((a, b) => a + b, 0);
  const lines = [['student', 'submission', 'score', 'max_score', ...columns, 'error'].map(csvCell).join(',')];
  for (const r of rows) {
    const points = columns.map((c) => r.results?.tests.find((t) => t.name === c)?.score ?? 0);
    lines.push(
      [r.student, r.submission, r.results?.score ?? 0, r.results?.max_score ?? max, ...points, r.error ?? '']
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A self-contained HTML summary: score distribution (10 bins), pass rate per check, and every student's row. */
export function gradesHtml(rows: readonly GradeRow[], assignment: Assignment): string {
  const columns = checkColumns(rows, assignment);
  const max = Object.values(assignment.points).reduce((a, b) => a + b, 0) || 1;
  const scores = rows.map((r) => r.results?.score ?? 0).sort((a, b) => a - b);
  const mean = scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length);
  const median = scores.length ? (scores[(scores.length - 1) >> 1] + scores[scores.length >> 1]) / 2 : 0;
  const bins = Array.from({ length: 10 }, () => 0);
  for (const s of scores) bins[Math.min(9, Math.floor((s / max) * 10))]++;
  const tallest = Math.max(1, ...bins);
  const histogram = bins
    .map(
      (n, i) =>
        `<tr><td>${i * 10}-${i === 9 ? 100 : i * 10 + 9}%</td>` +
        `<td><div style="background:#4c78a8;height:14px;width:${(n / tallest) * 300}px"></div></td><td>${n}</td></tr>`,
    )
    .join('');
  const passRates = columns
    .map((c) => {
      const passed = rows.filter((r) => r.results?.tests.find((t) => t.name === c)?.status === 'passed').length;
      return `<tr><td>${esc(c)}</td><td>${passed} of ${rows.length}</td></tr>`;
    })
    .join('');
  const table = rows
    .map((r) => {
      const cells = columns.map((c) => {
        const t = r.results?.tests.find((x) => x.name === c);
        const colour = t?.status === 'passed' ? '#2a7' : '#c33';
        const text = t ? `${t.score}/${t.max_score}` : '-';
        return `<td title="${esc(t?.output ?? r.error ?? '')}" style="color:${colour}">${text}</td>`;
      });
      return `<tr><td>${esc(r.student)}</td><td>${r.results?.score ?? 0}</td>${cells.join('')}<td>${esc(r.error ?? '')}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(assignment.title)}: grades</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}
td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}</style></head><body>
<h1>${esc(assignment.title)}</h1>
<p>${rows.length} submissions; score out of ${max}: mean ${mean.toFixed(1)}, median ${median}, min ${scores[0] ?? 0},
max ${scores.at(-1) ?? 0}. ${rows.filter((r) => r.error).length} could not be checked.</p>
<h2>Distribution</h2><table>${histogram}</table>
<h2>Checks passed</h2><table>${passRates}</table>
<h2>Students</h2><p>Hover a cell for the check's message.</p>
<table><tr><th>student</th><th>score</th>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}<th>error</th></tr>
${table}</table></body></html>
`;
}

/** The lab of a folder's submissions, from the first zip's manifest (undefined when none has one). */
export function labOfFolder(folder: string): string | undefined {
  for (const entry of listSubmissions(folder)) {
    if (!entry.endsWith('.zip')) continue;
    try {
      return openSubmission(entry).manifest.lab.id;
    } catch {
      continue;
    }
  }
  return existsSync(folder) ? undefined : undefined;
}
