// Fault cases 4, 10 and 12 of issue 12 that concern inputs and the other commands: CSV with a stray quote or binary
// bytes, a trace over 512 MiB, lab 06 defaults on a small input, lab 05 beside an unrelated symlink loop, compare on
// reports missing their parts or with --out a folder. Plus the fuzz test: 1,000 seeded random files each
// through the trace reader and the CSV reader, which may refuse (InputError) but never crash.
import { mkdirSync, openSync, closeSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/cache/trace.js';
import { isInputError } from '../../src/core/errors.js';
import { createRng, type Rng } from '../../src/core/rng.js';
import { readCsvInput } from '../../src/formats/infer.js';
import { expectRefused, runCli, tempDir } from './harness.js';

const dir = tempDir('inputs');
const file = (name: string, content: string | Uint8Array) => {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
};

describe('CSV input for lab 04 (cases 4 and 10)', () => {
  it.each([
    ['a stray quote', 'stray.csv', 'id,name\n1,"unterminated\n2,b\n'],
    ['binary bytes', 'binary.csv', new Uint8Array([0x69, 0x64, 0x0a, 0xff, 0xfe, 0x00, 0x01, 0x0a])],
  ])('with %s is one line naming the file, exit 2, no report', async (_what, name, content) => {
    const csv = file(name, content);
    const out = path.join(tempDir('run'), 'run');
    const r = await runCli(['run', '04', '--quick', '--input', csv, '--out', out]);
    expect(expectRefused(r)).toContain(name);
  });
});

describe('a trace over 512 MiB (case 10)', () => {
  it('loads without "Cannot create a string longer than"', async () => {
    // 537,000 requests of 1,000-character keys (leading zeros): past V8's string limit, cheap to simulate.
    const big = path.join(dir, 'big.txt');
    const fd = openSync(big, 'w');
    const line = Buffer.from(`${'0'.repeat(996)}${'123'}\n`);
    const block = Buffer.concat(
      Array.from({ length: 1024 }, (_, i) => (i % 2 ? line : Buffer.from(`${'0'.repeat(996)}456\n`))),
    );
    for (let i = 0; i < 525; i++) writeSync(fd, block);
    closeSync(fd);
    const out = path.join(tempDir('run'), 'run');
    const r = await runCli(
      [
        'run',
        '03',
        '--quick',
        '--workloads',
        'zipf',
        '--requests',
        '1000',
        '--throughput-requests',
        '1000',
        '--trace',
        big,
        '--out',
        out,
      ],
      { timeoutMs: 120_000 },
    );
    expect(r.err).not.toMatch(/Cannot create a string|\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.scratchLeft).toEqual([]);
  });
});

describe('lab 06 defaults on a small input (case 12)', () => {
  it('lowers the defaults the input cannot honour instead of blaming options the user never gave', async () => {
    const small = file('small.bin', new Uint8Array(1000).fill(7));
    const out = path.join(tempDir('run'), 'run');
    const r = await runCli(['run', '06', '--input', small, '--out', out], { timeoutMs: 120_000 });
    expect(r.err).not.toMatch(/^error:/m);
    expect(r.code).toBe(0);
  });
});

describe('lab 05 beside an unrelated symlink loop (case 12)', () => {
  it('compiles only the files the .proto needs', async () => {
    const protoDir = path.join(dir, 'proto');
    mkdirSync(protoDir);
    writeFileSync(
      path.join(protoDir, 'm.proto'),
      'syntax = "proto3";\npackage t;\nmessage M { int32 a = 1; string s = 2; }\n',
    );
    writeFileSync(path.join(protoDir, 'm.json'), '{"a": 5, "s": "hi"}\n');
    symlinkSync(path.join(protoDir, 'loop'), path.join(protoDir, 'loop'));
    const out = path.join(tempDir('run'), 'run');
    const r = await runCli(
      [
        'run',
        '05',
        '--quick',
        '--proto',
        path.join(protoDir, 'm.proto'),
        '--message',
        't.M',
        '--json',
        path.join(protoDir, 'm.json'),
        '--out',
        out,
      ],
      { timeoutMs: 120_000 },
    );
    expect(r.err).not.toMatch(/EvalSymlinks|too many links/);
    expect(r.code).toBe(0);
  });
});

describe('compare on reports missing their parts (case 10)', () => {
  const report = (tables: unknown) => ({
    schema: 'syslab.report/1',
    lab: { id: '03', slug: 'cache-policies', title: 'Cache' },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    machine: {
      hostname: 'h',
      platform: 'linux',
      arch: 'x64',
      cpuModel: 'c',
      cpuCount: 2,
      memoryBytes: 1,
      node: 'v20',
      libraries: {},
    },
    params: {},
    results: { tables },
    findings: [],
    charts: [],
    sections: [],
  });
  const good = {
    t: { title: 'T', keys: ['k'], metrics: { m: { unit: 's', better: 'lower' } }, rows: [{ k: 1, m: 2 }] },
  };
  const write = (name: string, value: unknown) => file(name, JSON.stringify(value));
  const a = write('good.json', report(good));

  it.each([
    [
      'results',
      (() => {
        const r: Record<string, unknown> = report(good);
        delete r.results;
        return r;
      })(),
    ],
    ['tables', { ...report(good), results: {} }],
    ['keys', report({ t: { ...good.t, keys: undefined } })],
    ['rows', report({ t: { ...good.t, rows: undefined } })],
  ])('without %s: one line, exit 2', async (part, value) => {
    const b = write(`no-${part}.json`, value);
    const r = await runCli(['compare', a, b], { timeoutMs: 30_000 });
    expect(expectRefused(r)).toContain(`no-${part}.json`);
  });

  it('with --out a folder: one line, exit 2', async () => {
    const r = await runCli(['compare', a, a, '--out', tempDir('cmp-out')], { timeoutMs: 30_000 });
    expectRefused(r);
  });
});

/** Random bytes, or random text made of the characters parsers trip on. */
function randomInput(rng: Rng): Uint8Array {
  const length = rng.int(300);
  const bytes = new Uint8Array(length);
  const textual = rng.next() < 0.7;
  const alphabet = '0123456789,,"\n\n\r -abcxyz\t.;';
  for (let i = 0; i < length; i++) bytes[i] = textual ? alphabet.charCodeAt(rng.int(alphabet.length)) : rng.int(256);
  return bytes;
}

describe('fuzz: seeded random files through the trace and CSV readers', () => {
  it('1,000 files each: a result or an InputError, never a crash', async () => {
    const rng = createRng(2026);
    const fuzzDir = path.join(dir, 'fuzz');
    mkdirSync(fuzzDir);
    const crashes: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const bytes = randomInput(rng);
      const trace = path.join(fuzzDir, `t${i}.txt`);
      writeFileSync(trace, bytes);
      try {
        readTrace(trace);
      } catch (error) {
        if (!isInputError(error)) crashes.push(`trace ${i}: ${String(error)}`);
      }
      const csv = path.join(fuzzDir, `c${i}.csv`);
      writeFileSync(csv, bytes);
      try {
        await readCsvInput(csv);
      } catch (error) {
        if (!isInputError(error)) crashes.push(`csv ${i}: ${String(error)}`);
      }
    }
    expect(crashes).toEqual([]);
  });
});
