// Compares runs: rows are matched by their key columns across the same lab's tables, every other run against the
// base run, and each metric is judged by its kind (compare-judge.ts): sampled metrics by a U test and a
// Hodges-Lehmann interval, with Benjamini-Hochberg adjustment across the sampled rows of each pairwise comparison;
// exact metrics as same/changed; observed events described. Geomean rows per table and per lab summarise sampled
// metrics with an interval. Rendering lives in compare-render.ts and compare-html.ts.
// Tests: test/core/compare.test.ts, test/core/compare-power.test.ts.
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { compareHeader, type Header } from './compare-header.js';
import {
  judgeExact,
  judgeObserved,
  kindOf,
  sampledVerdict,
  testSampled,
  type JudgeOptions,
  type Judgement,
  type SampledTest,
  type Verdict,
} from './compare-judge.js';
import type { NamedRun } from './compare-load.js';
import { samplesNeeded } from './mann-whitney.js';
import { normalQuantile } from './normal.js';
import type { Report } from './report.js';
import { isSummary, mapSummary } from './stats.js';
import { cellValue, type Cell, type Metric, type MetricKind, type Row } from './table.js';

export { loadReports, parseRunArgs, loadClass, type NamedRun } from './compare-load.js';
export type { Verdict, Judgement } from './compare-judge.js';

export interface CompareOptions {
  /** Significance level for sampled metrics after Benjamini-Hochberg adjustment (default 0.05). */
  alpha?: number;
  /** Relative change that matters (default 0.02): the whole interval must lie beyond it. */
  threshold?: number;
  /** Rescale timings by each run's calibration time. */
  normalize?: boolean;
  /** Space-separated words that must all appear in "lab <id> <slug> <table> <key> <metric>" (case-insensitive). */
  filter?: string;
}

export interface CompareRow {
  lab: string;
  table: string;
  /** "policy=lru, cacheSize=100": the key columns and their values. */
  key: string;
  metric: string;
  unit: string;
  kind: MetricKind;
  better?: 'higher' | 'lower';
  /** Per run (in run order): the plain value (a timing's median), undefined when the run lacks the row. */
  values: Array<number | string | boolean | undefined>;
  /** Per run: the number of samples of a sampled cell. */
  n: Array<number | undefined>;
  /** Per run: the judgement against the base run (undefined for the base itself and for missing rows). */
  judgements: Array<Judgement | undefined>;
}

export interface GeomeanRow {
  lab: string;
  /** Undefined for the whole lab's row. */
  table?: string;
  /** The metric for a table's row; for a lab's row, "time ratio": B/A of lower-is-better metrics, rates inverted. */
  metric: string;
  /** The other run (B in B/A). */
  run: string;
  rows: number;
  ratio: number;
  /** 95% interval; 0 and Infinity when some row's own interval is unbounded (too few samples). */
  lo: number;
  hi: number;
}

export interface Comparison {
  runs: Array<{ name: string; source: string }>;
  /** Index of the base run. */
  base: number;
  header: Header;
  rows: CompareRow[];
  geomeans: GeomeanRow[];
  /** Labs, tables or rows found in only some runs. */
  unmatched: string[];
  alpha: number;
  threshold: number;
  normalize: boolean;
}

const TIME_UNITS = new Set(['s', 'ms', 'us', 'µs', 'ns', 's/op']);
/** Whether a sampled unit is a duration (rescaled by the calibration ratio) or a rate (rescaled by its inverse). */
export function scaleDirection(unit: string): 1 | -1 | 0 {
  if (TIME_UNITS.has(unit)) return 1;
  if (unit.endsWith('/s')) return -1;
  return 0;
}

function normalizeCell(cell: Cell | undefined, unit: string, factor: number): Cell | undefined {
  const dir = scaleDirection(unit);
  if (!isSummary(cell) || dir === 0 || factor === 1) return cell;
  const f = dir === 1 ? factor : 1 / factor;
  return mapSummary(cell, (x) => x * f);
}

/** Whether a row passes the filter words. */
function passes(filter: string[], report: Report, table: string, key: string, metric: string): boolean {
  if (filter.length === 0) return true;
  const text = `lab ${report.lab.id} ${report.lab.slug} ${table} ${key} ${metric}`.toLowerCase();
  return filter.every((w) => text.includes(w));
}

/** "policy=lru, cacheSize=100": how a row is matched across runs (key cells are plain strings, numbers or booleans). */
export const keyText = (keys: string[], row: Row): string =>
  keys
    .map((k) => `${k}=${typeof row[k] === 'object' && row[k] !== null ? JSON.stringify(row[k]) : String(row[k])}`)
    .join(', ');

/** Advice for too few samples: the lab's own --repeats option when it has one. */
function moreSamplesAdvice(report: Report, alpha: number, tests: number): string {
  const n = Math.max(10, samplesNeeded(alpha / Math.max(1, tests)));
  return 'repeats' in report.params ? `rerun with --repeats ${n}` : `rerun with at least ${n} samples per timing`;
}

interface Pending {
  row: CompareRow;
  other: number;
  test: Extract<SampledTest, { tested: true }>;
  metric: Metric;
  opts: JudgeOptions;
}

/**
 * Compares every run with runs[base] (default: the first). Rows of the base run are matched in each other run by
 * lab id, table name and key text.
 */
export function compareRuns(runs: NamedRun[], base = 0, options: CompareOptions = {}): Comparison {
  const alpha = options.alpha ?? 0.05;
  const threshold = options.threshold ?? 0.02;
  const normalize = options.normalize ?? false;
  const filter = (options.filter ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const header = compareHeader(runs, base, normalize);
  const rows: CompareRow[] = [];
  const unmatched: string[] = [];
  const pending: Pending[] = [];
  const baseRun = runs[base];
  const sampledCount = new Map<number, number>();

  for (const ra of baseRun.reports) {
    const partner = runs.map((run) => run.reports.find((r) => r.lab.id === ra.lab.id));
    partner.forEach((p, i) => {
      if (!p) unmatched.push(`lab ${ra.lab.id} missing in ${runs[i].name}`);
    });
    for (const [tableName, ta] of Object.entries(ra.results.tables)) {
      const tables = partner.map((r) => r?.results.tables[tableName]);
      tables.forEach((t, i) => {
        if (partner[i] && !t) unmatched.push(`lab ${ra.lab.id} table ${tableName} missing in ${runs[i].name}`);
      });
      const rowMaps = tables.map((t) => new Map((t?.rows ?? []).map((row) => [keyText(ta.keys, row), row])));
      for (const rowA of ta.rows) {
        const key = keyText(ta.keys, rowA);
        const matched = rowMaps.map((m) => m.get(key));
        matched.forEach((m, i) => {
          if (tables[i] && !m) unmatched.push(`lab ${ra.lab.id} ${tableName} [${key}] missing in ${runs[i].name}`);
        });
        for (const [metricName, metric] of Object.entries(ta.metrics)) {
          if (!passes(filter, ra, tableName, key, metricName)) continue;
          const cells = matched.map((m, i) =>
            i === base || !m
              ? m?.[metricName]
              : normalizeCell(m[metricName], metric.unit, header.scale[ra.lab.id]?.[runs[i].name] ?? 1),
          );
          if (cells.every((c) => c === undefined || c === null)) continue;
          const kind = kindOf(
            metric,
            cells[base],
            cells.find((c, i) => i !== base && c !== undefined),
          );
          const row: CompareRow = {
            lab: ra.lab.id,
            table: tableName,
            key,
            metric: metricName,
            unit: metric.unit,
            kind,
            ...(metric.better ? { better: metric.better } : {}),
            values: cells.map((c) => (isSummary(c) ? c.median : (cellValue(c) ?? (c === null ? undefined : c)))),
            n: cells.map((c) => (isSummary(c) ? c.n : undefined)),
            judgements: cells.map(() => undefined),
          };
          rows.push(row);
          cells.forEach((cell, i) => {
            if (i === base || !matched[i]) return;
            const opts: JudgeOptions = {
              alpha,
              threshold,
              names: [baseRun.name, runs[i].name],
              expectedChange: header.expected[ra.lab.id]?.[runs[i].name],
              moreSamples: '',
            };
            if (kind === 'exact') row.judgements[i] = judgeExact(cells[base], cell, opts);
            else if (kind === 'observed') row.judgements[i] = judgeObserved(cells[base], cell, opts);
            else {
              sampledCount.set(i, (sampledCount.get(i) ?? 0) + 1);
              opts.moreSamples = moreSamplesAdvice(ra, alpha, 1);
              const test = testSampled(cells[base], cell, opts);
              if (test.tested) pending.push({ row, other: i, test, metric, opts });
              else row.judgements[i] = test.judgement;
            }
          });
        }
      }
      tables.forEach((t, i) => {
        if (!t || i === base) return;
        const keys = new Set(ta.rows.map((row) => keyText(ta.keys, row)));
        for (const row of t.rows) {
          const key = keyText(ta.keys, row);
          if (!keys.has(key)) unmatched.push(`lab ${ra.lab.id} ${tableName} [${key}] only in ${runs[i].name}`);
        }
      });
    }
  }
  runs.forEach((run, i) => {
    if (i === base) return;
    for (const r of run.reports)
      if (!baseRun.reports.some((b) => b.lab.id === r.lab.id)) unmatched.push(`lab ${r.lab.id} only in ${run.name}`);
  });
  // Benjamini-Hochberg across the sampled rows of each pairwise comparison (base vs one other run).
  for (let i = 0; i < runs.length; i++) {
    const mine = pending.filter((p) => p.other === i);
    const q = benjaminiHochberg(mine.map((p) => p.test.p));
    mine.forEach((p, j) => (p.row.judgements[i] = sampledVerdict(p.test, q[j], p.metric, p.opts)));
  }
  // Rows that can't be told: advice sized for the number of sampled rows in the comparison.
  for (const row of rows)
    row.judgements.forEach((j, i) => {
      if (j?.verdict !== "can't tell" || !j.reason.includes('rerun')) return;
      const report = baseRun.reports.find((r) => r.lab.id === row.lab)!;
      j.reason = j.reason.replace(/rerun with [^)]*/, moreSamplesAdvice(report, alpha, sampledCount.get(i) ?? 1));
    });
  const means = geomeans(rows, runs, base);
  header.warnings.push(...uniformShiftWarnings(rows, means, runs, base, threshold));
  return {
    runs: runs.map((r) => ({ name: r.name, source: r.source })),
    base,
    header,
    rows,
    geomeans: means,
    unmatched,
    alpha,
    threshold,
    normalize,
  };
}

/** Two runs, the second against the first: the common case. */
export function compareReports(runA: Report[], runB: Report[], options: CompareOptions = {}): Comparison {
  return compareRuns(
    [
      { name: 'A', source: 'A', reports: runA },
      { name: 'B', source: 'B', reports: runB },
    ],
    0,
    options,
  );
}

const Z95 = normalQuantile(0.975);

interface LogEstimate {
  est: number;
  /** Standard error from the interval's width; Infinity when the interval is unbounded. */
  se: number;
}

/** A sampled judgement as a log ratio with a standard error (from its interval, assumed roughly normal). */
function logEstimate(j: Judgement | undefined): LogEstimate | undefined {
  if (!j || j.ratio === undefined || !(j.ratio > 0) || j.lo === undefined || j.hi === undefined) return undefined;
  const se = j.lo > 0 && Number.isFinite(j.hi) ? (Math.log(j.hi) - Math.log(j.lo)) / (2 * Z95) : Infinity;
  return { est: Math.log(j.ratio), se };
}

/** Mean of log ratios with the standard error of the mean of independent estimates; as a ratio with its interval. */
function combine(items: LogEstimate[]): { ratio: number; lo: number; hi: number } {
  const k = items.length;
  const mean = items.reduce((s, x) => s + x.est, 0) / k;
  const se = Math.sqrt(items.reduce((s, x) => s + x.se * x.se, 0)) / k;
  return Number.isFinite(se)
    ? { ratio: Math.exp(mean), lo: Math.exp(mean - Z95 * se), hi: Math.exp(mean + Z95 * se) }
    : { ratio: Math.exp(mean), lo: 0, hi: Infinity };
}

/**
 * Geomean rows for sampled metrics: per table and metric, the geometric mean of B/A over its rows; per lab, the
 * geometric mean over rows of the "time ratio" (lower-is-better metrics as B/A, higher-is-better ones inverted,
 * averaged within a row so that a timing and its rate count once). Intervals combine the rows' own intervals as
 * independent normal estimates on the log scale; one unbounded row interval leaves the geomean's unbounded.
 */
export function geomeans(rows: CompareRow[], runs: Array<{ name: string }>, base: number): GeomeanRow[] {
  const out: GeomeanRow[] = [];
  runs.forEach((run, i) => {
    if (i === base) return;
    const sampled = rows.filter((r) => r.kind === 'sampled' && logEstimate(r.judgements[i]));
    const labs = [...new Set(sampled.map((r) => r.lab))];
    for (const lab of labs) {
      const ofLab = sampled.filter((r) => r.lab === lab);
      const groups = new Map<string, CompareRow[]>();
      for (const r of ofLab) {
        const g = `${r.table}\u0000${r.metric}`;
        groups.set(g, [...(groups.get(g) ?? []), r]);
      }
      for (const group of groups.values()) {
        const c = combine(group.map((r) => logEstimate(r.judgements[i])!));
        out.push({ lab, table: group[0].table, metric: group[0].metric, run: run.name, rows: group.length, ...c });
      }
      const perRow = new Map<string, LogEstimate[]>();
      for (const r of ofLab.filter((x) => x.better)) {
        const e = logEstimate(r.judgements[i])!;
        const oriented = r.better === 'higher' ? { est: -e.est, se: e.se } : e;
        const g = `${r.table}\u0000${r.key}`;
        perRow.set(g, [...(perRow.get(g) ?? []), oriented]);
      }
      if (perRow.size === 0) continue;
      const items = [...perRow.values()].map((es) => ({
        est: es.reduce((s, e) => s + e.est, 0) / es.length,
        se: es.reduce((s, e) => s + e.se, 0) / es.length,
      }));
      out.push({ lab, metric: 'time ratio', run: run.name, rows: items.length, ...combine(items) });
    }
  });
  return out;
}

/**
 * When every judged timing of a lab moved the same way and the lab's geomean interval lies wholly beyond the
 * threshold, the machine (load, clock speed, other work) may have changed rather than the code: say so.
 */
function uniformShiftWarnings(
  rows: CompareRow[],
  means: GeomeanRow[],
  runs: Array<{ name: string }>,
  base: number,
  threshold: number,
): string[] {
  const out: string[] = [];
  for (const g of means.filter((m) => m.table === undefined && m.rows >= 3)) {
    if (!(g.lo > 1 + threshold || g.hi < 1 / (1 + threshold))) continue;
    const i = runs.findIndex((r) => r.name === g.run);
    const moved = rows.filter(
      (r) =>
        r.lab === g.lab &&
        r.kind === 'sampled' &&
        r.better &&
        ['better', 'worse'].includes(r.judgements[i]?.verdict ?? ''),
    );
    const slower = moved.filter((r) => r.judgements[i]!.verdict === 'worse').length;
    if (moved.length < 3 || (slower !== 0 && slower !== moved.length)) continue;
    out.push(
      `Every timing of lab ${g.lab} that moved got ${slower ? 'slower' : 'faster'} in ${g.run} ` +
        `(geomean ${g.ratio.toFixed(3)}× of ${runs[base].name}): if the code did not change, suspect the machine ` +
        '(load, clock speed, other work) and compare the load averages and calibration times above.',
    );
  }
  return out;
}

/** How many judgements of each verdict, for one other run. */
export function verdictCounts(c: Comparison, run: number): Record<Verdict, number> {
  const counts: Record<Verdict, number> = {
    better: 0,
    worse: 0,
    changed: 0,
    'within threshold': 0,
    'within noise': 0,
    "can't tell": 0,
    same: 0,
    observed: 0,
    'not comparable': 0,
  };
  for (const row of c.rows) {
    const j = row.judgements[run];
    if (j) counts[j.verdict]++;
  }
  return counts;
}

/** Whether any run got significantly worse (for --fail-on worse). */
export function anyWorse(c: Comparison): boolean {
  return c.rows.some((r) => r.judgements.some((j) => j?.verdict === 'worse'));
}
