// A student's lock class through --lock-file: a good one replaces the Mutex in the workers, bad ones are one clear
// error line naming the file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { counterRound } from '../../src/concurrency/counter-experiment.js';
import { checkExclusion } from '../../src/concurrency/lock-check.js';
import { importLockClass, lockFileUrl } from '../../src/concurrency/lock-file.js';
import { Team } from '../../src/concurrency/team.js';

const fixture = (name: string) => `test/concurrency/fixtures/${name}`;

describe('importLockClass', () => {
  it('accepts a class implementing lock() and unlock()', async () => {
    const Cls = await importLockClass(fixture('ticket-lock.ts'));
    expect(Cls.name).toBe('TicketLock');
  });

  it('rejects files without a default class, without unlock(), or missing', async () => {
    await expect(importLockClass(fixture('no-default-lock.ts'))).rejects.toThrow(
      /no-default-lock.ts" has no default export class/,
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
      // The compiler's wording differs between tsx (esbuild) and vitest (oxc); the line must say what went wrong.
      expect(error?.message).toMatch(
        /^lock file ".*broken-lock.ts" failed to load: Transform failed with 1 error: \S.*(Expected|expected)/,
      );
      expect(error?.message).not.toMatch(/[\n\x1b]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
