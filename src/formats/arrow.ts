// Arrow IPC files through apache-arrow: the columnar in-memory layout written to disk as it is (record batches of
// contiguous column buffers), so reading needs no parsing. Variants: plain; with low-cardinality string columns
// dictionary-encoded (the category column: 50 distinct values stored once, rows hold 1-byte indices); and with
// ZSTD-compressed buffers (a codec registered in apache-arrow's compressionRegistry; see src/formats/codecs.ts).
// apache-arrow in JS reads an IPC file as a whole (no memory mapping), so even a one-column query reads every byte;
// that is a property of this reader, not of the format. Tests: test/formats/arrow.test.ts.
import { writeFileSync } from 'node:fs';
import { loadCodecs } from './codecs.js';
import { findRow, wholeColumnQueries, type ColumnReader, type FileFormat, type StoredFile } from './format.js';
import { readWholeFile, type ReadCounter } from './io.js';
import type { DataTable, Value } from './table.js';

type Arrow = typeof import('apache-arrow');
export type ArrowCompression = 'none' | 'zstd';

let arrowLoaded: Promise<Arrow> | undefined;

/** apache-arrow with this lab's codecs registered (imported lazily: it is a large module). */
async function arrowLib(): Promise<Arrow> {
  arrowLoaded ??= (async () => {
    const A = await import('apache-arrow');
    const codecs = await loadCodecs();
    A.compressionRegistry.set(A.CompressionType.ZSTD, { encode: codecs.zstd.compress, decode: codecs.zstd.decompress });
    return A;
  })();
  return arrowLoaded;
}

/** A string column is dictionary-encoded when it has at most this many distinct values and they repeat. */
const DICTIONARY_MAX_DISTINCT = 1000;

/** The number of distinct values when the column is worth a dictionary, else undefined. */
function dictionarySize(values: readonly Value[]): number | undefined {
  const seen = new Set<Value>();
  for (const v of values) {
    if (v === null) continue;
    seen.add(v);
    if (seen.size > DICTIONARY_MAX_DISTINCT) return undefined;
  }
  return seen.size * 2 <= values.length ? Math.max(1, seen.size) : undefined;
}

function buildTable(A: Arrow, table: DataTable, dictionary: boolean) {
  const vectors: Record<string, import('apache-arrow').Vector> = {};
  table.columns.forEach((c, j) => {
    const values = table.data[j];
    let type: import('apache-arrow').DataType;
    switch (c.type) {
      case 'int64':
        type = new A.Int64();
        break;
      case 'int32':
        type = new A.Int32();
        break;
      case 'double':
        type = new A.Float64();
        break;
      case 'boolean':
        type = new A.Bool();
        break;
      case 'timestamp':
        type = new A.TimestampMillisecond();
        break;
      case 'string': {
        const distinct = dictionary ? dictionarySize(values) : undefined;
        // The narrowest index type that holds every distinct value, as a real encoder would choose.
        const index =
          distinct === undefined
            ? undefined
            : distinct <= 127
              ? new A.Int8()
              : distinct <= 32767
                ? new A.Int16()
                : new A.Int32();
        type = index ? new A.Dictionary(new A.Utf8(), index) : new A.Utf8();
        break;
      }
    }
    vectors[c.name] = A.vectorFromArray(values as never[], type);
  });
  return new A.Table(vectors);
}

/** The stored table as record batches of `batchRows` rows, sharing one dictionary per column. */
async function toIpc(
  table: DataTable,
  batchRows: number,
  dictionary: boolean,
  compression: ArrowCompression,
): Promise<Uint8Array> {
  const A = await arrowLib();
  const whole = buildTable(A, table, dictionary);
  const batches = [];
  for (let start = 0; start < Math.max(1, table.rowCount); start += batchRows)
    batches.push(...whole.slice(start, start + batchRows).batches);
  const type = compression === 'zstd' ? A.CompressionType.ZSTD : null;
  return A.tableToIPC(new A.Table(whole.schema, batches), 'file', type);
}

async function readTable(file: StoredFile, counter: ReadCounter) {
  const A = await arrowLib();
  return A.tableFromIPC(readWholeFile(file.path, counter));
}

function columnValues(t: import('apache-arrow').Table, name: string): Value[] {
  const vec = t.getChild(name);
  if (!vec) throw new Error(`Arrow file has no column ${name}`);
  const out = new Array<Value>(vec.length);
  let i = 0;
  for (const v of vec) out[i++] = v === undefined ? null : (v as Value);
  return out;
}

/** The whole file is read (apache-arrow JS cannot read part of an IPC file), then the columns asked for taken. */
const readColumns: ColumnReader = async (file, names, counter) => {
  const t = await readTable(file, counter);
  return names.map((name) => columnValues(t, name));
};

export function arrowFormat(options: { dictionary: boolean; compression: ArrowCompression }): FileFormat {
  const { dictionary, compression } = options;
  const suffix = `${dictionary ? '.dict' : ''}${compression === 'none' ? '' : `.${compression}`}`;
  return {
    id: `arrow${dictionary ? '-dict' : ''}${compression === 'none' ? '' : `-${compression}`}`,
    format: dictionary ? 'Arrow IPC (dictionary strings)' : 'Arrow IPC',
    codec: compression === 'none' ? 'none' : 'ZSTD',
    library: 'apache-arrow',
    extension: `${suffix}.arrow`,
    bytesCountedAt: 'one read of the whole file',
    notes: {
      scan: 'reads the file, then iterates the column vectors',
      sum: 'reads the whole file (apache-arrow JS has no column projection from disk), then sums one vector',
      filter: 'reads the whole file, then tests one vector and sums another; no statistics',
      lookup: 'reads the whole file, then searches the key vector',
      append: 'writes a new part file beside it (an IPC file ends with a footer; it is not appended to)',
    },
    async write(table, path, opts) {
      writeFileSync(path, await toIpc(table, opts.rowGroupSize, dictionary, compression));
    },
    ...wholeColumnQueries(readColumns),
    async lookup(file, keyColumn, key, counter) {
      const t = await readTable(file, counter);
      const i = findRow(columnValues(t, keyColumn), key);
      if (i < 0) return null;
      const row: Record<string, Value> = {};
      for (const c of file.columns) {
        const v: unknown = t.getChild(c.name)?.get(i);
        row[c.name] = v === undefined ? null : (v as Value);
      }
      return row;
    },
    async append(file, rows, part, opts) {
      writeFileSync(`${file.path}.part-${part}.arrow`, await toIpc(rows, opts.rowGroupSize, dictionary, compression));
    },
  };
}
