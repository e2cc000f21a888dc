// JSON lines: one JSON object per line, the row format of logs and document stores. Self-describing (every row
// repeats the column names) and easy to append, but every query parses every line. Timestamps are ISO-8601 text;
// int64 values are written as JSON numbers, which JSON.parse reads as doubles: exact only up to 2^53 (the scan's
// round-trip check would show a larger one). Tests: test/formats/jsonl.test.ts.
import { closeSync, openSync, writeSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { findRow, wholeColumnQueries, type FileFormat, type StoredFile } from './format.js';
import { readChunks, type ReadCounter } from './io.js';
import type { ColumnDef, DataTable, Value } from './table.js';
import { valueToText } from './text.js';

const BATCH_ROWS = 20_000;

function jsonValue(v: Value, def: ColumnDef): string {
  if (v === null) return 'null';
  switch (def.type) {
    case 'string':
      return JSON.stringify(v);
    case 'timestamp':
      return `"${valueToText(v, 'timestamp')}"`;
    default:
      return String(v); // numbers, bigints (as digits) and booleans are JSON literals as they print
  }
}

function writeLines(table: DataTable, path: string, flag: 'w' | 'a'): void {
  const keys = table.columns.map((c) => JSON.stringify(c.name));
  const fd = openSync(path, flag);
  try {
    for (let start = 0; start < table.rowCount; start += BATCH_ROWS) {
      const end = Math.min(table.rowCount, start + BATCH_ROWS);
      let text = '';
      for (let i = start; i < end; i++) {
        text += '{';
        for (let j = 0; j < table.columns.length; j++) {
          text += `${j ? ',' : ''}${keys[j]}:${jsonValue(table.data[j][i], table.columns[j])}`;
        }
        text += '}\n';
      }
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
}

/** The parsed objects of a JSON-lines file, one per line; bytes come through the counter. */
async function* jsonObjects(path: string, counter: ReadCounter): AsyncGenerator<Record<string, unknown>> {
  let carry: Buffer = Buffer.alloc(0);
  let line = 0;
  const parseLine = (text: string) => {
    line++;
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new InputError(`JSON-lines file "${path}" line ${line}: ${(error as Error).message}`);
    }
  };
  for await (const chunk of readChunks(path, counter)) {
    // JSON escapes line breaks inside strings, so every 0x0A byte ends a record; cut at the last one and carry the
    // rest, so a chunk boundary never splits a line or a UTF-8 sequence.
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      carry = buf;
      continue;
    }
    const lines = buf.toString('utf8', 0, last).split('\n');
    carry = buf.subarray(last + 1);
    for (const text of lines) if (text !== '') yield parseLine(text);
  }
  const rest = carry.toString('utf8');
  if (rest.trim() !== '') yield parseLine(rest);
}

function convert(raw: unknown, def: ColumnDef): Value {
  if (raw === null || raw === undefined) return null;
  switch (def.type) {
    case 'int64':
      return BigInt(raw as number);
    case 'timestamp':
      return Date.parse(raw as string);
    default:
      return raw as Value;
  }
}

async function readColumns(file: StoredFile, names: string[], counter: ReadCounter): Promise<Value[][]> {
  const defs = names.map((n) => file.columns.find((c) => c.name === n) as ColumnDef);
  const out: Value[][] = names.map(() => []);
  for await (const obj of jsonObjects(file.path, counter)) {
    for (let k = 0; k < defs.length; k++) {
      const def = defs[k];
      out[k].push(convert(obj[def.name], def));
    }
  }
  return out;
}

export const jsonlFormat: FileFormat = {
  id: 'jsonl',
  format: 'JSON lines',
  codec: 'none',
  library: 'JSON.parse (built in)',
  extension: '.jsonl',
  bytesCountedAt: 'file stream chunks (1 MiB)',
  notes: {
    scan: 'JSON.parse of every line',
    sum: 'JSON.parse of every line, one field kept',
    filter: 'JSON.parse of every line, two fields tested and summed',
    lookup: 'JSON.parse of lines until the key is found',
    append: 'appends lines to the end of the file',
  },
  async write(table, path) {
    writeLines(table, path, 'w');
  },
  ...wholeColumnQueries(readColumns),
  async lookup(file, keyColumn, key, counter) {
    const keyDef = file.columns.find((c) => c.name === keyColumn) as ColumnDef;
    for await (const obj of jsonObjects(file.path, counter)) {
      if (findRow([convert(obj[keyColumn], keyDef)], key) === 0) {
        const row: Record<string, Value> = {};
        for (const c of file.columns) row[c.name] = convert(obj[c.name], c);
        return row;
      }
    }
    return null;
  },
  async append(file, rows) {
    writeLines(rows, file.path, 'a');
  },
};
