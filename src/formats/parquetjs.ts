// Parquet through parquetjs-lite: the row-at-a-time API (writer.appendRow(row), cursor.next()) for comparison with
// hyparquet's column-at-a-time one. The library is unmaintained; the faults met here and how each is handled:
//  1. Timestamps cannot be read back: INT64 values are decoded as BigInt, and its TIMESTAMP_MILLIS conversion does
//     `new Date(+value)`, which throws "Cannot convert a BigInt value to a number". Patched: Number(value).
//  2. INT64 values are written through parseInt(), losing precision beyond 2^53. Patched: BigInt(value).
//  3. The cursor takes rows with Array.prototype.shift() on the whole row group's array, which costs time
//     proportional to the rows left: quadratic in the row-group size, so row groups must stay small
//     (PARQUETJS_MAX_ROW_GROUP rows here, whatever --row-group-size says).
//  4. Codecs: UNCOMPRESSED, SNAPPY and GZIP only (no BROTLI, LZ4 or ZSTD in the lite build); SNAPPY is used.
//  5. It cannot read files other writers make with newer encodings (e.g. hyparquet-writer's RLE_DICTIONARY pages);
//     the lab tries and reports the error it gets.
// The patches are applied once, to the library's own type table, before the first use. Tests:
// test/formats/parquetjs.test.ts.
import { createRequire } from 'node:module';
import { filterValues, findRow, sumValues, type FileFormat, type StoredFile } from './format.js';
import { CountingFile, type ReadCounter } from './io.js';
import type { ColumnDef, ColumnType, Table, Value } from './table.js';

/** Row groups above this size make the cursor slow (fault 3). */
export const PARQUETJS_MAX_ROW_GROUP = 10_000;

const PARQUETJS_TYPE: Record<ColumnType, string> = {
  int64: 'INT64', int32: 'INT32', double: 'DOUBLE', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP_MILLIS', string: 'UTF8',
};

interface Cursor { next(): Promise<Record<string, unknown> | null> }
interface Reader { getCursor(columns?: string[]): Cursor; getRowCount(): number | bigint; close(): Promise<void> }
interface ParquetjsLib {
  ParquetSchema: new (fields: Record<string, unknown>) => unknown;
  ParquetWriter: { openFile(schema: unknown, path: string, opts?: Record<string, unknown>): Promise<{ appendRow(row: Record<string, unknown>): Promise<void>; close(): Promise<void> }> };
  ParquetReader: { openEnvelopeReader(envelope: unknown, opts?: unknown): Promise<Reader> };
  ParquetEnvelopeReader: new (readFn: (offset: number, length: number) => Promise<Buffer>, closeFn: () => Promise<void>, size: number) => unknown;
}
interface LogicalType { toPrimitive?: (v: unknown) => unknown; fromPrimitive?: (v: unknown) => unknown }

let lib: ParquetjsLib | undefined;

/** parquetjs-lite with faults 1 and 2 patched (CommonJS, loaded lazily). */
export function parquetjs(): ParquetjsLib {
  if (lib) return lib;
  const require = createRequire(import.meta.url);
  const types = require('parquetjs-lite/lib/types') as { PARQUET_LOGICAL_TYPES: Record<string, LogicalType> };
  const t = types.PARQUET_LOGICAL_TYPES;
  (t.TIMESTAMP_MILLIS as LogicalType).fromPrimitive = (v) => new Date(Number(v as bigint));  // fault 1
  (t.INT64 as LogicalType).toPrimitive = (v) => BigInt(v as bigint);                       // fault 2
  lib = require('parquetjs-lite') as ParquetjsLib;
  return lib;
}

async function openReader(path: string, counter: ReadCounter): Promise<Reader> {
  const { ParquetReader, ParquetEnvelopeReader } = parquetjs();
  const f = new CountingFile(path, counter);
  const envelope = new ParquetEnvelopeReader(async (offset, length) => f.readAt(offset, length), async () => f.close(), f.size);
  return ParquetReader.openEnvelopeReader(envelope);
}

function fromRecord(v: unknown, type: ColumnType): Value {
  if (v === null || v === undefined) return null;
  if (type === 'timestamp') return (v as Date).getTime();
  if (type === 'int64') return typeof v === 'bigint' ? v : BigInt(v as number);
  return v as Value;
}

/** Every row of the given columns, one cursor.next() at a time. */
async function readColumns(file: StoredFile, names: string[], counter: ReadCounter): Promise<Value[][]> {
  const reader = await openReader(file.path, counter);
  try {
    const defs = names.map((n) => file.columns.find((c) => c.name === n) as ColumnDef);
    const out: Value[][] = names.map(() => []);
    const cursor = reader.getCursor(names);
    for (let row = await cursor.next(); row; row = await cursor.next()) {
      for (let k = 0; k < defs.length; k++) (out[k] as Value[]).push(fromRecord(row[(defs[k] as ColumnDef).name], (defs[k] as ColumnDef).type));
    }
    return out;
  } finally {
    await reader.close();
  }
}

async function writeFile(table: Table, path: string, rowGroupSize: number): Promise<void> {
  const { ParquetSchema, ParquetWriter } = parquetjs();
  const fields: Record<string, unknown> = {};
  for (const c of table.columns) fields[c.name] = { type: PARQUETJS_TYPE[c.type], optional: true, compression: 'SNAPPY' };
  const writer = await ParquetWriter.openFile(new ParquetSchema(fields), path, { rowGroupSize: Math.min(rowGroupSize, PARQUETJS_MAX_ROW_GROUP) });
  for (let i = 0; i < table.rowCount; i++) {
    const row: Record<string, unknown> = {};
    table.columns.forEach((c, j) => {
      const v = (table.data[j] as Value[])[i] as Value;
      // A missing optional field is how parquetjs-lite writes null.
      if (v !== null) row[c.name] = c.type === 'timestamp' ? new Date(v as number) : v;
    });
    await writer.appendRow(row);
  }
  await writer.close();
}

export const parquetjsFormat: FileFormat = {
  id: 'parquetjs-snappy',
  format: 'Parquet (row API)',
  codec: 'SNAPPY',
  library: 'parquetjs-lite',
  extension: '.parquetjs.snappy.parquet',
  bytesCountedAt: "reads of the envelope reader's read function",
  notes: {
    scan: 'cursor.next() row by row over all columns',
    sum: 'cursor over one column (projection works), row by row',
    filter: 'cursor over two columns row by row; the cursor API cannot skip row groups',
    lookup: 'cursor over all columns until the key is found',
    append: 'writes a new part file beside it',
  },
  async write(table, path, options) {
    await writeFile(table, path, options.rowGroupSize);
  },
  async scan(file, counter) {
    const data = await readColumns(file, file.columns.map((c) => c.name), counter);
    return { columns: file.columns, data, rowCount: data[0]?.length ?? 0 };
  },
  async sum(file, column, counter) {
    const [values] = await readColumns(file, [column], counter);
    return sumValues(values as Value[]);
  },
  async filter(file, predicate, sumColumn, counter) {
    const names = predicate.column === sumColumn ? [predicate.column] : [predicate.column, sumColumn];
    const data = await readColumns(file, names, counter);
    return filterValues(data[0] as Value[], predicate, data[names.length - 1] as Value[]);
  },
  async lookup(file, keyColumn, key, counter) {
    const reader = await openReader(file.path, counter);
    try {
      const cursor = reader.getCursor();
      const keyType = (file.columns.find((c) => c.name === keyColumn) as ColumnDef).type;
      for (let row = await cursor.next(); row; row = await cursor.next()) {
        if (findRow([fromRecord(row[keyColumn], keyType)], key) === 0) {
          const out: Record<string, Value> = {};
          for (const c of file.columns) out[c.name] = fromRecord(row[c.name], c.type);
          return out;
        }
      }
      return null;
    } finally {
      await reader.close();
    }
  },
  async append(file, rows, part, options) {
    await writeFile(rows, `${file.path}.part-${part}.parquet`, options.rowGroupSize);
  },
};

/** Tries to read a Parquet file another writer made; the error message when parquetjs-lite cannot (fault 5). */
export async function parquetjsReadError(path: string): Promise<string | undefined> {
  try {
    const reader = await openReader(path, { bytes: 0, reads: 0 });
    try {
      const cursor = reader.getCursor();
      while (await cursor.next());
    } finally {
      await reader.close();
    }
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface CursorCost {
  rows: number;
  rowGroupSize: number;
  seconds: number;
}

/**
 * Fault 3, measured: the same rows of one INT32 column read through cursor.next() with small row groups and with
 * one large row group (the patched library is used as is; only the row-group size differs).
 */
export async function measureCursorCost(dir: string, rows: number, rowGroupSizes: readonly number[]): Promise<CursorCost[]> {
  const { ParquetSchema, ParquetWriter } = parquetjs();
  const out: CursorCost[] = [];
  for (const rowGroupSize of rowGroupSizes) {
    const path = `${dir}/parquetjs-cursor-${rowGroupSize}.parquet`;
    const writer = await ParquetWriter.openFile(new ParquetSchema({ n: { type: 'INT32' } }), path, { rowGroupSize });
    for (let i = 0; i < rows; i++) await writer.appendRow({ n: i });
    await writer.close();
    const reader = await openReader(path, { bytes: 0, reads: 0 });
    try {
      const cursor = reader.getCursor();
      const t0 = performance.now();
      while (await cursor.next());
      out.push({ rows, rowGroupSize, seconds: (performance.now() - t0) / 1000 });
    } finally {
      await reader.close();
    }
  }
  return out;
}
