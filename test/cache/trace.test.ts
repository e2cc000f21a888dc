// Trace files: key-per-line and CSV parsing, and one clear error per kind of bad input.
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { builtinPolicies } from '../../src/cache/policies/index.js';
import { simulate } from '../../src/cache/simulate.js';
import { parseKeyLines, readTrace } from '../../src/cache/trace.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-trace-'));
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};
const shared = path.resolve(__dirname, '../../../shared/traces');

describe('key-per-line traces', () => {
  it('renumbers keys densely in order of first appearance; a last line without newline counts', () => {
    const t = parseKeyLines('t', '42\nabc\n42\n7');
    expect([...t.keys]).toEqual([0, 1, 0, 2]);
    expect(t.keySpace).toBe(3);
  });
  it('names the line of a malformed entry', () => {
    expect(() => parseKeyLines('t', '1\n2\n\n4\n')).toThrow(/line 3 is empty/);
    expect(() => parseKeyLines('t', '1\n2 3\n')).toThrow(/line 2 "2 3" holds more than one field/);
  });
  it('rejects missing, empty and binary files with the file name', () => {
    expect(() => readTrace(path.join(dir, 'nope.txt'))).toThrow(InputError);
    expect(() => readTrace(path.join(dir, 'nope.txt'))).toThrow(/nope\.txt" does not exist/);
    expect(() => readTrace(file('empty.txt', ''))).toThrow(/empty\.txt" is empty/);
    expect(() => readTrace(file('bin.dat', Buffer.from([49, 10, 0, 50])))).toThrow(
      /bin\.dat" looks binary \(a NUL byte at offset 2\)/,
    );
  });
});

describe('CSV traces', () => {
  it('reads a column by name or 0-based index', () => {
    const f = file('t.csv', 'time,key\n1,a\n2,b\n3,a\n');
    expect([...readTrace(f, 'key').keys]).toEqual([0, 1, 0]);
    expect([...readTrace(f, '1').keys]).toEqual([0, 1, 0]);
  });
  it('names the missing column and lists the real ones', () => {
    expect(() => readTrace(file('u.csv', 'time,key\n1,a\n'), 'lbn')).toThrow(
      /no column "lbn"; its columns are 0:time, 1:key/,
    );
  });
  it('names the line of a ragged row', () => {
    expect(() => readTrace(file('r.csv', 'a,b\n1,2\n3\n'), 'a')).toThrow(/line 3/);
  });
});

describe.skipIf(!existsSync(shared))('the shared CloudPhysics block-I/O trace', () => {
  const txt = readTrace(path.join(shared, 'cloudPhysicsIO.txt'));
  it('has the request and distinct-block counts its README states', () => {
    expect(txt.keys.length).toBe(113_872);
    expect(txt.keySpace).toBe(48_974);
  });
  it('reads the same requests from the CSV lbn column', () => {
    const csv = readTrace(path.join(shared, 'cloudPhysicsIO.csv'), 'lbn');
    expect(csv.keys).toEqual(txt.keys);
  });
  it('LRU hit counts at 100, 1000 and 10000 slots are stable', () => {
    const hits = [100, 1000, 10000].map((size) => simulate(builtinPolicies.lru, size, txt).hits);
    // Hit rates 12.0%, 16.7%, 30.2% of 113,872 requests (quoted in the lab's closing note).
    expect(hits).toEqual([13_657, 19_049, 34_434]);
  });
});
