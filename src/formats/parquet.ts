// Parquet through hyparquet-writer (writing) and hyparquet (reading): pure JS, real column projection. A Parquet file
// is split into row groups; inside each, every column is stored contiguously as a column chunk of encoded
// (dictionary, run-length, plain), compressed pages, and the footer holds each chunk's offset and min/max statistics.
// So a one-column query reads one chunk per row group, a filter skips row groups whose statistics rule them out,
// and a point lookup reads the key chunk of the one row group whose [min, max] holds the key, then one page per
// column. The row-group pruning is written out here, by hand, because it is the lesson. Codecs: UNCOMPRESSED,
// SNAPPY (hyparquet-writer's built-in), GZIP (node:zlib) and ZSTD (@bokuweb/zstd-wasm); hyparquet-compressors
// decompresses. Tests: test/formats/parquet.test.ts.
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { loadCodecs } from './codecs.js';
import {
  filterValues,
  findRow,
  numeric,
  passes,
  sumValues,
  type FileFormat,
  type FilterResult,
  type Predicate,
} from './format.js';
import { CountingFile, type ReadCounter } from './io.js';
import type { ColumnDef, ColumnType, DataTable, Value } from './table.js';

export type ParquetCodec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'ZSTD';

const BASIC_TYPE = {
  int64: 'INT64',
  int32: 'INT32',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  string: 'STRING',
} as const satisfies Record<ColumnType, string>;

/** How much of the file's tail the first read fetches, hoping to get the whole footer in one read. */
export const FOOTER_FETCH_BYTES = 64 << 10;

/** Timestamps as plain milliseconds, the lab's canonical form, rather than Date objects. */
const parsers = { timestampFromMilliseconds: (ms: bigint) => Number(ms) };

async function readerLibs() {
  const [hyparquet, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  return { hyparquet, compressors };
}

/** An open Parquet file whose every read goes through the counter; metadata read on open. */
interface OpenParquet {
  file: AsyncBuffer;
  metadata: FileMetaData;
  close(): void;
}

async function openParquet(path: string, counter: ReadCounter): Promise<OpenParquet> {
  const { hyparquet } = await readerLibs();
  const f = new CountingFile(path, counter);
  const file: AsyncBuffer = {
    byteLength: f.size,
    slice: (start, end) => f.readArrayBuffer(start, (end ?? f.size) - start),
  };
  try {
    const metadata = await hyparquet.parquetMetadataAsync(file, { parsers, initialFetchSize: FOOTER_FETCH_BYTES });
    return { file, metadata, close: () => f.close() };
  } catch (error) {
    f.close();
    throw error;
  }
}

/** Reads `columns` of rows [rowStart, rowEnd) into plain arrays (one per column, nulls as null). */
async function readRange(
  pq: OpenParquet,
  columns: string[],
  rowStart: number,
  rowEnd: number,
  useOffsetIndex = false,
): Promise<Value[][]> {
  const { hyparquet, compressors } = await readerLibs();
  const out: Value[][] = columns.map(() => new Array<Value>(rowEnd - rowStart));
  await hyparquet.parquetRead({
    file: pq.file,
    metadata: pq.metadata,
    columns,
    rowStart,
    rowEnd,
    compressors,
    parsers,
    useOffsetIndex,
    onChunk: (chunk) => {
      const target = out[columns.indexOf(chunk.columnName)];
      if (!target) return;
      // A chunk may start before or end after the rows asked for: copy only the overlap.
      const from = Math.max(chunk.rowStart, rowStart);
      const to = Math.min(chunk.rowEnd, rowEnd);
      for (let r = from; r < to; r++) {
        const v: unknown = chunk.columnData[r - chunk.rowStart];
        target[r - rowStart] = v === undefined ? null : (v as Value);
      }
    },
  });
  return out;
}

export interface RowGroupInfo {
  index: number;
  rowStart: number;
  rowEnd: number;
  /** Statistics of one column in this group, as numbers (undefined when the writer stored none). */
  min?: number;
  max?: number;
  nullCount?: number;
}

function statNumber(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return numeric(v) ?? undefined;
  return undefined;
}

/** Each row group's row range and the footer statistics of one column. */
export function rowGroupStats(metadata: FileMetaData, column: string): RowGroupInfo[] {
  const groups: RowGroupInfo[] = [];
  let start = 0;
  metadata.row_groups.forEach((rg, index) => {
    const rows = Number(rg.num_rows);
    const chunk = rg.columns.find((c) => c.meta_data?.path_in_schema.join('.') === column);
    const stats = chunk?.meta_data?.statistics;
    groups.push({
      index,
      rowStart: start,
      rowEnd: start + rows,
      min: statNumber(stats?.min_value ?? stats?.min),
      max: statNumber(stats?.max_value ?? stats?.max),
      nullCount: stats?.null_count === undefined ? undefined : Number(stats.null_count),
    });
    start += rows;
  });
  return groups;
}

/** Whether a row group's statistics prove no row can pass the predicate (so the group need not be read). */
export function canSkip(group: RowGroupInfo, p: Predicate): boolean {
  if (group.nullCount !== undefined && group.nullCount === group.rowEnd - group.rowStart) return true; // all null
  if (group.max === undefined) return false; // no statistics: must read
  return !passes(group.max, p);
}

/** Whether a row group's statistics say the key may be inside. */
export function mayHoldKey(group: RowGroupInfo, key: number): boolean {
  if (group.min === undefined || group.max === undefined) return true;
  return key >= group.min && key <= group.max;
}

export function parquetFormat(codec: ParquetCodec): FileFormat {
  const lower = codec.toLowerCase();
  return {
    id: `parquet-${lower}`,
    format: 'Parquet',
    codec,
    library: 'hyparquet-writer + hyparquet',
    extension: `.${lower}.parquet`,
    bytesCountedAt: 'positional reads of the AsyncBuffer hyparquet reads through',
    notes: {
      scan: 'reads every column chunk',
      sum: 'reads the footer, then one column chunk per row group',
      filter:
        'row groups whose max statistic fails the predicate are skipped; two column chunks read per remaining group',
      lookup: 'key statistics pick the row group; its key chunk is read, then the one row through the offset index',
      append: 'writes a new part file beside it (Parquet files are immutable; table formats track the parts)',
    },
    async write(table, path, options) {
      await writeParquet(table, path, codec, options.rowGroupSize);
    },
    async scan(file, counter) {
      const pq = await openParquet(file.path, counter);
      try {
        const rows = Number(pq.metadata.num_rows);
        const data = await readRange(
          pq,
          file.columns.map((c) => c.name),
          0,
          rows,
        );
        return { columns: file.columns, data, rowCount: rows };
      } finally {
        pq.close();
      }
    },
    async sum(file, column, counter) {
      const pq = await openParquet(file.path, counter);
      try {
        const [values] = await readRange(pq, [column], 0, Number(pq.metadata.num_rows));
        return sumValues(values);
      } finally {
        pq.close();
      }
    },
    async filter(file, predicate, sumColumn, counter) {
      const pq = await openParquet(file.path, counter);
      try {
        const groups = rowGroupStats(pq.metadata, predicate.column);
        const result: FilterResult = { matched: 0, sum: 0, blocks: { total: groups.length, skipped: 0 } };
        for (const g of groups) {
          if (canSkip(g, predicate)) {
            result.blocks!.skipped++;
            continue;
          }
          const columns = predicate.column === sumColumn ? [predicate.column] : [predicate.column, sumColumn];
          const data = await readRange(pq, columns, g.rowStart, g.rowEnd);
          const group = filterValues(data[0], predicate, data[columns.length - 1]);
          result.matched += group.matched;
          result.sum += group.sum;
        }
        return result;
      } finally {
        pq.close();
      }
    },
    async lookup(file, keyColumn, key, counter) {
      const pq = await openParquet(file.path, counter);
      try {
        const k = numeric(key);
        for (const g of rowGroupStats(pq.metadata, keyColumn)) {
          if (k !== null && !mayHoldKey(g, k)) continue; // string keys: no numeric statistics to prune with
          const [keys] = await readRange(pq, [keyColumn], g.rowStart, g.rowEnd);
          const i = findRow(keys, key);
          if (i < 0) continue;
          const at = g.rowStart + i;
          const names = file.columns.map((c) => c.name);
          const data = await readRange(pq, names, at, at + 1, true);
          const row: Record<string, Value> = {};
          names.forEach((n, j) => {
            row[n] = data[j][0];
          });
          return row;
        }
        return null;
      } finally {
        pq.close();
      }
    },
    async append(file, rows, part, options) {
      await writeParquet(rows, `${file.path}.part-${part}.parquet`, codec, options.rowGroupSize);
    },
  };
}

async function writeParquet(table: DataTable, path: string, codec: ParquetCodec, rowGroupSize: number): Promise<void> {
  const [{ parquetWriteFile }, codecs] = await Promise.all([import('hyparquet-writer'), loadCodecs()]);
  parquetWriteFile({
    filename: path,
    codec,
    compressors: { GZIP: codecs.gzip.compress, ZSTD: codecs.zstd.compress },
    rowGroupSize,
    statistics: true,
    columnData: table.columns.map((c: ColumnDef, j) => ({
      name: c.name,
      data: table.data[j] as never,
      type: BASIC_TYPE[c.type],
      nullable: true,
    })),
  });
}
