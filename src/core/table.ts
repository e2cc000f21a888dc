// Result tables: named columns split into keys (how rows match across runs), metrics (unit, and which direction is
// better) and other descriptive columns, holding plain rows. A timing cell is a Summary, so noise can be judged.
// Tests: test/core/lab.test.ts, test/core/compare.test.ts.
import { isSummary, type Summary } from './stats.js';
import { formatNumber } from './units.js';
import { spreadText } from './words.js';

export type Cell = string | number | boolean | null | Summary;
export type Row = Record<string, Cell>;

/**
 * What kind of evidence a metric is, which decides how runs are compared:
 * - `exact`: deterministic for the same params and seed (hit counts, bytes): compared as same / changed;
 * - `sampled`: timings and rates derived from them (cells are Summaries with raw samples): tested statistically;
 * - `observed`: outcomes of random events (lost updates, deadlocks seen): described, never better or worse.
 * When omitted: `sampled` if the column holds Summaries, else `exact`.
 */
export type MetricKind = 'exact' | 'sampled' | 'observed';

export interface Metric {
  unit: string;
  kind?: MetricKind;
  /** Which direction is an improvement; omitted for neutral counts (no verdict when comparing). */
  better?: 'higher' | 'lower';
  description?: string;
}

export interface Table {
  title: string;
  description?: string;
  keys: string[];
  metrics: Record<string, Metric>;
  columns: string[];
  rows: Row[];
}

export interface TableInput {
  title: string;
  description?: string;
  keys: string[];
  metrics: Record<string, Metric>;
  columns?: string[];
  rows: Row[];
}

/** Builds a table and checks that its rows carry every declared key, so compare can always match them. */
export function table(input: TableInput): Table {
  for (const [i, row] of input.rows.entries()) {
    for (const key of input.keys) {
      if (!(key in row)) throw new Error(`table "${input.title}": row ${i} lacks key column "${key}"`);
    }
  }
  return {
    title: input.title,
    description: input.description,
    keys: input.keys,
    metrics: input.metrics,
    columns: input.columns ?? [],
    rows: input.rows,
  };
}

/** The plain number of a cell (a Summary's median). */
export function cellValue(cell: Cell | undefined): number | undefined {
  if (typeof cell === 'number') return cell;
  if (isSummary(cell)) return cell.median;
  return undefined;
}

export function formatCell(cell: Cell | undefined, unit?: string): string {
  if (cell === undefined || cell === null) return '';
  if (isSummary(cell)) {
    return `${formatNumber(cell.median)}${spreadText(cell)}`;
  }
  if (typeof cell === 'number') return unit === 'ratio' ? cell.toFixed(4) : formatNumber(cell);
  return String(cell);
}

/** All column names in display order: keys, descriptive columns, then metrics. */
export function columnOrder(t: Table): string[] {
  return [...t.keys, ...t.columns, ...Object.keys(t.metrics)];
}
