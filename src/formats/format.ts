// The one small interface every storage format implements (src/formats/<format>.ts), so the lab can write, read
// and query them all the same way and a student can plug in a format of their own. Rule by rule:
//   write   stores the whole table in one new file at `path` (the caller times it and measures the file);
//   scan    reads every row and column back, exactly (values, nulls, timestamps): the round-trip check;
//   sum     SUM and COUNT of one numeric column's non-null values (the analytics query: one column of many);
//   filter  COUNT(*) and SUM(sumColumn) over rows where `column > value` (or >=); nulls never match; a format with
//           per-block statistics may skip blocks and says how many it skipped;
//   lookup  the row whose key column equals `key` (the transaction query), or null;
//   append  adds rows to the stored table: in place where the format allows it, else as a new part file beside it;
//   every read goes through the ReadCounter passed in (src/formats/io.ts), so bytes read are measured, not guessed.
// Tests: test/formats/<format>.test.ts (round trips and known query answers per format).
import type { ReadCounter } from './io.js';
import type { ColumnDef, DataTable, Value } from './table.js';

export interface SumResult {
  /** Non-null values summed. */
  count: number;
  sum: number;
}

export interface Predicate {
  column: string;
  op: '>' | '>=';
  value: number;
}

export interface FilterResult {
  matched: number;
  sum: number;
  /** Blocks with statistics (Parquet row groups): how many there were and how many the statistics let us skip. */
  blocks?: { total: number; skipped: number };
}

export interface StoredFile {
  path: string;
  /** The table's columns: the text formats need them to type what they parse. */
  columns: ColumnDef[];
}

export interface WriteOptions {
  /** Rows per row group (Parquet) or record batch (Arrow). */
  rowGroupSize: number;
  /** The key column that point lookups use (SQLite indexes it). */
  keyColumn: string;
}

export type QueryName = 'scan' | 'sum' | 'filter' | 'lookup' | 'append';

/** The queries one engine answers over a stored file; a file format also writes and appends. */
export interface QueryEngine {
  id: string;
  format: string;
  codec: string;
  library: string;
  /** Where this engine's bytes read are counted, in words. */
  bytesCountedAt: string;
  /** How each query is done, in one line each, for the report. */
  notes: Partial<Record<QueryName, string>>;
  scan?(file: StoredFile, counter: ReadCounter): Promise<DataTable>;
  sum(file: StoredFile, column: string, counter: ReadCounter): Promise<SumResult>;
  filter(file: StoredFile, predicate: Predicate, sumColumn: string, counter: ReadCounter): Promise<FilterResult>;
  lookup(file: StoredFile, keyColumn: string, key: Value, counter: ReadCounter): Promise<Record<string, Value> | null>;
}

export interface FileFormat extends QueryEngine {
  /** File name extension, e.g. ".csv" or ".snappy.parquet". */
  extension: string;
  write(table: DataTable, path: string, options: WriteOptions): Promise<void>;
  scan(file: StoredFile, counter: ReadCounter): Promise<DataTable>;
  /** Appends `rows`; `part` numbers successive appends (for formats that write a new part file each time). */
  append(file: StoredFile, rows: DataTable, part: number, options: WriteOptions): Promise<void>;
}

/** Whether a non-null numeric value passes a predicate. */
export function passes(v: number, p: Predicate): boolean {
  return p.op === '>' ? v > p.value : v >= p.value;
}

/** A number from a numeric cell (int64 bigints included), or null. */
export function numeric(v: Value): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** SUM/COUNT over an in-memory column: the reference answer, and what full-scan formats compute after reading. */
export function sumValues(values: readonly Value[]): SumResult {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    const x = numeric(v);
    if (x !== null) {
      sum += x;
      count++;
    }
  }
  return { count, sum };
}

/** The filter over in-memory columns. */
export function filterValues(filterColumn: readonly Value[], p: Predicate, sumColumn: readonly Value[]): FilterResult {
  let matched = 0;
  let sum = 0;
  for (let i = 0; i < filterColumn.length; i++) {
    const x = numeric(filterColumn[i]);
    if (x !== null && passes(x, p)) {
      matched++;
      const s = numeric(sumColumn[i]);
      if (s !== null) sum += s;
    }
  }
  return { matched, sum };
}

/** Reads the named columns of a stored file whole, through the counter, one array per name in the order asked. */
export type ColumnReader = (file: StoredFile, names: string[], counter: ReadCounter) => Promise<Value[][]>;

/**
 * scan, sum and filter for a format that can only read whole columns and has no statistics (CSV, JSON lines,
 * parquetjs-lite's cursor): read the columns the query needs, then compute in memory as the reference does.
 */
export function wholeColumnQueries(read: ColumnReader): Pick<FileFormat, 'scan' | 'sum' | 'filter'> {
  return {
    async scan(file, counter) {
      const data = await read(
        file,
        file.columns.map((c) => c.name),
        counter,
      );
      return { columns: file.columns, data, rowCount: data[0]?.length ?? 0 };
    },
    async sum(file, column, counter) {
      const [values] = await read(file, [column], counter);
      return sumValues(values);
    },
    async filter(file, predicate, sumColumn, counter) {
      const names = predicate.column === sumColumn ? [predicate.column] : [predicate.column, sumColumn];
      const data = await read(file, names, counter);
      return filterValues(data[0], predicate, data[names.length - 1]);
    },
  };
}

/** Lookup in memory: the first row whose key equals `key` (bigint and number keys compare by value). */
export function findRow(keys: readonly Value[], key: Value): number {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];

    if (k !== null && k == key) return i;
  }
  return -1;
}
