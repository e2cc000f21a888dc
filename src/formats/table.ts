// The in-memory table every format writes and reads back: typed columns of plain values, stored column by column.
// One canonical value per type lets a round trip be checked exactly whatever the file format. Tests:
// test/formats/table.test.ts.

/** The column types the lab knows; each format maps them to its own physical types. */
export type ColumnType = 'int64' | 'int32' | 'double' | 'boolean' | 'timestamp' | 'string';

/**
 * The canonical JS value of each type (null is a missing value in every column):
 * int64 -> bigint (exact over the whole 64-bit range), int32 and double -> number, boolean -> boolean,
 * timestamp -> number of milliseconds since 1970-01-01T00:00:00Z (UTC), string -> string.
 */
export type Value = bigint | number | boolean | string | null;

export interface ColumnDef {
  name: string;
  type: ColumnType;
}

export interface DataTable {
  columns: ColumnDef[];
  /** One array per column, in the order of `columns`, each `rowCount` long. */
  data: Value[][];
  rowCount: number;
}

export function columnIndex(table: Pick<DataTable, 'columns'>, name: string): number {
  const i = table.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no column "${name}"; columns: ${table.columns.map((c) => c.name).join(', ')}`);
  return i;
}

export function column(table: DataTable, name: string): Value[] {
  return table.data[columnIndex(table, name)];
}

/** Row i as an object, for point lookups and error messages. */
export function rowAt(table: DataTable, i: number): Record<string, Value> {
  const row: Record<string, Value> = {};
  table.columns.forEach((c, j) => {
    row[c.name] = table.data[j][i];
  });
  return row;
}

/** Rows [start, end) as a new table sharing no arrays with the old one. */
export function sliceTable(table: DataTable, start: number, end: number): DataTable {
  const s = Math.max(0, start);
  const e = Math.min(table.rowCount, end);
  return { columns: table.columns, data: table.data.map((col) => col.slice(s, e)), rowCount: Math.max(0, e - s) };
}

export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  // NaN is not produced by the generator, but a user's CSV cannot hold it either; treat NaN as equal to NaN.
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}

export function showValue(v: Value | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return String(v);
}

/** The first place where two tables differ, in words, or undefined when they hold exactly the same values. */
export function firstDifference(expected: DataTable, actual: DataTable): string | undefined {
  const names = (t: DataTable) => t.columns.map((c) => `${c.name}:${c.type}`).join(',');
  if (names(expected) !== names(actual)) return `columns differ: expected ${names(expected)}, got ${names(actual)}`;
  if (expected.rowCount !== actual.rowCount)
    return `row count differs: expected ${expected.rowCount}, got ${actual.rowCount}`;
  for (let j = 0; j < expected.columns.length; j++) {
    const a = expected.data[j];
    const b = actual.data[j];
    if (a.length !== expected.rowCount || b.length !== actual.rowCount)
      return `column ${expected.columns[j]?.name} has the wrong length`;
    for (let i = 0; i < a.length; i++) {
      if (!sameValue(a[i], b[i])) {
        return `row ${i} column ${expected.columns[j]?.name}: expected ${showValue(a[i])}, got ${showValue(b[i])}`;
      }
    }
  }
  return undefined;
}
