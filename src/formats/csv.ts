// CSV, the row-oriented text format, written with csv-stringify and read with csv-parse (quoted fields, embedded
// commas, quotes and line breaks). A missing value is an empty field, and an empty field reads back as null, as
// pandas and DuckDB read it: CSV has no way to tell an empty string from a missing one (csv-parse could, through a
// per-field cast callback, but that made parsing 8 times slower). Every query must parse every byte: text has no
// projection and no statistics.
// Tests: test/formats/csv.test.ts.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { InputError } from '../core/errors.js';
import { findRow, wholeColumnQueries, type FileFormat, type StoredFile } from './format.js';
import { readChunks, type ReadCounter } from './io.js';
import type { ColumnDef, Table, Value } from './table.js';
import { textToValue, valueToText } from './text.js';

const BATCH_ROWS = 20_000;

/** Rows [start, end) as CSV text, without a header. */
function csvRows(table: Table, start: number, end: number): string {
  const records: (string | null)[][] = [];
  for (let i = start; i < end; i++) {
    records.push(
      table.columns.map((c, j) => {
        const v = table.data[j][i];
        return v === null ? null : valueToText(v, c.type);
      }),
    );
  }
  return stringify(records);
}

function writeCsv(table: Table, path: string, header: boolean, flag: 'w' | 'a'): void {
  const fd = openSync(path, flag);
  try {
    if (header) writeSync(fd, stringify([table.columns.map((c) => c.name)]));
    for (let start = 0; start < table.rowCount; start += BATCH_ROWS) {
      writeSync(fd, csvRows(table, start, Math.min(table.rowCount, start + BATCH_ROWS)));
    }
  } finally {
    closeSync(fd);
  }
}

/** The 1-based line that byte `offset` of the file is on (read in chunks: the file may be large). */
function lineAtOffset(path: string, offset: number): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  let line = 1;
  try {
    for (let pos = 0; pos < offset;) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, offset - pos), pos);
      if (n === 0) break;
      for (let i = 0; i < n; i++) if (buf[i] === 10) line++;
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return line;
}

/**
 * Why a csv-parse error happened, as one line naming the file (its message already names the line). An unclosed
 * quote is only noticed at the end of the file, so that message also names the line where the broken record starts
 * (csv-parse's `bytes` counts the bytes of the complete records before it).
 */
export function csvInputError(path: string, error: unknown): InputError {
  const e = error as CsvError & { bytes?: number };
  let reason = e.message;
  if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH')
    reason += '; every row must have as many fields as the header';
  if (e.code === 'CSV_QUOTE_NOT_CLOSED' && typeof e.bytes === 'number') {
    reason += `; the record with the unclosed quote starts on line ${lineAtOffset(path, e.bytes)}`;
  }
  return new InputError(`CSV file "${path}": ${reason}`);
}

/**
 * The records of a CSV file, header first, as arrays of strings; every byte comes through the counter. Malformed
 * text (ragged rows, bad quoting) throws InputError naming the line.
 */
export async function* csvRecords(path: string, counter: ReadCounter): AsyncGenerator<string[]> {
  const parser = Readable.from(readChunks(path, counter)).pipe(parse({ bom: true }));
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    if ((error as CsvError).code?.startsWith('CSV_')) throw csvInputError(path, error);
    throw error;
  }
}

function typed(text: string | undefined, def: ColumnDef, path: string, line: number): Value {
  if (text === undefined || text === '') return null;
  const v = textToValue(text, def.type);
  if (v === undefined)
    throw new InputError(`CSV file "${path}" record ${line}: "${text}" in column ${def.name} is not a ${def.type}`);
  return v;
}

/** Reads the file and keeps only the columns asked for (parsing still touches every byte of every row). */
async function readColumns(file: StoredFile, names: string[], counter: ReadCounter): Promise<Value[][]> {
  const wanted = names.map((n) => file.columns.findIndex((c) => c.name === n));
  const out: Value[][] = names.map(() => []);
  let header = true;
  let record = 0;
  for await (const fields of csvRecords(file.path, counter)) {
    record++;
    if (header) {
      const got = fields.join(',');
      const expected = file.columns.map((c) => c.name).join(',');
      if (got !== expected) throw new InputError(`CSV file "${file.path}": header is "${got}"; expected "${expected}"`);
      header = false;
      continue;
    }
    for (let k = 0; k < wanted.length; k++) {
      const j = wanted[k];
      out[k].push(typed(fields[j], file.columns[j], file.path, record));
    }
  }
  return out;
}

export const csvFormat: FileFormat = {
  id: 'csv',
  format: 'CSV',
  codec: 'none',
  library: 'csv-stringify + csv-parse',
  extension: '.csv',
  bytesCountedAt: 'file stream chunks (1 MiB) handed to csv-parse',
  notes: {
    scan: 'parses every record and converts every field to its type',
    sum: 'parses every record, converts one field',
    filter: 'parses every record, tests and sums two fields; no statistics to skip anything',
    lookup: 'parses records until the key is found (ids are sorted, but text cannot be searched without reading)',
    append: 'appends CSV text to the end of the file',
  },
  async write(table, path) {
    writeCsv(table, path, true, 'w');
  },
  ...wholeColumnQueries(readColumns),
  async lookup(file, keyColumn, key, counter) {
    const k = file.columns.findIndex((c) => c.name === keyColumn);
    let header = true;
    let record = 0;
    // A streaming lookup stops at the first match, as a row store's full scan would.
    for await (const fields of csvRecords(file.path, counter)) {
      record++;
      if (header) {
        header = false;
        continue;
      }
      const v = typed(fields[k], file.columns[k], file.path, record);
      if (findRow([v], key) === 0) {
        const row: Record<string, Value> = {};
        file.columns.forEach((c, j) => {
          row[c.name] = typed(fields[j], c, file.path, record);
        });
        return row;
      }
    }
    return null;
  },
  async append(file, rows) {
    writeCsv(rows, file.path, false, 'a');
  },
};
