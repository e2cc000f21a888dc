// Text traces at memory speed: one key per line (txt) or one column of a CSV with a header. The file is read in
// chunks into one reused buffer and parsed as bytes: an integer line is accumulated digit by digit and renumbered
// through KeyTable's typed-array hash, with no string made; any other line (spaces to trim, text keys, integers
// beyond 2^53) takes a slower path that decodes it. Blank lines are skipped, CRLF and a missing final newline are
// fine. A CSV with quoted fields is handed to csv-parse instead (whole file in memory).
// Tests: test/cache/ingest.test.ts (against a reference parser on random files), test/cache/trace.test.ts.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../core/errors.js';
import { canonicalKey } from './key-table.js';
import { KeySink } from './key-sink.js';

const NEWLINE = 10;
const CR = 13;
const MINUS = 45;
const COMMA = 44;
const QUOTE = 34;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const decoder = new TextDecoder();

/** Where the parse stands: the keys so far and the 1-based number of the next line. */
export interface TextState {
  name: string;
  sink: KeySink;
  line: number;
  /** File offset of the buffer's first byte, for error messages. */
  offset: number;
  /** CSV only: the column's index and how many fields every row has. */
  column: number;
  fields: number;
  header?: string[];
}

/** Adds one key given as trimmed, non-empty text (the slow path). */
function addTextKey(st: TextState, text: string): void {
  const key = canonicalKey(text);
  if (typeof key === 'number') st.sink.int(key);
  else st.sink.other(key);
}

/** The slow path for one line of a txt trace: bytes [from, to) without the newline. */
function slowLine(st: TextState, buf: Uint8Array, from: number, to: number): void {
  const nul = buf.subarray(from, to).indexOf(0);
  if (nul >= 0)
    throw new InputError(
      `trace "${st.name}" looks binary (a NUL byte at offset ${st.offset + from + nul}); ` +
        'expected text, one key per line, or CSV (or --trace-format oracleGeneral)',
    );
  const text = decoder.decode(buf.subarray(from, to)).trim();
  st.line++;
  if (text === '') return;
  if (/[\s,]/.test(text))
    throw new InputError(
      `trace "${st.name}" line ${st.line - 1} "${text.slice(0, 40)}" holds more than one field; ` +
        'expected one key per line (for CSV, pass --trace-column <name|index>)',
    );
  addTextKey(st, text);
}

/**
 * Parses the whole lines of buf[start, end) of a txt trace; buf[end] must be writable (a sentinel goes there).
 * Returns where the unparsed rest starts: a partial last line, unless `final`.
 */
export function parseTxtChunk(st: TextState, buf: Uint8Array, start: number, end: number, final: boolean): number {
  buf[end] = 0; // the sentinel stops the digit loop without a bounds check
  const sink = st.sink;
  let i = start;
  while (i < end) {
    let j = i;
    let c = buf[j];
    let negative = false;
    if (c === MINUS) {
      negative = true;
      c = buf[++j];
    }
    const firstDigit = j;
    let value = 0;
    while (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      c = buf[++j];
    }
    if (j > firstDigit && value <= MAX_SAFE) {
      let next = -1;
      if (c === NEWLINE) next = j + 1;
      else if (c === CR && j + 1 < end && buf[j + 1] === NEWLINE) next = j + 2;
      else if (j === end && final) next = end;
      if (next >= 0) {
        sink.int(negative && value !== 0 ? -value : value);
        st.line++;
        i = next;
        continue;
      }
    }
    let newline = buf.indexOf(NEWLINE, i);
    if (newline < 0 || newline >= end) {
      if (!final) return i;
      newline = end;
    }
    slowLine(st, buf, i, newline);
    i = newline + 1;
  }
  return end;
}

/** A CSV header: field names, and the column's index by name or as a 0-based number. */
function readHeader(st: TextState, text: string, column: string): void {
  const header = text.split(',').map((h) => h.trim());
  let index = header.indexOf(column);
  if (index < 0 && /^\d+$/.test(column)) index = Number(column);
  if (index < 0 || index >= header.length)
    throw new InputError(
      `trace "${st.name}" has no column "${column}"; its columns are ${header.map((h, i) => `${i}:${h}`).join(', ')}`,
    );
  st.header = header;
  st.column = index;
  st.fields = header.length;
}

/** Thrown (and caught by readTextTrace) when a CSV turns out to quote its fields. */
class QuotedCsv extends Error {}

/** Parses the whole rows of buf[start, end) of a CSV trace (the header first); returns where the rest starts. */
export function parseCsvChunk(
  st: TextState,
  buf: Uint8Array,
  start: number,
  end: number,
  final: boolean,
  column: string,
): number {
  let i = start;
  while (i < end) {
    let newline = buf.indexOf(NEWLINE, i);
    if (newline < 0 || newline >= end) {
      if (!final) return i;
      newline = end;
    }
    let lineEnd = newline;
    if (lineEnd > i && buf[lineEnd - 1] === CR) lineEnd--;
    const lineNo = st.line++;
    if (st.header === undefined) {
      const text = decoder.decode(buf.subarray(i, lineEnd));
      if (text.includes('"')) throw new QuotedCsv();
      if (text.trim() !== '') readHeader(st, text, column);
      i = newline + 1;
      continue;
    }
    // Find the column's field and count the fields, without decoding the line.
    let field = 0;
    let from = i;
    let to = lineEnd;
    let blank = true;
    for (let j = i; j < lineEnd; j++) {
      const c = buf[j];
      if (c === COMMA) {
        if (field === st.column) to = j;
        field++;
        if (field === st.column) from = j + 1;
      } else if (c === QUOTE) throw new QuotedCsv();
      else if (c !== 32 && c !== 9) blank = false;
    }
    i = newline + 1;
    if (blank && field === 0) continue;
    if (field + 1 !== st.fields)
      throw new InputError(
        `trace "${st.name}" line ${lineNo}: ${field + 1} fields where the header has ${st.fields}; expected CSV with a header`,
      );
    while (from < to && (buf[from] === 32 || buf[from] === 9)) from++;
    while (to > from && (buf[to - 1] === 32 || buf[to - 1] === 9)) to--;
    if (from === to)
      throw new InputError(`trace "${st.name}" line ${lineNo}: column "${st.header[st.column]}" is empty`);
    let value = 0;
    let j = buf[from] === MINUS ? from + 1 : from;
    const firstDigit = j;
    for (; j < to; j++) {
      const c = buf[j];
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
    }
    if (j === to && j > firstDigit && value <= MAX_SAFE) {
      st.sink.int(buf[from] === MINUS && value !== 0 ? -value : value);
    } else {
      addTextKey(st, decoder.decode(buf.subarray(from, to)));
    }
  }
  return end;
}

/** The CSV path for files with quoted fields: csv-parse over the whole text. */
function parseQuotedCsv(st: TextState, text: string, column: string): void {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true });
  } catch (error) {
    const e = error as Error & { lines?: number };
    const detail = e.message.replace(/^Invalid Record Length: /, '').split('\n')[0];
    throw new InputError(`trace "${st.name}"${e.lines ? ` line ${e.lines}` : ''}: malformed CSV (${detail})`);
  }
  const header = rows[0];
  if (header === undefined) return;
  readHeader(st, header.join(','), column);
  for (let r = 1; r < rows.length; r++) {
    const value = rows[r][st.column];
    if (value === undefined || value === '')
      throw new InputError(`trace "${st.name}" line ${r + 1}: column "${header[st.column]}" is empty`);
    addTextKey(st, value);
  }
}

/** Options for readTextTrace. */
export interface TextReadOptions {
  /** CSV: the column holding the key, a header name or a 0-based index; absent for one key per line. */
  column?: string;
  /** Bytes read per chunk (default 16 MiB); lines may not be longer. */
  chunkBytes?: number;
  /** Refuse to grow the trace beyond this many requests. */
  maxRequests: number;
  /** The file's size, to size the key array up front. */
  fileBytes: number;
}

/** Reads a txt or CSV trace file in chunks; returns the state with every key renumbered. */
export function readTextTrace(file: string, name: string, o: TextReadOptions): TextState {
  const expected = expectedLines(file, o.fileBytes);
  if (expected > o.maxRequests * 1.02)
    throw new InputError(
      `trace "${name}" holds about ${expected.toLocaleString('en-US')} requests (estimated from its first 64 KiB), ` +
        `more than the ${o.maxRequests.toLocaleString('en-US')} this machine's memory allows (4 bytes each, at most half the memory)`,
    );
  const fresh = (): TextState => ({
    name,
    sink: new KeySink(Math.ceil(expected * 1.01) + 16, o.maxRequests, name), // sized once, usually
    line: 1,
    offset: 0,
    column: 0,
    fields: 1,
  });
  const st = fresh();
  try {
    readChunks(
      file,
      o.chunkBytes ?? 16 * 1024 * 1024,
      (buf, end, final) =>
        o.column === undefined
          ? parseTxtChunk(st, buf, 0, end, final)
          : parseCsvChunk(st, buf, 0, end, final, o.column),
      (consumed) => (st.offset += consumed),
    );
    return st;
  } catch (error) {
    if (!(error instanceof QuotedCsv) || o.column === undefined) throw error;
    const again = fresh();
    parseQuotedCsv(again, readFileSync(file, 'utf8'), o.column);
    return again;
  }
}

/** Lines the file probably holds, from the newlines in its first 64 KiB (exact for a smaller file). */
function expectedLines(file: string, fileBytes: number): number {
  const head = Buffer.allocUnsafe(Math.min(fileBytes, 1 << 16)); // Buffer: its indexOf is memchr
  const fd = openSync(file, 'r');
  try {
    head.fill(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
  let lines = 0;
  for (let i = head.indexOf(NEWLINE); i >= 0; i = head.indexOf(NEWLINE, i + 1)) lines++;
  if (head.length === fileBytes && head[head.length - 1] !== NEWLINE) lines++; // the last line of a small file
  return Math.round((lines / head.length) * fileBytes);
}

/**
 * Feeds a file to `parse` through one reused buffer: each call gets the bytes [0, end) (plus one writable byte at
 * `end`) and returns where its unparsed rest starts, which moves to the front before the next read. A rest that fills
 * the whole buffer (one very long line) doubles it.
 */
export function readChunks(
  file: string,
  chunkBytes: number,
  parse: (buf: Uint8Array, end: number, final: boolean) => number,
  consumed: (bytes: number) => void,
): void {
  // A Buffer rather than a plain Uint8Array: its indexOf (finding newlines) is memchr, not a generic search.
  let buf = Buffer.allocUnsafe(chunkBytes + 1);
  const fd = openSync(file, 'r');
  try {
    let filled = 0;
    for (;;) {
      if (filled === buf.length - 1) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        bigger.set(buf.subarray(0, filled));
        buf = bigger;
      }
      const got = readSync(fd, buf, filled, buf.length - 1 - filled, null);
      const end = filled + got;
      const final = got === 0;
      const rest = parse(buf, end, final);
      if (final) return;
      buf.copyWithin(0, rest, end);
      consumed(rest);
      filled = end - rest;
    }
  } finally {
    closeSync(fd);
  }
}
