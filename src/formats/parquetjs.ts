// Parquet through parquetjs-lite: the row-at-a-time API (writer.appendRow(row), cursor.next()) for comparison with
// hyparquet's column-at-a-time one. The library is unmaintained; the faults met here and how each is handled:
//  1. Timestamps cannot be read back: INT64 values are decoded as BigInt, and its TIMESTAMP_MILLIS conversion does
//     `new Date(+value)`, which throws "Cannot convert a BigInt value to a number". Patched: Number(value).
//  2. INT64 values are written through parseInt(), losing precision beyond 2^53. Patched: BigInt(value).
//  3. The cursor takes rows with Array.prototype.shift() on the whole row group's array. Above about 16,000 rows
//     (128 KiB of pointers) V8 cannot shift the array in place and copies the rest on every call: time quadratic
//     in the row-group size, so row groups must stay small (PARQUETJS_MAX_ROW_GROUP rows here, whatever
//     --row-group-size says). measureCursorCost() below shows it.
//  4. Codecs: UNCOMPRESSED, SNAPPY and GZIP only (no BROTLI, LZ4 or ZSTD in the lite build); SNAPPY is used.
//  5. It cannot read files other writers make with newer encodings (e.g. hyparquet-writer's RLE_DICTIONARY pages);
//     the lab tries and reports the error it gets.
// The patches are applied once, to the library's own type table, before the first use. Tests:
// test/formats/parquetjs.test.ts.
import { createRequire } from 'node:module';
import type { Summary } from '../core/stats.js';
import { measure } from '../core/timing.js';
import { findRow, wholeColumnQueries, type FileFormat, type StoredFile } from './format.js';
import { CountingFile, type ReadCounter } from './io.js';
import type { ColumnDef, ColumnType, DataTable, Value } from './table.js';

/** Row groups above this size make the cursor slow (fault 3). */
export const PARQUETJS_MAX_ROW_GROUP = 10_000;

const PARQUETJS_TYPE: Record<ColumnType, string> = {
  int64: 'INT64',
  int32: 'INT32',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP_MILLIS',
  string: 'UTF8',
};

interface Cursor {
  next(): Promise<Record<string, unknown> | null>;
}
interface Reader {
  getCursor(columns?: string[]): Cursor;
  getRowCount(): number | bigint;
  close(): Promise<void>;
}
interface ParquetjsLib {
  ParquetSchema: new (fields: Record<string, unknown>) => unknown;
  ParquetWriter: {
    openFile(
      schema: unknown,
      path: string,
      opts?: Record<string, unknown>,
    ): Promise<{ appendRow(row: Record<string, unknown>): Promise<void>; close(): Promise<void> }>;
  };
  ParquetReader: { openEnvelopeReader(envelope: unknown, opts?: unknown): Promise<Reader> };
  ParquetEnvelopeReader: new (
    readFn: (offset: number, length: number) => Promise<Buffer>,
    closeFn: () => Promise<void>,
    size: number,
  ) => unknown;
}
interface LogicalType {
  toPrimitive?: (v: unknown) => unknown;
  fromPrimitive?: (v: unknown) => unknown;
}

let lib: ParquetjsLib | undefined;

/** parquetjs-lite with faults 1 and 2 patched (CommonJS, loaded lazily). */
export function parquetjs(): ParquetjsLib {
  if (lib) return lib;
  const require = createRequire(import.meta.url);
  const types = require('parquetjs-lite/lib/types') as { PARQUET_LOGICAL_TYPES: Record<string, LogicalType> };
  const t = types.PARQUET_LOGICAL_TYPES;
  t.TIMESTAMP_MILLIS.fromPrimitive = (v) => new Date(Number(v)); // fault 1
  t.INT64.toPrimitive = (v) => BigInt(v as bigint); // fault 2
  lib = require('parquetjs-lite') as ParquetjsLib;
  return lib;
}

async function openReader(path: string, counter: ReadCounter): Promise<Reader> {
  const { ParquetReader, ParquetEnvelopeReader } = parquetjs();
  const f = new CountingFile(path, counter);
  const envelope = new ParquetEnvelopeReader(
    async (offset, length) => f.readAt(offset, length),
    async () => f.close(),
    f.size,
  );
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
      for (let k = 0; k < defs.length; k++) out[k].push(fromRecord(row[defs[k].name], defs[k].type));
    }
    return out;
  } finally {
    await reader.close();
  }
}

async function writeFile(table: DataTable, path: string, rowGroupSize: number): Promise<void> {
  const { ParquetSchema, ParquetWriter } = parquetjs();
  const fields: Record<string, unknown> = {};
  for (const c of table.columns)
    fields[c.name] = { type: PARQUETJS_TYPE[c.type], optional: true, compression: 'SNAPPY' };
  const writer = await ParquetWriter.openFile(new ParquetSchema(fields), path, {
    rowGroupSize: Math.min(rowGroupSize, PARQUETJS_MAX_ROW_GROUP),
  });
  for (let i = 0; i < table.rowCount; i++) {
    const row: Record<string, unknown> = {};
    table.columns.forEach((c, j) => {
      const v = table.data[j][i];
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
  ...wholeColumnQueries(readColumns),
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

/** One pass of the cursor over every row of the file, uncounted. */
async function cursorPass(path: string): Promise<void> {
  const reader = await openReader(path, { bytes: 0, reads: 0 });
  try {
    const cursor = reader.getCursor();
    while (await cursor.next());
  } finally {
    await reader.close();
  }
}

/** Tries to read a Parquet file another writer made; the error message when parquetjs-lite cannot (fault 5). */
export async function parquetjsReadError(path: string): Promise<string | undefined> {
  try {
    await cursorPass(path);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface CursorCost {
  rows: number;
  rowGroupSize: number;
  /** One full cursor pass over the file. */
  seconds: Summary;
}

/**
 * Fault 3, measured: the same rows of one INT32 column read through cursor.next() with row groups of each size
 * (the patched library is used as is; only the row-group size differs). One untimed pass over the first file warms
 * the code up, then every file is timed `repeats` times. V8 shifts a small array in place, in constant time; an
 * array over 128 KiB (about 16,000 rows) lives in its large-object space, where it cannot, so the cost only shows
 * above that size.
 */
export async function measureCursorCost(
  dir: string,
  rows: number,
  rowGroupSizes: readonly number[],
  repeats = 1,
): Promise<CursorCost[]> {
  const { ParquetSchema, ParquetWriter } = parquetjs();
  const paths: string[] = [];
  for (const rowGroupSize of rowGroupSizes) {
    const path = `${dir}/parquetjs-cursor-${rowGroupSize}.parquet`;
    const writer = await ParquetWriter.openFile(new ParquetSchema({ n: { type: 'INT32' } }), path, { rowGroupSize });
    for (let i = 0; i < rows; i++) await writer.appendRow({ n: i });
    await writer.close();
    paths.push(path);
  }
  const out: CursorCost[] = [];
  for (const [i, rowGroupSize] of rowGroupSizes.entries()) {
    const seconds = await measure(() => cursorPass(paths[i]), { warmup: i === 0 ? 1 : 0, repeats });
    out.push({ rows, rowGroupSize, seconds });
  }
  return out;
}
