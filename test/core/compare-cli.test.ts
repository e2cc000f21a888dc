// `syslab compare` as a user meets it: formats (from --format or --out's extension), named runs and --base,
// --fail-on worse, --class, and bad input as one line with exit code 2 (one spawned run; the rest in-process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareCommand } from '../../src/cli/compare-command.js';
import { InputError } from '../../src/core/errors.js';
import { lognormal, realLab03Runs, timingReport, writeRun } from './compare-fixtures.js';

const fast = writeRun([timingReport(lognormal(1, 10, 0.01, 0.05))]);
const slow = writeRun([timingReport(lognormal(2, 10, 0.015, 0.05))]);
const real = realLab03Runs();
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'syslab-cmp-cli-'));

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await compareCommand(args), out };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('syslab compare', () => {
  it('prints what moved with its reason, and --fail-on worse exits 1', async () => {
    const r = await run(fast, slow);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /\| k=1 \| seconds \(s ↓\) \| [\d.]+ \(n=10\) \| [\d.]+ \(n=10\) \| worse \+\d+% \[\+\d+%, \+\d+%\], p<0.001, n=10\+10 \|/,
    );
    expect((await run(fast, slow, '--fail-on', 'worse')).code).toBe(1);
    expect((await run(slow, fast, '--fail-on', 'worse')).code).toBe(0);
  });
  it('names runs, picks the base, and writes csv, json and html by --format or extension', async () => {
    const json = await run(`old=${fast}`, `new=${slow}`, `same=${fast}`, '--base', 'new', '--format', 'json');
    const parsed = JSON.parse(json.out) as { schema: string; base: number; runs: Array<{ name: string }> };
    expect(parsed.schema).toBe('syslab.comparison/1');
    expect(parsed.runs.map((r) => r.name)).toEqual(['old', 'new', 'same']);
    expect(parsed.base).toBe(1);
    const dir = tmp();
    await run(fast, slow, '--out', path.join(dir, 'c.csv'));
    const csv = readFileSync(path.join(dir, 'c.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe(
      'lab,table,key,metric,unit,kind,better,base,run,baseValue,value,ratio,lo,hi,p,q,nBase,n,verdict,reason',
    );
    expect(csv[1]).toMatch(
      /^03,t,k=1,seconds,s,sampled,lower,A,B,[\d.]+,[\d.]+,[\d.]+,[\d.]+,[\d.]+,[\d.e-]+,[\d.e-]+,10,10,worse,/,
    );
    await run(fast, slow, '--out', path.join(dir, 'c.html'));
    const html = readFileSync(path.join(dir, 'c.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src=/);
  });
  it('compares a class with the reference highlighted', async () => {
    const r = await run('--class', real.classDir, '--reference', 's03', '--format', 'md', '--filter', 'throughput');
    expect(r.out).toContain('# Class comparison: 30 runs');
    expect(r.out).toContain('| s03 (reference) |');
    expect(r.out).toMatch(/\| policy=lru, policyParams= \| seconds \(s\) \| 30 \|/);
  });
  it('rejects bad input with one line naming what is allowed', async () => {
    await expect(run(fast, slow, '--out', tmp())).rejects.toThrow(/--out: ".*" is a folder; give a file name/);
    await expect(run(fast)).rejects.toThrow(/compare needs at least two runs/);
    const notAFolder = path.join(tmp(), 'file');
    writeFileSync(notAFolder, '');
    await expect(run(fast, slow, '--out', path.join(notAFolder, 'c.md'))).rejects.toThrow(/--out: cannot write/);
    await expect(run(fast, slow, '--base', 'nobody')).rejects.toThrow(/--base: no run named "nobody"; allowed: A, B/);
    await expect(run(fast, slow, '--format', 'pdf')).rejects.toThrow(InputError);
    await expect(run('--class', real.classDir, '--reference', 'nobody')).rejects.toThrow(/--reference: "nobody"/);
  });
  it('exits 2 with one line for valid JSON that is not a report (spawned)', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'r.json'), JSON.stringify({ schema: 'syslab.report/1', lab: { id: '03' } }));
    const root = path.resolve(__dirname, '../..');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'compare', path.join(dir, 'r.json'), fast],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/lacks "results.tables"/);
  });
});
