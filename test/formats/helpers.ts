// Shared fixtures for the formats tests: a small generated table, a table of edge values, and temp folders.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { GENERATED_COLUMNS, generateTable } from '../../src/formats/generate.js';
import type { DataTable, Value } from '../../src/formats/table.js';

export const small = (rows = 600, seed = 7): DataTable => generateTable(rows, createRng(seed));

/** One temp folder per test file, removed afterwards. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-formats-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Edge values in every column of the generated schema: int64 extremes, timestamps before 1970 and far ahead,
 * text with commas, quotes, line breaks and non-ASCII characters, extreme doubles, int32 limits, and nulls
 * everywhere. `bigInts: false` keeps int64 values within 2^53 (for JSON lines); `emptyString: false` leaves out
 * the empty string (CSV reads it back as null).
 */
export function edgeTable({ bigInts = true, emptyString = true } = {}): DataTable {
  const id: Value[] = bigInts
    ? [1n, -5n, 2n ** 62n, -(2n ** 63n), 2n ** 63n - 1n, null, 0n, 9007199254740993n]
    : [1n, -5n, 2n ** 40n, -(2n ** 52n), 2n ** 53n - 1n, null, 0n, 42n];
  const ts: Value[] = [
    0,
    -86_400_000,
    Date.UTC(2100, 11, 31, 23, 59, 59, 999),
    null,
    1_700_000_000_123,
    1,
    Date.UTC(1900, 0, 1),
    86_400_000,
  ];
  const category: Value[] = [
    'plain',
    'with, comma',
    'with "quotes"',
    'line\nbreak',
    'ünïcödé ✓ 日本',
    null,
    ' leading space',
    emptyString ? '' : 'x',
  ];
  const note: Value[] = [null, null, 'a', 'b,"c"\r\nd', null, 'e', 'f', 'g'];
  const amount: Value[] = [0, -1.5, 1e-300, 1.7976931348623157e308, 0.1 + 0.2, null, -123456.789, 5e-324];
  const quantity: Value[] = [2_147_483_647, -2_147_483_648, 0, null, 1, -1, 7, 1000];
  const returned: Value[] = [true, false, null, true, false, true, null, false];
  return { columns: GENERATED_COLUMNS, data: [id, ts, category, note, amount, quantity, returned], rowCount: 8 };
}
