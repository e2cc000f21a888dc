// Fast trace ingestion (read-text.ts, key-sink.ts, key-table.ts) against a plain reference parser on random files:
// CRLF and LF, a missing final newline, blank lines, padding, leading zeros, -0, negative numbers, integers above
// 2^53, text keys, and chunk sizes small enough that lines straddle chunk boundaries. Plus the renumbering paths
// (direct array, hash table, switch to the Map mid-file) and the request limit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/core/rng.js';
import { canonicalKey, KeyTable } from '../../src/cache/key-table.js';
import { renumberIntegers } from '../../src/cache/key-sink.js';
import { readTrace } from '../../src/cache/trace.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-ingest-'));
let fileNo = 0;
const write = (content: string, ext = 'txt') => {
  const f = path.join(dir, `t${fileNo++}.${ext}`);
  writeFileSync(f, content);
  return f;
};

/** The obviously correct parser: split, trim, skip blanks, integers compared as BigInt, first appearance first. */
function reference(text: string, column?: number): { ids: number[]; keySpace: number } {
  const lines = text.split(/\r?\n/);
  if (column !== undefined) lines.shift();
  const seen = new Map<string, number>();
  const ids: number[] = [];
  for (const line of lines) {
    const field = (column === undefined ? line : (line.split(',')[column] ?? '')).trim();
    if (line.trim() === '') continue;
    const key = /^-?\d+$/.test(field) ? `int:${BigInt(field)}` : `text:${field}`;
    if (!seen.has(key)) seen.set(key, seen.size);
    ids.push(seen.get(key) as number);
  }
  return { ids, keySpace: seen.size };
}

const bigDigits = (rng: Rng) => String(9_007_199_254_740_993n + BigInt(rng.int(1_000_000)) * 1_000_003n);
const KINDS: Array<(rng: Rng) => string> = [
  (rng) => String(rng.int(50)),
  (rng) => String(40_000_000 + rng.int(50)),
  (rng) => `00${rng.int(50)}`,
  (rng) => `-${rng.int(50)}`,
  () => '-0',
  (rng) => bigDigits(rng),
  (rng) => `0${bigDigits(rng)}`,
  // 2^53 and 2^53 + 1 are one double: only exact parsing keeps them apart.
  (rng) => String(2n ** 53n + BigInt(rng.int(4))),
  (rng) => `-${String(2n ** 64n + BigInt(rng.int(3)))}`,
  (rng) => `key${rng.int(20)}`,
  (rng) => `0x${rng.int(20).toString(16)}`,
  (rng) => ` ${rng.int(50)}\t`,
];

function randomLines(rng: Rng, kinds: number, count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(rng.next() < 0.05 ? '' : KINDS[rng.int(kinds)](rng));
  return lines;
}

function join(rng: Rng, lines: string[]): string {
  const body = lines.map((l, i) => l + (i === lines.length - 1 ? '' : rng.next() < 0.5 ? '\r\n' : '\n')).join('');
  return rng.next() < 0.5 ? body : `${body}\n`;
}

describe('text traces parse exactly as the reference parser does', () => {
  it('on 200 random files, with chunks from 3 bytes up', () => {
    const rng = createRng(2024);
    for (let round = 0; round < 200; round++) {
      const kinds = round % 3 === 0 ? 5 : KINDS.length; // a third are integer-only (the fast, direct path)
      const lines = randomLines(rng, kinds, 1 + rng.int(300));
      if (!lines.some((l) => l.trim() !== '')) lines.push('1');
      const text = join(rng, lines);
      const chunkBytes = [3, 7, 64, 1 << 20][round % 4];
      const { trace } = readTrace(write(text), { chunkBytes });
      const want = reference(text);
      expect([...trace.keys], `round ${round}: ${JSON.stringify(text.slice(0, 80))}`).toEqual(want.ids);
      expect(trace.keySpace).toBe(want.keySpace);
    }
  });

  it('CSV columns on 100 random files', () => {
    const rng = createRng(7);
    for (let round = 0; round < 100; round++) {
      const rows = randomLines(rng, KINDS.length - 1, 1 + rng.int(200))
        .filter((l) => l.trim() !== '')
        .map((k) => `${rng.int(9)},${k.trim()},x`);
      const text = join(rng, ['time,key,op', ...rows, ...(rows.length ? [] : ['1,2,3'])]);
      const { trace } = readTrace(write(text, 'csv'), { column: 'key', chunkBytes: [5, 50, 1 << 16][round % 3] });
      expect([...trace.keys], `round ${round}`).toEqual(reference(text, 1).ids);
    }
  });
});

describe('renumbering', () => {
  it('goes direct over a compact span and through the hash over a sparse one, with the same ids', () => {
    const compact = renumberIntegers(Float64Array.from([500, 7, 500, 9, 7]));
    expect(compact.renumbering).toBe('direct');
    expect([...compact.keys]).toEqual([0, 1, 0, 2, 1]);
    const sparse = renumberIntegers(Float64Array.from([5e15, -7, 5e15, 2 ** 40, -7]));
    expect(sparse.renumbering).toBe('hash');
    expect([...sparse.keys]).toEqual([0, 1, 0, 2, 1]);
    expect(sparse.keySpace).toBe(3);
  });
  it('the hash table keeps 100,000 random integers apart and finds them again after growing', () => {
    const rng = createRng(5);
    const table = new KeyTable();
    const values = Array.from({ length: 100_000 }, () => rng.int(2 ** 30) * 2 ** 20 + rng.int(2 ** 20));
    const ids = values.map((v) => table.intId(v));
    expect(values.map((v) => table.intId(v))).toEqual(ids);
    expect(table.size).toBe(new Set(values).size);
  });
  it('canonical keys: leading zeros and -0 fold; integers beyond 2^53 and text stay exact and apart', () => {
    expect(canonicalKey('007')).toBe(7);
    expect(canonicalKey('-0')).toBe(0);
    expect(canonicalKey('9007199254740993')).toBe('#9007199254740993');
    expect(canonicalKey('9007199254740992')).toBe('#9007199254740992');
    expect(canonicalKey('9007199254740991')).toBe(9007199254740991);
    expect(canonicalKey('12a')).toBe('$12a');
  });
});

describe('limits', () => {
  it('refuses a trace that outgrows the limit its first 64 KiB suggested, with one line naming the limit', () => {
    // 70 lines of 1,000 bytes fill the first 64 KiB (an estimate of about 80 lines), then 5,000 short ones.
    const f = write(`${'k'.repeat(999)}\n`.repeat(70) + '1\n'.repeat(5000));
    expect(() => readTrace(f, { maxRequests: 100 })).toThrow(/holds more than 100 requests, the most this machine/);
    expect(readTrace(f, { maxRequests: 5070 }).trace.keys.length).toBe(5070);
  });
  it('refuses before reading when the estimate from the first 64 KiB is beyond the limit', () => {
    const f = write('1\n'.repeat(1000));
    expect(() => readTrace(f, { maxRequests: 10 })).toThrow(
      /holds about 1,000 requests \(estimated from its first 64 KiB\), more than the 10 /,
    );
  });
});
