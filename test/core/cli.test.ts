// The syslab command as a user meets it: exit codes, one-line errors, no report on bad input, list and compare.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const syslab = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'syslab-cli-'));

describe('syslab CLI', () => {
  it('lists the labs', () => {
    const r = syslab('list');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^03 {2}cache-policies/m);
  });

  it('rejects an unknown lab with the allowed ones and exit code 2', () => {
    const r = syslab('run', '42');
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^error: unknown lab "42"; allowed: all, .*03 \(cache-policies\)/);
  });

  it('with "all", accepts only the common options, before any lab runs', () => {
    const out = path.join(tmp(), 'run');
    const r = syslab('run', 'all', '--quick', '--sizes', '3', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('error: run all: unknown option --sizes; allowed: --quick, --seed, --out, --help');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a bad parameter in one line, exit 2, without writing a report', () => {
    const out = path.join(tmp(), 'run');
    const r = syslab('run', '03', '--sizes', '0', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      'error: --sizes: "0" is not allowed; allowed: a comma-separated list of integers from 1 to 100000000',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a missing trace file, exit 2, without a stack trace or report', () => {
    const out = path.join(tmp(), 'run');
    const r = syslab('run', 'cache-policies', '--trace', 'no-such-trace.txt', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--trace: file "no-such-trace.txt" does not exist');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('runs lab 03 on the shipped trace, then compares two runs', () => {
    const traceArgs = ['--trace', path.join(root, 'data/traces/cloudPhysicsIO.csv'), '--trace-column', 'lbn'];
    const small = [
      '--quick',
      '--workloads',
      'zipf',
      '--requests',
      '20000',
      '--throughput-requests',
      '20000',
      '--policies',
      'lru,fifo,opt',
      ...traceArgs,
    ];
    const a = tmp();
    const b = tmp();
    expect(syslab('run', '3', ...small, '--out', a).code).toBe(0);
    const r = syslab('run', '03', ...small, '--out', b);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Lab 03 cache-policies: .* report in .*03-cache-policies\/report.md/);
    const cmp = syslab('compare', a, b, '--out', path.join(b, 'cmp.md'));
    expect(cmp.code).toBe(0);
    // The terminal shows only what moved: same seed, same simulation, so no hit rate did.
    expect(cmp.out).not.toContain('table hitRates');
    expect(cmp.out).toMatch(/\d+ rows that did not move are not shown/);
    // The file holds every row.
    const full = readFileSync(path.join(b, 'cmp.md'), 'utf8');
    expect(full).toContain('## Lab 03, table hitRates');
    // Same seed, same simulation: an exact metric reads "same".
    expect(full).toMatch(
      /\| workload=zipf a=0\.9, policy=lru\b.*cacheSize=100 \| hitRate \(ratio ↑\) \| [\d.]+ \| [\d.]+ \| same \|/,
    );
    expect(syslab('compare', a, b, '--all').out).toContain('## Lab 03, table hitRates');
  });
});
