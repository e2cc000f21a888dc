// CSV, the row-oriented text format, written with csv-stringify and read with csv-parse (quoted fields, embedded
// commas, quotes and line breaks). A missing value is an empty field, and an empty field reads back as null, as
// pandas and DuckDB read it: CSV has no way to tell an empty string from a missing one (csv-parse could, through a
// per-field cast callback, but that made parsing 8 times slower). Every query must parse every byte: text has no
// projection and no statistics.
// Tests: test/formats/csv.test.ts.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { InputError } from '../core/errors.js';
import { plural } from '../core/words.js';
import { findRow, wholeColumnQueries, type FileFormat, type StoredFile } from './format.js';
import { readChunks, type ReadCounter } from './io.js';
import type { ColumnDef, DataTable, Value } from './table.js';
import { textToValue, valueToText } from './text.js';

const BATCH_ROWS = 20_000;

/** Rows [start, end) as CSV text, without a header. */
function csvRows(table: DataTable, start: number, end: number): string {
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

function writeCsv(table: DataTable, path: string, header: boolean, flag: 'w' | 'a'): void {
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

/** What each csv-parse error means, and what was expected instead, in words (codes from csv-parse's CsvError). */
function csvReason(path: string, e: CsvError): string {
  const line = `line ${Number(e.lines)}`;
  const field = typeof e.index === 'number' ? `, field ${e.index + 1}` : '';
  switch (e.code) {
    case 'INVALID_OPENING_QUOTE':
      return (
        `${line}${field}: a quote inside an unquoted field; expected a field either without quotes or wholly ` +
        'in quotes, with each quote inside it written twice ("")'
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return (
        `${line}${field}: text after a closing quote; expected a comma or a line break right after it (a ` +
        'quote inside a quoted field is written twice)'
      );
    case 'CSV_QUOTE_NOT_CLOSED': {
      // Only noticed at the end of the file; csv-parse's `bytes` counts the bytes of the complete records before it.
      const start =
        typeof e.bytes === 'number' ? ` in the record that starts on line ${lineAtOffset(path, e.bytes)}` : '';
      return `a quote opened${start} is never closed; expected a closing quote before the end of the file`;
    }
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const [, want, got] = /expect (\d+), got (\d+)/.exec(e.message) ?? [];
      const fields = got === undefined ? 'a different number of fields' : plural(Number(got), 'field');
      return `${line}: ${fields}; expected ${want ?? 'as many'}, as many as the header has`;
    }
    default:
      // csv-parse's own message; the field values it quotes may hold any bytes, so only printable ASCII is kept.
      return e.message
        .split('\n')[0]
        .replace(/[^\x20-\x7e]/g, '?')
        .slice(0, 200);
  }
}

/** Why a csv-parse error happened, as one line naming the file, the line and what was expected there. */
export function csvInputError(path: string, error: CsvError): InputError {
  return new InputError(`CSV file "${path}": ${csvReason(path, error)}`);
}

/**
 * The first place where the file is not UTF-8 text (a NUL byte or an invalid UTF-8 sequence), as a 1-based line
 * and the byte found there, or undefined for a text file. Read in 1 MiB chunks: the file may be large.
 */
export function binaryAt(path: string): { line: number; byte?: number } | undefined {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  try {
    for (let pos = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      const chunk = buf.subarray(0, n);
      let bad = chunk.indexOf(0);
      if (bad < 0) {
        try {
          decoder.decode(chunk, { stream: n > 0 });
        } catch {
          bad = firstInvalidUtf8(chunk, pos > 0);
        }
      }
      if (bad >= 0) {
        for (let i = 0; i < bad; i++) if (chunk[i] === 10) line++;
        return { line, byte: chunk[bad] };
      }
      if (n === 0) return undefined;
      for (let i = 0; i < n; i++) if (chunk[i] === 10) line++;
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The index of the first byte of `chunk` that is not part of a valid UTF-8 sequence; `continued`: the chunk may
 * start inside a sequence begun in the one before. At the end of the file (an empty chunk) it is 0: the file ends
 * inside a sequence.
 */
function firstInvalidUtf8(chunk: Buffer, continued: boolean): number {
  let start = 0;
  while (continued && start < 3 && (chunk[start] & 0xc0) === 0x80) start++;
  for (let i = start; i < chunk.length;) {
    const b = chunk[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    if (i + len > chunk.length) return i; // cut by the chunk's end: the decoder only fails here at the end of the file
    for (let k = 1; k < len; k++) if ((chunk[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return 0;
}

/**
 * The records of a CSV file, header first, as arrays of strings; every byte comes through the counter. Malformed
 * text (ragged rows, bad quoting) throws InputError naming the line; a read error (permission denied) is thrown as
 * it is, through the parser, instead of escaping as an unhandled stream error.
 */
export async function* csvRecords(path: string, counter: ReadCounter): AsyncGenerator<string[]> {
  const source = Readable.from(readChunks(path, counter));
  const parser = parse({ bom: true });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    if (error instanceof CsvError) throw csvInputError(path, error);
    throw error;
  } finally {
    source.destroy();
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
