// A class of runs (one per student) side by side: per row and metric, the distribution over all runs (median,
// IQR, min, max), each run's robust z-score ((x - median) / (1.4826 MAD)) and percentile (midrank), and flags per
// run: exact metrics that differ from the reference run (and whether params or seed explain it), timings with too
// few samples to support any verdict, timings far from the class (|z| > 3.5), missing labs.
// Rendering as Markdown, CSV and JSON is here too (HTML in compare-html.ts). Tests: test/core/compare-class.test.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadReports, type NamedRun } from './compare-load.js';
import { kindOf } from './compare-judge.js';
import { keyText, scaleDirection } from './compare.js';
import { InputError } from './errors.js';
import { smallestPossibleP } from './mann-whitney.js';
import { isSummary, mapSummary } from './stats.js';
import type { Cell, MetricKind } from './table.js';
import { formatNumber } from './units.js';
import { plural } from './words.js';

export interface ClassOptions {
  alpha?: number;
  /** Rescale timings by each run's calibration time relative to the reference run's. */
  normalize?: boolean;
  filter?: string;
  /** A run name in the class, or a path to a run outside it (added to the class). */
  reference?: string;
}

export interface Distribution {
  count: number;
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  /** Median absolute deviation from the median (unscaled). */
  mad: number;
}

export interface ClassRow {
  lab: string;
  table: string;
  key: string;
  metric: string;
  unit: string;
  kind: MetricKind;
  better?: 'higher' | 'lower';
  /** Per run: the plain value (a timing's median); undefined when the run lacks it. */
  values: Array<number | undefined>;
  n: Array<number | undefined>;
  dist?: Distribution;
  /** Per run: robust z-score (Infinity when the others all agree and this run does not) and percentile 0-100. */
  z: Array<number | undefined>;
  pct: Array<number | undefined>;
}

export interface ClassComparison {
  runs: Array<{ name: string; source: string }>;
  reference: number;
  referenceGiven: boolean;
  header: string[];
  rows: ClassRow[];
  flags: Array<{ run: string; flags: string[] }>;
  alpha: number;
  normalize: boolean;
}

/** Robust z beyond which a timing is flagged (Iglewicz and Hoaglin's cut-off for the modified z-score). */
export const OUTLIER_Z = 3.5;

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.ceil(pos)] - sorted[lo]) * (pos - lo);
}

/** Distribution of the known values. */
export function distribution(values: readonly number[]): Distribution {
  const s = [...values].sort((a, b) => a - b);
  const median = quantile(s, 0.5);
  const dev = s.map((x) => Math.abs(x - median)).sort((a, b) => a - b);
  return {
    count: s.length,
    median,
    p25: quantile(s, 0.25),
    p75: quantile(s, 0.75),
    min: s[0],
    max: s[s.length - 1],
    mad: quantile(dev, 0.5),
  };
}

/** Robust z of x: (x - median) / (1.4826 MAD); when MAD is 0, 0 for the median itself and ±Infinity otherwise. */
export function robustZ(x: number, d: Distribution): number {
  if (d.mad === 0) return x === d.median ? 0 : x > d.median ? Infinity : -Infinity;
  return (x - d.median) / (1.4826 * d.mad);
}

/** Midrank percentile of x among values: 100 (below + equal / 2) / count. */
export function percentile(x: number, sorted: readonly number[]): number {
  let below = 0;
  let equal = 0;
  for (const v of sorted) {
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return (100 * (below + equal / 2)) / sorted.length;
}

const calibOf = (run: NamedRun, lab: string) => run.reports.find((r) => r.lab.id === lab)?.machine.calibration;

/** The class view of `runs`. */
export function classCompare(input: NamedRun[], options: ClassOptions = {}): ClassComparison {
  const alpha = options.alpha ?? 0.05;
  const runs = [...input];
  let reference = 0;
  const referenceGiven = options.reference !== undefined;
  if (options.reference !== undefined) {
    reference = runs.findIndex((r) => r.name === options.reference || r.source === options.reference);
    if (reference < 0) {
      if (!existsSync(options.reference))
        throw new InputError(
          `--reference: "${options.reference}" is neither a run in the class nor a path; allowed: a run name such as ${runs[0].name}, or a run folder`,
        );
      runs.push({
        name: path.basename(path.resolve(options.reference)),
        source: options.reference,
        reports: loadReports(options.reference),
      });
      reference = runs.length - 1;
    }
  }
  const filter = (options.filter ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const refRun = runs[reference];
  const rowIndex = new Map<string, ClassRow>();
  const rows: ClassRow[] = [];
  const flags = runs.map(() => new Map<string, number>());
  const bump = (i: number, flag: string) => flags[i].set(flag, (flags[i].get(flag) ?? 0) + 1);
  const labsAll = new Set(runs.flatMap((r) => r.reports.map((x) => x.lab.id)));
  const refCells = new Map<string, Record<string, Cell>>();
  for (const report of refRun.reports)
    for (const [tableName, t] of Object.entries(report.results.tables))
      for (const row of t.rows) refCells.set(`${report.lab.id}\u0000${tableName}\u0000${keyText(t.keys, row)}`, row);

  runs.forEach((run, i) => {
    for (const lab of labsAll) if (!run.reports.some((r) => r.lab.id === lab)) bump(i, `lab ${lab} missing`);
    for (const report of run.reports) {
      const refReport = refRun.reports.find((r) => r.lab.id === report.lab.id);
      const diff = refReport
        ? Object.keys({ ...report.params, ...refReport.params }).filter(
            (k) => JSON.stringify(report.params[k]) !== JSON.stringify(refReport.params[k]),
          )
        : [];
      const exactFlag =
        diff.length === 0
          ? 'exact differs (params and seed match the reference: unexpected)'
          : diff.length === 1 && diff[0] === 'seed'
            ? 'exact differs (expected: seed differs)'
            : `exact differs (expected: ${diff.join(', ')} differ)`;
      let scale = 1;
      if (options.normalize) {
        const mine = calibOf(run, report.lab.id);
        const ref = calibOf(refRun, report.lab.id);
        if (!mine || !ref)
          throw new InputError(
            `--normalize needs the calibration every newer report records; lab ${report.lab.id} of ${mine ? refRun.name : run.name} has none (rerun it)`,
          );
        scale = ref.seconds.median / mine.seconds.median;
      }
      for (const [tableName, t] of Object.entries(report.results.tables)) {
        for (const row of t.rows) {
          const key = keyText(t.keys, row);
          for (const [metricName, metric] of Object.entries(t.metrics)) {
            let cell: Cell | undefined = row[metricName];
            if (cell === undefined) continue;
            const text = `lab ${report.lab.id} ${report.lab.slug} ${tableName} ${key} ${metricName}`.toLowerCase();
            if (!filter.every((w) => text.includes(w))) continue;
            const id = `${report.lab.id}\u0000${tableName}\u0000${key}\u0000${metricName}`;
            let r = rowIndex.get(id);
            if (!r) {
              r = {
                lab: report.lab.id,
                table: tableName,
                key,
                metric: metricName,
                unit: metric.unit,
                kind: kindOf(metric, cell, undefined),
                ...(metric.better ? { better: metric.better } : {}),
                values: runs.map(() => undefined),
                n: runs.map(() => undefined),
                z: [],
                pct: [],
              };
              rowIndex.set(id, r);
              rows.push(r);
            }
            const direction = scaleDirection(metric.unit);
            if (scale !== 1 && isSummary(cell) && direction !== 0) {
              const f = direction === 1 ? scale : 1 / scale;
              cell = mapSummary(cell, (x) => x * f);
            }
            const value = isSummary(cell) ? cell.median : typeof cell === 'boolean' ? Number(cell) : cell;
            if (typeof value === 'number') r.values[i] = value;
            if (isSummary(cell)) r.n[i] = cell.samples?.length ?? 0;
            if (r.kind === 'sampled' && (!isSummary(cell) || smallestPossibleP(r.n[i] ?? 0, r.n[i] ?? 0) >= alpha))
              bump(i, 'few samples');
            if (r.kind === 'exact' && i !== reference && refReport) {
              const refCell = refCells.get(`${report.lab.id}\u0000${tableName}\u0000${key}`)?.[metricName];
              if (refCell !== undefined && JSON.stringify(refCell) !== JSON.stringify(cell)) {
                bump(i, exactFlag);
              }
            }
          }
        }
      }
    }
  });
  for (const r of rows) {
    const known = r.values.filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (known.length === 0) continue;
    const d = distribution(known);
    const sorted = [...known].sort((a, b) => a - b);
    r.dist = d;
    r.z = r.values.map((v) => (v === undefined ? undefined : robustZ(v, d)));
    r.pct = r.values.map((v) => (v === undefined ? undefined : percentile(v, sorted)));
    if (r.kind === 'sampled') r.z.forEach((z, i) => z !== undefined && Math.abs(z) > OUTLIER_Z && bump(i, 'far'));
  }
  const flagText = (flag: string, count: number): string =>
    flag === 'few samples'
      ? `${plural(count, 'timing')} with too few samples to reach p < ${alpha} against any run`
      : flag === 'far'
        ? `${plural(count, 'timing')} far from the class (|robust z| > ${OUTLIER_Z})`
        : flag.startsWith('exact differs')
          ? `${plural(count, 'exact value')} ${count === 1 ? 'differs' : 'differ'} from ${refRun.name}${flag.slice('exact differs'.length)}`
          : flag;
  const header = classHeader(runs, reference, referenceGiven);
  return {
    runs: runs.map((r) => ({ name: r.name, source: r.source })),
    reference,
    referenceGiven,
    header,
    rows,
    flags: runs.map((r, i) => ({ run: r.name, flags: [...flags[i]].map(([f, c]) => flagText(f, c)) })),
    alpha,
    normalize: options.normalize ?? false,
  };
}

function classHeader(runs: NamedRun[], reference: number, given: boolean): string[] {
  const out: string[] = [];
  const ref = runs[reference];
  out.push(
    given
      ? `reference: ${ref.name} (highlighted; exact metrics are checked against it)`
      : `reference: ${ref.name}, the first run (give --reference <run> to choose the student's own run)`,
  );
  const seeds = new Set(runs.flatMap((r) => r.reports.map((x) => String(x.params.seed))));
  out.push(`seeds: ${seeds.size === 1 ? `all ${[...seeds][0]}` : `${seeds.size} different`}`);
  const otherParams = new Set(
    runs.flatMap((r) => r.reports.map((x) => JSON.stringify({ ...x.params, seed: undefined, lab: x.lab.id }))),
  );
  const labs = new Set(runs.flatMap((r) => r.reports.map((x) => x.lab.id)));
  out.push(
    otherParams.size === labs.size
      ? 'params other than the seed: the same in every run'
      : `params other than the seed: ${otherParams.size - labs.size + 1} different settings`,
  );
  const machines = new Set(runs.map((r) => `${r.reports[0].machine.cpuModel}, ${r.reports[0].machine.cpuCount} cores`));
  out.push(`machines: ${machines.size === 1 ? [...machines][0] : `${machines.size} different (CPU and cores)`}`);
  const nodes = new Set(runs.map((r) => r.reports[0].machine.node));
  out.push(`Node: ${[...nodes].join(', ')}`);
  const loads = runs
    .flatMap((r) => r.reports.map((x) => x.machine.loadAverage?.[0]))
    .filter((x): x is number => x !== undefined);
  if (loads.length)
    out.push(
      `load average at start (1 min): median ${distribution(loads).median.toFixed(2)}, max ${Math.max(...loads).toFixed(2)}`,
    );
  return out;
}

const zText = (z: number | undefined) =>
  z === undefined
    ? '—'
    : Number.isFinite(z)
      ? Math.abs(z) < 0.05
        ? '0.0'
        : z.toFixed(1)
      : z > 0
        ? '+∞ (all others equal)'
        : '−∞ (all others equal)';
const num = (x: number | undefined) => (x === undefined ? '—' : formatNumber(x));
const esc = (text: string) => text.replace(/\|/g, '\\|');

/** Markdown; onlyNotable (the terminal) lists only rows where the reference has |z| >= 2. */
export function classMarkdown(c: ClassComparison, options: { onlyNotable?: boolean } = {}): string {
  const ref = c.reference;
  const out = [
    `# Class comparison: ${plural(c.runs.length, 'run')}`,
    '',
    ...c.header.map((h) => `- ${h}`),
    '',
    'Per row: the distribution over all runs (median, IQR, min, max); the reference run’s value, robust z-score ' +
      '((x - median) / (1.4826 MAD)) and percentile. Timings are medians of each run’s samples.',
    '',
    '## Runs',
    '',
    '| run | flags |',
    '| --- | --- |',
    ...c.flags.map(
      (f, i) => `| ${f.run}${i === ref ? ' (reference)' : ''} | ${f.flags.length ? esc(f.flags.join('; ')) : 'none'} |`,
    ),
  ];
  const shown = options.onlyNotable
    ? c.rows.filter((r) => {
        const z = r.z[ref];
        return z !== undefined && Math.abs(z) >= 2;
      })
    : c.rows;
  let current = '';
  for (const r of shown) {
    const group = `Lab ${r.lab}, table ${r.table}`;
    if (group !== current) {
      out.push(
        '',
        `## ${group}`,
        '',
        `| row | metric | runs | median | IQR | min | max | ${c.runs[ref].name} | z | percentile |`,
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      );
      current = group;
    }
    const d = r.dist;
    out.push(
      `| ${[
        esc(r.key),
        `${r.metric} (${r.unit})`,
        String(d?.count ?? 0),
        num(d?.median),
        d ? formatNumber(d.p75 - d.p25) : '—',
        num(d?.min),
        num(d?.max),
        num(r.values[ref]),
        zText(r.z[ref]),
        r.pct[ref] === undefined ? '—' : r.pct[ref].toFixed(0),
      ].join(' | ')} |`,
    );
  }
  if (shown.length < c.rows.length)
    out.push(
      '',
      `${c.rows.length - shown.length} rows where ${c.runs[ref].name} has |z| < 2 are not shown (--all shows every row).`,
    );
  if (c.rows.length === 0) out.push('', 'Nothing to compare (or --filter left no rows).');
  return `${out.join('\n')}\n`;
}

const csvField = (v: string | number | boolean | undefined): string => {
  const s = v === undefined ? '' : typeof v === 'number' && !Number.isFinite(v) ? (v > 0 ? 'inf' : '') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One CSV line per row and run: value, samples, robust z, percentile, and the row's median and IQR. */
export function classCsv(c: ClassComparison): string {
  const lines = ['lab,table,key,metric,unit,kind,run,reference,value,n,z,percentile,median,iqr'];
  for (const r of c.rows)
    c.runs.forEach((run, i) => {
      if (r.values[i] === undefined) return;
      lines.push(
        [
          r.lab,
          r.table,
          r.key,
          r.metric,
          r.unit,
          r.kind,
          run.name,
          i === c.reference,
          r.values[i],
          r.n[i],
          r.z[i],
          r.pct[i],
          r.dist?.median,
          r.dist ? r.dist.p75 - r.dist.p25 : undefined,
        ]
          .map(csvField)
          .join(','),
      );
    });
  return `${lines.join('\n')}\n`;
}

/** JSON (schema "syslab.class-comparison/1"); infinite z-scores are written as null. */
export function classJson(c: ClassComparison): string {
  return `${JSON.stringify({ schema: 'syslab.class-comparison/1', ...c }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`;
}
