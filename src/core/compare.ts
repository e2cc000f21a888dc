// Compares two runs: rows are matched by their key columns across the same lab's tables, and each metric gets
// A, B, B/A and a verdict. A change counts only when it exceeds both the threshold and the measured spread of
// either run, so noisy timings read as "within noise" rather than as a regression. Tests: test/core/compare.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { REPORT_SCHEMA, type Report } from './report.js';
import { isSummary } from './stats.js';
import { cellValue, type Cell, type Metric } from './table.js';
import { formatNumber } from './units.js';

export type Verdict = 'better' | 'worse' | 'within noise' | 'no direction' | 'not comparable';

export interface ComparisonRow {
  lab: string;
  table: string;
  key: string;
  metric: string;
  unit: string;
  a: number;
  b: number;
  ratio: number;
  verdict: Verdict;
}

export interface Comparison {
  rows: ComparisonRow[];
  /** Labs, tables or rows found in only one of the runs. */
  unmatched: string[];
  threshold: number;
}

function readReport(file: string): Report {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`"${file}" is not a readable JSON report: ${(error as Error).message}`);
  }
  const r = parsed as Partial<Report>;
  if (r.schema !== REPORT_SCHEMA || !r.lab || !r.results) {
    throw new InputError(`"${file}" is not a syslab report (expected "schema": "${REPORT_SCHEMA}")`);
  }
  return r as Report;
}

/** A run folder (every lab in it), a lab folder, or one report.json file. */
export function loadReports(target: string): Report[] {
  if (!existsSync(target))
    throw new InputError(`"${target}" does not exist; give a run folder, a lab folder or a report.json file`);
  if (statSync(target).isFile()) return [readReport(target)];
  const own = path.join(target, 'report.json');
  if (existsSync(own)) return [readReport(own)];
  const reports = readdirSync(target, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(target, d.name, 'report.json')))
    .map((d) => readReport(path.join(target, d.name, 'report.json')));
  if (reports.length === 0) throw new InputError(`"${target}" holds no report.json (nor do its folders)`);
  return reports;
}

const spreadOf = (cell: Cell | undefined): number => (isSummary(cell) ? cell.relSpread : 0);

export function verdictFor(
  metric: Metric,
  aCell: Cell | undefined,
  bCell: Cell | undefined,
  threshold: number,
): Verdict {
  const a = cellValue(aCell);
  const b = cellValue(bCell);
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return 'not comparable';
  if (!metric.better) return 'no direction';
  if (a === b) return 'within noise';
  const change = a === 0 ? Math.sign(b) * Infinity : (b - a) / Math.abs(a);
  const noise = Math.max(threshold, spreadOf(aCell), spreadOf(bCell));
  if (Math.abs(change) <= noise) return 'within noise';
  return change > 0 === (metric.better === 'higher') ? 'better' : 'worse';
}

export function compareReports(runA: Report[], runB: Report[], threshold = 0.05): Comparison {
  const rows: ComparisonRow[] = [];
  const unmatched: string[] = [];
  const labsB = new Map(runB.map((r) => [r.lab.id, r]));
  for (const ra of runA) {
    const rb = labsB.get(ra.lab.id);
    if (!rb) {
      unmatched.push(`lab ${ra.lab.id} only in A`);
      continue;
    }
    labsB.delete(ra.lab.id);
    for (const [name, ta] of Object.entries(ra.results.tables)) {
      const tb = rb.results.tables[name];
      if (!tb) {
        unmatched.push(`lab ${ra.lab.id} table ${name} only in A`);
        continue;
      }
      const keyOf = (row: Record<string, Cell>) => ta.keys.map((k) => `${k}=${String(row[k])}`).join(', ');
      const rowsB = new Map(tb.rows.map((row) => [keyOf(row), row]));
      for (const rowA of ta.rows) {
        const key = keyOf(rowA);
        const rowB = rowsB.get(key);
        if (!rowB) {
          unmatched.push(`lab ${ra.lab.id} ${name} [${key}] only in A`);
          continue;
        }
        rowsB.delete(key);
        for (const [metricName, metric] of Object.entries(ta.metrics)) {
          if (!(metricName in tb.metrics)) continue;
          const a = cellValue(rowA[metricName]);
          const b = cellValue(rowB[metricName]);
          if (a === undefined && b === undefined) continue;
          rows.push({
            lab: ra.lab.id,
            table: name,
            key,
            metric: metricName,
            unit: metric.unit,
            a: a ?? NaN,
            b: b ?? NaN,
            ratio: a !== undefined && b !== undefined && a !== 0 ? b / a : NaN,
            verdict: verdictFor(metric, rowA[metricName], rowB[metricName], threshold),
          });
        }
      }
      for (const key of rowsB.keys()) unmatched.push(`lab ${ra.lab.id} ${name} [${key}] only in B`);
    }
  }
  for (const id of labsB.keys()) unmatched.push(`lab ${id} only in B`);
  return { rows, unmatched, threshold };
}

export function verdictCounts(c: Comparison): Record<Verdict, number> {
  const counts: Record<Verdict, number> = {
    better: 0,
    worse: 0,
    'within noise': 0,
    'no direction': 0,
    'not comparable': 0,
  };
  for (const row of c.rows) counts[row.verdict]++;
  return counts;
}

const fmt = (x: number) => (Number.isNaN(x) ? '—' : formatNumber(x));

/**
 * The comparison as Markdown. With onlyChanges, rows judged within noise or without a direction are left out (and
 * counted), so a terminal shows what moved; the full table is for files.
 */
export function comparisonMarkdown(
  c: Comparison,
  nameA: string,
  nameB: string,
  options: { onlyChanges?: boolean } = {},
): string {
  const counts = verdictCounts(c);
  const out = [
    `# Comparison: A = ${nameA}, B = ${nameB}`,
    '',
    `Noise threshold ${(c.threshold * 100).toFixed(1)}% (or the measured spread, when larger). ` +
      `${counts.better} better, ${counts.worse} worse, ${counts['within noise']} within noise, ${counts['no direction']} without a direction.`,
  ];
  const shown = options.onlyChanges ? c.rows.filter((r) => r.verdict === 'better' || r.verdict === 'worse') : c.rows;
  let current = '';
  for (const row of shown) {
    const group = `Lab ${row.lab}, table ${row.table}`;
    if (group !== current) {
      out.push(
        '',
        `## ${group}`,
        '',
        '| row | metric | A | B | B/A | verdict |',
        '| --- | --- | ---: | ---: | ---: | --- |',
      );
      current = group;
    }
    out.push(
      `| ${row.key} | ${row.metric} (${row.unit}) | ${fmt(row.a)} | ${fmt(row.b)} | ${Number.isNaN(row.ratio) ? '—' : row.ratio.toFixed(3)} | ${row.verdict} |`,
    );
  }
  if (shown.length < c.rows.length)
    out.push(
      '',
      `${c.rows.length - shown.length} rows within noise or without a direction are not shown (--all shows every row).`,
    );
  if (c.unmatched.length) out.push('', '## Not matched', '', ...c.unmatched.map((u) => `- ${u}`));
  return `${out.join('\n')}\n`;
}
