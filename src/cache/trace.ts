// Request traces: a sequence of keys, renumbered densely (0..keySpace-1) in order of first appearance so that
// policies can index typed arrays by key. Reads a user's trace file: one key per line, or a CSV column.
// Tests: test/cache/trace.test.ts.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../core/errors.js';

export interface Trace {
  name: string;
  keys: Int32Array;
  /** Number of distinct keys. */
  keySpace: number;
}

/** Renumbers arbitrary keys densely in order of first appearance. */
export class KeyInterner {
  private readonly ids = new Map<string | number, number>();
  id(key: string | number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
  get size(): number {
    return this.ids.size;
  }
}

/** How many distinct keys the trace requests (a synthetic trace may not touch its whole key space). */
export function distinctKeys(trace: Trace): number {
  const seen = new Uint8Array(trace.keySpace);
  let count = 0;
  for (let i = 0; i < trace.keys.length; i++) {
    const k = trace.keys[i];
    if (seen[k] === 0) {
      seen[k] = 1;
      count++;
    }
  }
  return count;
}

export function traceFromKeys(name: string, keys: ArrayLike<number | string>): Trace {
  const interner = new KeyInterner();
  const out = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = interner.id(keys[i]);
  return { name, keys: out, keySpace: interner.size };
}

function readText(file: string): string {
  if (!existsSync(file)) throw new InputError(`trace file "${file}" does not exist`);
  if (!statSync(file).isFile()) throw new InputError(`trace "${file}" is not a file`);
  const bytes = readFileSync(file);
  if (bytes.length === 0)
    throw new InputError(`trace file "${file}" is empty; expected one key per line, or a CSV with a header`);
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    throw new InputError(
      `trace file "${file}" looks binary (a NUL byte at offset ${nul}); expected text, one key per line, or CSV`,
    );
  return bytes.toString('utf8');
}

/** One key per line (any text without spaces or commas); the last line may lack its newline. */
export function parseKeyLines(name: string, text: string): Trace {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const interner = new KeyInterner();
  const keys = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const key = lines[i].trim();
    if (key === '' || /[\s,]/.test(key)) {
      const what = key === '' ? 'is empty' : `"${key.slice(0, 40)}" holds more than one field`;
      throw new InputError(
        `trace "${name}" line ${i + 1} ${what}; expected one key per line (for CSV, pass --trace-column <name|index>)`,
      );
    }
    keys[i] = interner.id(key);
  }
  if (keys.length === 0) throw new InputError(`trace "${name}" holds no requests`);
  return { name, keys, keySpace: interner.size };
}

/** A CSV with a header row; `column` is a header name or a 0-based column index. */
export function parseCsvColumn(name: string, text: string, column: string): Trace {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new InputError(
      `trace "${name}"${e.lines ? ` line ${e.lines}` : ''}: malformed CSV (${e.message.replace(/^Invalid Record Length: /, '').split('\n')[0]})`,
    );
  }
  const header = rows[0];
  if (!header || rows.length < 2) throw new InputError(`trace "${name}" has no data rows under its CSV header`);
  let index = header.indexOf(column);
  if (index < 0 && /^\d+$/.test(column)) index = Number(column);
  if (index < 0 || index >= header.length) {
    throw new InputError(
      `trace "${name}" has no column "${column}"; its columns are ${header.map((h, i) => `${i}:${h}`).join(', ')}`,
    );
  }
  const interner = new KeyInterner();
  const keys = new Int32Array(rows.length - 1);
  for (let r = 1; r < rows.length; r++) {
    const value = rows[r][index];
    if (value === undefined || value === '')
      throw new InputError(`trace "${name}" line ${r + 1}: column "${header[index]}" is empty`);
    keys[r - 1] = interner.id(value);
  }
  return { name, keys, keySpace: interner.size };
}

export function readTrace(file: string, column?: string): Trace {
  const text = readText(file);
  const name = file.split('/').pop() ?? file;
  return column === undefined ? parseKeyLines(name, text) : parseCsvColumn(name, text, column);
}
