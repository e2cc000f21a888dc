// Trace files: key-per-line and CSV parsing, format detection, one clear error per kind of bad input, and the
// shipped CloudPhysics trace in data/traces/ (counts from its README, LRU hit counts checked against libCacheSim in
// libcachesim.test.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { builtinPolicies } from '../../src/cache/policies/index.js';
import { simulate } from '../../src/cache/simulate.js';
import { formatFromName, readTrace, traceFromKeys } from '../../src/cache/trace.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-trace-'));
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};
const keysOf = (f: string, column?: string) => [...readTrace(f, { column }).trace.keys];
const traces = path.resolve(__dirname, '../../data/traces');

describe('key-per-line traces', () => {
  it('renumbers keys densely in order of first appearance; a last line without newline counts', () => {
    const { trace } = readTrace(file('a.txt', '42\nabc\n42\n7'));
    expect([...trace.keys]).toEqual([0, 1, 0, 2]);
    expect(trace.keySpace).toBe(3);
  });
  it('reads integers as numbers: leading zeros, CRLF, blank lines and padding do not make new keys', () => {
    expect(keysOf(file('b.txt', '007\r\n7\n\n  7 \n-0\n0\n'))).toEqual([0, 0, 0, 1, 1]);
  });
  it('names the line of a malformed entry', () => {
    expect(() => readTrace(file('c.txt', '1\n2\n2 3\n'))).toThrow(/line 3 "2 3" holds more than one field/);
    expect(() => readTrace(file('d.txt', '1\n2,3\n'))).toThrow(/c?\.txt" line 2 "2,3" holds more than one field/);
  });
  it('rejects missing, empty, blank-only and binary files with the file name', () => {
    expect(() => readTrace(path.join(dir, 'nope.txt'))).toThrow(InputError);
    expect(() => readTrace(path.join(dir, 'nope.txt'))).toThrow(/nope\.txt" does not exist/);
    expect(() => readTrace(file('empty.txt', ''))).toThrow(/empty\.txt" is empty/);
    expect(() => readTrace(file('blank.txt', '\n \r\n'))).toThrow(/blank\.txt" holds no requests/);
    expect(() => readTrace(file('bin.dat', Buffer.from([49, 10, 0, 50])))).toThrow(
      /bin\.dat" looks binary \(a NUL byte at offset 2\)/,
    );
  });
  it('traceFromKeys renumbers like a file does', () => {
    expect([...traceFromKeys('t', [42, 'abc', '042', 7]).keys]).toEqual([0, 1, 0, 2]);
  });
});

describe('CSV traces', () => {
  it('reads a column by name or 0-based index', () => {
    const f = file('t.csv', 'time,key\n1,a\n2,b\n3,a\n');
    expect(keysOf(f, 'key')).toEqual([0, 1, 0]);
    expect(keysOf(f, '1')).toEqual([0, 1, 0]);
  });
  it('reads quoted fields through csv-parse', () => {
    expect(keysOf(file('q.csv', 'time,key\n1,"a,b"\n2,c\n3,"a,b"\n'), 'key')).toEqual([0, 1, 0]);
  });
  it('names the missing column and lists the real ones', () => {
    expect(() => readTrace(file('u.csv', 'time,key\n1,a\n'), { column: 'lbn' })).toThrow(
      /no column "lbn"; its columns are 0:time, 1:key/,
    );
  });
  it('names the line of a ragged row and of an empty key', () => {
    expect(() => readTrace(file('r.csv', 'a,b\n1,2\n3\n'), { column: 'a' })).toThrow(
      /r\.csv" line 3: 1 fields where the header has 2/,
    );
    expect(() => readTrace(file('e.csv', 'a,b\n1,2\n,3\n'), { column: 'a' })).toThrow(/line 3: column "a" is empty/);
  });
  it('asks for --trace-column when a .csv file comes without one', () => {
    expect(() => readTrace(file('n.csv', 'a,b\n1,2\n'))).toThrow(/pass --trace-column/);
  });
});

describe('format detection', () => {
  it('goes by extension, .zst stripped first', () => {
    expect(formatFromName('x/cloud.txt')).toEqual({ format: 'txt', compressed: false });
    expect(formatFromName('x/cloud.csv')).toEqual({ format: 'csv', compressed: false });
    expect(formatFromName('x/cloud.oracleGeneral.zst')).toEqual({ format: 'oracleGeneral', compressed: true });
    expect(formatFromName('x/w.oracleGeneral.bin')).toEqual({ format: 'oracleGeneral', compressed: false });
  });
});

describe('the shipped CloudPhysics block-I/O trace (data/traces)', () => {
  const { trace: txt } = readTrace(path.join(traces, 'cloudPhysicsIO.txt'));
  it('has the request and distinct-block counts its README states', () => {
    expect(txt.keys.length).toBe(113_872);
    expect(txt.keySpace).toBe(48_974);
  });
  it('reads the same requests from the CSV lbn column', () => {
    const { trace: csv } = readTrace(path.join(traces, 'cloudPhysicsIO.csv'), { column: 'lbn' });
    expect(csv.keys).toEqual(txt.keys);
  });
  it('LRU hit counts at 100, 1000 and 10000 slots', () => {
    const hits = [100, 1000, 10000].map((size) => simulate(builtinPolicies.lru, size, txt).hits);
    // Miss ratios 0.8801, 0.8327, 0.6976 as libCacheSim prints them (libcachesim.test.ts).
    expect(hits).toEqual([13_657, 19_049, 34_434]);
  });
});
