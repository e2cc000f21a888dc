// DuckDB (@duckdb/node-api) as the independent reference: a vectorised C++ engine reading the same Parquet files.
// It checks that every Parquet file the lab writes is readable by another implementation with the same row count
// and column sums, and it answers the same queries in-engine (SQL over read_parquet), to show what an engine that
// works on column vectors, with statistics pushdown and several threads, does with the same bytes. Its reads
// happen in C++, so bytes are counted from the kernel's read counters (/proc/self/io). DuckDB's own cache of file
// blocks is switched off so that every query reads the file again. Tests: test/formats/duckdb.test.ts.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { countSyscallReads } from './io.js';
import type { QueryEngine, StoredFile } from './format.js';
import type { ColumnDef, DataTable, Value } from './table.js';

let instance: Promise<DuckDBInstance> | undefined;

/** One in-memory DuckDB for the process, without the external file cache (so reads are real reads). */
async function duckdb(): Promise<DuckDBInstance> {
  instance ??= (async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    return DuckDBInstance.create(':memory:', { enable_external_file_cache: 'false' });
  })();
  return instance;
}

async function withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await (await duckdb()).connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
  }
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const source = (path: string) => `read_parquet(${literal(path)})`;

/** A number as a constant of the column's type: epoch milliseconds become a TIMESTAMP, so the comparison stays a
 * plain column-versus-constant predicate that DuckDB can push down to row-group statistics. */
function constant(def: ColumnDef, value: number): string {
  return def.type === 'timestamp' ? `epoch_ms(${Math.trunc(value)}::BIGINT)` : String(value);
}

function fromDuck(v: unknown, def: ColumnDef): Value {
  if (v === null || v === undefined) return null;
  switch (def.type) {
    case 'timestamp':
      return (v as Date).getTime();
    case 'int64':
      return typeof v === 'bigint' ? v : BigInt(v as number);
    case 'int32':
    case 'double':
      return Number(v);
    default:
      return v as Value;
  }
}

const defOf = (file: StoredFile, name: string) => file.columns.find((c) => c.name === name) as ColumnDef;

export const duckdbEngine: QueryEngine = {
  id: 'duckdb',
  format: 'Parquet (DuckDB engine)',
  codec: 'SNAPPY',
  library: '@duckdb/node-api',
  bytesCountedAt: 'read() system calls of the process (/proc/self/io rchar)',
  notes: {
    sum: 'SELECT sum(col) FROM read_parquet(...): vectorised, multi-threaded, reads one column chunk per row group',
    filter: 'SELECT count(*), sum(col) WHERE ...: the predicate is pushed down to row-group statistics',
    lookup: 'SELECT * WHERE key = ? LIMIT 1: statistics prune row groups',
  },
  async sum(file, column, counter) {
    return countSyscallReads(counter, () =>
      withConnection(async (c) => {
        const col = ident(column);
        const reader = await c.runAndReadAll(`SELECT sum(${col})::DOUBLE, count(${col}) FROM ${source(file.path)}`);
        const [sum, count] = reader.getRowsJS()[0] as [number | null, bigint];
        return { sum: sum ?? 0, count: Number(count) };
      }),
    );
  },
  async filter(file, predicate, sumColumn, counter) {
    return countSyscallReads(counter, () =>
      withConnection(async (c) => {
        const where = `${ident(predicate.column)} ${predicate.op} ${constant(defOf(file, predicate.column), predicate.value)}`;
        const sql = `SELECT count(*), sum(${ident(sumColumn)})::DOUBLE FROM ${source(file.path)} WHERE ${where}`;
        const [matched, sum] = (await c.runAndReadAll(sql)).getRowsJS()[0] as [bigint, number | null];
        return { matched: Number(matched), sum: sum ?? 0 };
      }),
    );
  },
  async lookup(file, keyColumn, key, counter) {
    return countSyscallReads(counter, () =>
      withConnection(async (c) => {
        const k = typeof key === 'string' ? literal(key) : String(key);
        const reader = await c.runAndReadAll(
          `SELECT * FROM ${source(file.path)} WHERE ${ident(keyColumn)} = ${k} LIMIT 1`,
        );
        const rows = reader.getRowObjectsJS();
        if (rows.length === 0) return null;
        const row = rows[0] as Record<string, unknown>;
        const out: Record<string, Value> = {};
        for (const col of file.columns) out[col.name] = fromDuck(row[col.name], col);
        return out;
      }),
    );
  },
};

/** Per column: non-null count and a checksum (sum of values; of UTF-8 byte lengths for strings; of trues). */
export interface ColumnCheck {
  column: string;
  count: number;
  /** Exact for integer types, timestamps, booleans and string lengths; a float sum for doubles. */
  sum: number | bigint;
}

function checkExpr(def: ColumnDef): string {
  const c = ident(def.name);
  switch (def.type) {
    case 'int64':
    case 'int32':
      return `sum(${c})::HUGEINT`;
    case 'timestamp':
      return `sum(epoch_ms(${c}))::HUGEINT`;
    case 'boolean':
      return `count_if(${c})::HUGEINT`;
    case 'string':
      return `sum(strlen(${c}))::HUGEINT`;
    case 'double':
      return `sum(${c})::DOUBLE`;
  }
}

/** Row count and per-column checks of a Parquet file as DuckDB reads it. */
export async function duckdbChecks(
  path: string,
  columns: ColumnDef[],
): Promise<{ rows: number; checks: ColumnCheck[] }> {
  return withConnection(async (c) => {
    const parts = ['count(*)', ...columns.flatMap((d) => [`count(${ident(d.name)})`, checkExpr(d)])];
    const row = (await c.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${source(path)}`)).getRowsJS()[0] as unknown[];
    const checks = columns.map((d, j) => {
      const sum = row[2 + 2 * j];
      return {
        column: d.name,
        count: Number(row[1 + 2 * j]),
        sum: d.type === 'double' ? Number(sum ?? 0) : BigInt((sum as bigint | null) ?? 0n),
      };
    });
    return { rows: Number(row[0]), checks };
  });
}

/** The same checks computed from the table in memory. */
export function tableChecks(table: DataTable): ColumnCheck[] {
  return table.columns.map((d, j) => {
    const values = table.data[j];
    let count = 0;
    let exact = 0n;
    let float = 0;
    for (const v of values) {
      if (v === null) continue;
      count++;
      switch (d.type) {
        case 'int64':
          exact += v as bigint;
          break;
        case 'int32':
        case 'timestamp':
          exact += BigInt(v);
          break;
        case 'boolean':
          if (v) exact += 1n;
          break;
        case 'string':
          exact += BigInt(Buffer.byteLength(v as string));
          break;
        case 'double':
          float += v as number;
          break;
      }
    }
    return { column: d.name, count, sum: d.type === 'double' ? float : exact };
  });
}

/** Whether two checks agree: exact, except double sums, which may differ in the last bits (summation order). */
export function checksAgree(a: ColumnCheck, b: ColumnCheck): boolean {
  if (a.count !== b.count) return false;
  if (typeof a.sum === 'number' && typeof b.sum === 'number') {
    return Math.abs(a.sum - b.sum) <= 1e-9 * Math.max(1, Math.abs(a.sum), Math.abs(b.sum));
  }
  return a.sum === b.sum;
}
