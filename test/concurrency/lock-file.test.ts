// A student's lock class through --lock-file: a good one replaces the Mutex in the workers (also from outside the
// project), bad ones are one clear error line naming the file and method, a looping one never hangs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { counterRound } from '../../src/concurrency/counter-experiment.js';
import { checkExclusion, lockFailures } from '../../src/concurrency/lock-check.js';
import { checkLockFile, importLockClass, lockFileUrl } from '../../src/concurrency/lock-file.js';
import { Team } from '../../src/concurrency/team.js';

const fixture = (name: string) => `test/concurrency/fixtures/${name}`;

describe('importLockClass', () => {
  it('accepts a class implementing lock() and unlock()', async () => {
    const Cls = await importLockClass(fixture('ticket-lock.ts'));
    expect(Cls.name).toBe('TicketLock');
  });

  it('rejects files without a default class, without unlock(), or missing', async () => {
    await expect(importLockClass(fixture('no-default-lock.ts'))).rejects.toThrow(
      /no-default-lock.ts" has no default export \(it exports \w+\)/,
    );
    await expect(importLockClass(fixture('no-unlock-lock.ts'))).rejects.toThrow(/need lock\(\) and unlock\(\) methods/);
    await expect(importLockClass(fixture('nope.ts'))).rejects.toThrow(
      'lock file "test/concurrency/fixtures/nope.ts" does not exist',
    );
  });

  it('a file that does not compile is one plain line naming the file and the problem', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-02-lock-'));
    try {
      const file = path.join(dir, 'broken-lock.ts');
      writeFileSync(file, 'export default class BrokenLock {\n  lock(): void {\n');
      const error = await importLockClass(file).then(
        () => undefined,
        (e: Error) => e,
      );
      // The plug-in loader compiles with esbuild wherever it runs: its message and position, without a preamble.
      expect(error?.message).toMatch(
        /^lock file ".*broken-lock.ts" failed to compile: \S*broken-lock\.ts:3:0: Unexpected end of file$/,
      );
      expect(error?.message).not.toContain('\n');
      expect(error?.message).not.toContain(String.fromCharCode(27)); // no terminal colours
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkLockFile (in a sandbox worker)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-02-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it('accepts the ticket lock, copied outside the project and importing its type by the package name', async () => {
    const source = `import type { Lock } from 'syslab/threads';
export default class Ticket implements Lock {
  constructor(private readonly c: Int32Array) {}
  lock(): void { const t = Atomics.add(this.c, 0, 1); while (Atomics.load(this.c, 1) !== t) Atomics.wait(this.c, 1, Atomics.load(this.c, 1)); }
  unlock(): void { Atomics.add(this.c, 1, 1); Atomics.notify(this.c, 1); }
}`;
    expect(await checkLockFile(write('ticket.ts', source))).toBe('Ticket');
  });

  it('stops a constructor or a lock() that loops, naming the method', async () => {
    const looping = write(
      'loop-ctor.ts',
      'export default class C { constructor() { for (;;) {} } lock() {} unlock() {} }',
    );
    await expect(checkLockFile(looping, 300)).rejects.toThrow(
      /^lock file ".*loop-ctor\.ts": constructor\(\) did not return within 300 ms; is there an endless loop\?$/,
    );
    const stuck = write('stuck.ts', 'export default class S { lock() { for (;;) {} } unlock() {} }');
    await expect(checkLockFile(stuck, 300)).rejects.toThrow(/stuck\.ts": lock\(\) did not return within 300 ms/);
  });

  it('names the method that throws', async () => {
    const throws = write('throws.ts', 'export default class T { lock() {} unlock() { throw new Error("not held"); } }');
    await expect(checkLockFile(throws)).rejects.toThrow(/throws\.ts": unlock\(\) threw: not held$/);
  });
});

describe('a student lock in worker threads', () => {
  const team = new Team();
  afterAll(() => team.close());
  const url = lockFileUrl(fixture('ticket-lock.ts'));

  it('the ticket lock keeps the mutex counters exact', async () => {
    for (const strategy of ['mutex-per-op', 'mutex-coarse'] as const) {
      const round = await counterRound(team, 3, strategy, 5000, url, 30_000);
      expect(round.ok && round.count).toBe(15_000);
    }
  });

  it('the ticket lock passes the exclusion check', async () => {
    const r = await checkExclusion(team, 2, 5000, url, 30_000);
    expect(r.violations).toBe(0);
  });
});

describe('lockFailures (the lab 02 gate)', () => {
  const run = { workers: 4, iterations: 80_000, note: '' };
  it('fails a student lock with violations or an unfinished check, never the built-in mutex or a clean run', () => {
    expect(lockFailures('my.ts', { ...run, violations: 11 })).toEqual([
      'lock file "my.ts": 11 of 80000 critical sections found another worker inside (4 workers); its mutex timings ' +
        'measure a lock that does not exclude',
    ]);
    expect(lockFailures('my.ts', { ...run, violations: null, note: 'worker 1 was stuck' })).toEqual([
      'lock file "my.ts": the mutual exclusion check did not finish (worker 1 was stuck)',
    ]);
    expect(lockFailures('my.ts', { ...run, violations: 0 })).toEqual([]);
    expect(lockFailures(undefined, { ...run, violations: 3 })).toEqual([]);
    expect(lockFailures('my.ts', undefined)).toEqual([]);
  });
});
