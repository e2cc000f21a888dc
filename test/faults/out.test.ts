// Fault cases 3, 10 and 12 of issue 12 that belong to the core: an --out that cannot hold a run (a file, under a
// file, read-only, a symlink loop, /proc), an input that cannot be read or loops, and seeds written as hex or with an
// exponent. Each runs the real CLI and must end with exit 2, one `error:` line, nothing new in --out, no scratch folder
// and no process left.
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefused, runCli, snapshot, tempDir } from './harness.js';

// Lab 03 with small sizes: when a case is not refused, it still ends in seconds.
const small = ['--quick', '--workloads', 'zipf', '--requests', '2000', '--throughput-requests', '2000'];
const isRoot = process.getuid?.() === 0;

describe('--out that cannot hold a run', () => {
  const base = tempDir('out');
  const file = path.join(base, 'a-file');
  writeFileSync(file, 'not a folder');
  const loop = path.join(base, 'loop');
  symlinkSync(loop, loop);

  it.each([
    ['is a file', file, `"${file}" is a file, not a folder`],
    ['lies under a file', path.join(file, 'run'), `"${path.join(file, 'run')}" cannot be created: "${file}" is a file`],
    ['is a symlink loop', loop, `"${loop}" cannot be used: a symlink loop`],
    ['lies under a symlink loop', path.join(loop, 'run'), `"${path.join(loop, 'run')}" cannot be used: a symlink loop`],
    // Node 20's recursive mkdir retries forever here (issue 12 case 3: 100% CPU); one level at a time does not.
    ['is under /proc', '/proc/syslab-test', '"/proc/syslab-test" cannot be created'],
  ])('refuses an --out that %s', async (_what, out, message) => {
    const before = snapshot(base);
    const r = await runCli(['run', '03', ...small, '--out', out], { timeoutMs: 30_000 });
    expect(expectRefused(r)).toContain(`error: --out: ${message}`);
    expect(snapshot(base)).toEqual(before);
  });

  it.runIf(isRoot)('refuses a read-only --out (as an unprivileged user)', async () => {
    const readOnly = path.join(base, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    chmodSync(base, 0o755);
    const nested = await runCli(['run', '03', ...small, '--out', path.join(readOnly, 'run')], { uid: 65534 });
    expect(expectRefused(nested)).toBe(
      `error: --out: "${path.join(readOnly, 'run')}" cannot be created: permission denied; allowed: a folder that can be created and written`,
    );
    const itself = await runCli(['run', '03', ...small, '--out', readOnly], { uid: 65534 });
    expect(expectRefused(itself)).toContain(`error: --out: "${readOnly}" cannot be written: permission denied`);
    expect(snapshot(readOnly)).toEqual([]);
  });
});

describe('inputs that cannot be read', () => {
  const base = tempDir('input');
  const loop = path.join(base, 'loop.txt');
  symlinkSync(loop, loop);

  it('says a symlink loop is a loop, not a missing file (case 12)', async () => {
    const out = path.join(base, 'run');
    const r = await runCli(['run', '03', ...small, '--trace', loop, '--out', out]);
    expect(expectRefused(r)).toBe(`error: --trace: "${loop}" is a symlink loop; allowed: a path to an existing file`);
    expect(existsSync(out)).toBe(false);
  });

  it.runIf(isRoot).each([
    ['03', '--trace', 'secret.txt', '1\n2\n3\n'],
    ['04', '--input', 'secret.csv', 'a,b\n1,2\n'],
  ])(
    'lab %s refuses an %s the user may not read, in one line (cases 4 and 10, EACCES)',
    async (lab, flag, name, text) => {
      chmodSync(base, 0o777);
      const secret = path.join(base, name);
      writeFileSync(secret, text);
      chmodSync(secret, 0o600);
      const out = path.join(base, `run-nobody-${lab}`);
      const args = lab === '03' ? small : ['--quick'];
      const r = await runCli(['run', lab, ...args, flag, secret, '--out', out], { uid: 65534 });
      expect(expectRefused(r)).toMatch(new RegExp(`^error: ${flag}: .*${name}.*(permission denied|cannot be read)`));
      expect(existsSync(out)).toBe(false);
    },
  );
});

describe('seeds', () => {
  // More spellings are checked in-process in test/core/params.test.ts.
  it.each(['0x10', '1e3'])('rejects --seed "%s" (case 12)', async (seed) => {
    const out = path.join(tempDir('seed'), 'run');
    const r = await runCli(['run', '03', ...small, '--seed', seed, '--out', out], { timeoutMs: 30_000 });
    expect(expectRefused(r)).toBe(`error: --seed: "${seed}" is not allowed; allowed: an integer from 0 to 4294967295`);
    expect(existsSync(out)).toBe(false);
  });
});
