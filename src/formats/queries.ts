// The queries every format answers, planned from the table and the seed (a value filter and a time filter at a
// quantile, a lookup key), and how an answer is described and checked against the one computed in memory. Used by
// src/formats/experiment.ts. Tests: test/formats/queries.test.ts.
import type { Rng } from '../core/rng.js';
import { formatNumber } from '../core/units.js';
import { numeric, type FilterResult, type Predicate, type SumResult } from './format.js';
import { column, sameValue, showValue, type ColumnDef, type DataTable, type Value } from './table.js';

/** The queries' parameters: the two filters and the lookup's column and key. */
export interface Queries {
  value: Predicate;
  time?: Predicate;
  keyColumn: string;
  key: Value;
}

/** The q-quantile of the non-null numeric values of a column (nearest rank). */
export function quantile(values: readonly Value[], q: number): number {
  const xs = values
    .map(numeric)
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b);
  if (xs.length === 0) throw new Error('quantile of an empty column');
  return xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))];
}

/** The queries every format answers, derived from the table and the seed. */
export function planQueries(
  table: DataTable,
  keyColumn: string,
  valueColumn: string,
  timeColumn: string | undefined,
  q: number,
  rng: Rng,
): Queries {
  const keys = column(table, keyColumn);
  let key: Value = null;
  for (let tries = 0; key === null && tries < 1000; tries++) key = keys[rng.int(table.rowCount)];
  const value: Predicate = { column: valueColumn, op: '>', value: quantile(column(table, valueColumn), q) };
  const time: Predicate | undefined = timeColumn
    ? { column: timeColumn, op: '>=', value: quantile(column(table, timeColumn), q) }
    : undefined;
  return { value, time, keyColumn, key };
}

/** Whether two sums agree up to floating-point rounding (formats add in different orders). */
export const sumsAgree = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

export function describeSum(r: SumResult): string {
  return `${formatNumber(r.count)} values, sum ${r.sum.toFixed(2)}`;
}

export function describeFilter(r: FilterResult): string {
  return `${formatNumber(r.matched)} rows, sum ${r.sum.toFixed(2)}`;
}

/** The first column where the looked-up row differs from the expected one, in words; undefined when equal. */
export function rowDifference(
  expected: Record<string, Value> | null,
  got: Record<string, Value> | null,
  columns: ColumnDef[],
): string | undefined {
  if (expected === null || got === null)
    return expected === got ? undefined : `expected ${expected ? 'a row' : 'no row'}, got ${got ? 'a row' : 'none'}`;
  for (const c of columns) {
    if (!sameValue(expected[c.name], got[c.name]))
      return `${c.name}: expected ${showValue(expected[c.name])}, got ${showValue(got[c.name])}`;
  }
  return undefined;
}

/** A predicate as the report shows it (timestamps as ISO text). */
export function whatOf(p: Predicate, def: ColumnDef): string {
  const shown = def.type === 'timestamp' ? new Date(p.value).toISOString() : String(p.value);
  return `${p.column} ${p.op} ${shown}`;
}
