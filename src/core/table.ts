// Result tables: named columns split into keys (how rows match across runs), metrics (unit, and which direction is
// better) and other descriptive columns, holding plain rows. A timing cell is a Summary, so noise can be judged.
// Tests: test/core/lab.test.ts, test/core/compare.test.ts.
import { isSummary, type Summary } from './stats.js';
import { formatNumber } from './units.js';

export type Cell = string | number | boolean | null | Summary;
export type Row = Record<string, Cell>;

export interface Metric {
  unit: string;
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
  return { title: input.title, description: input.description, keys: input.keys, metrics: input.metrics, columns: input.columns ?? [], rows: input.rows };
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
    const spread = cell.n > 1 ? ` ±${(cell.relSpread * 50).toFixed(0)}%` : '';
    return `${formatNumber(cell.median)}${spread}`;
  }
  if (typeof cell === 'number') return unit === 'ratio' ? cell.toFixed(4) : formatNumber(cell);
  return String(cell);
}

/** All column names in display order: keys, descriptive columns, then metrics. */
export function columnOrder(t: Table): string[] {
  return [...t.keys, ...t.columns, ...Object.keys(t.metrics)];
}
