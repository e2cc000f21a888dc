// A student's lock class through --lock-file: a good one replaces the Mutex in the workers, bad ones are one clear
// error line naming the file.
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
    await expect(importLockClass(fixture('no-default-lock.ts'))).rejects.toThrow(/no-default-lock.ts" has no default export class/);
    await expect(importLockClass(fixture('no-unlock-lock.ts'))).rejects.toThrow(/need lock\(\) and unlock\(\) methods/);
    await expect(importLockClass(fixture('nope.ts'))).rejects.toThrow('lock file "test/concurrency/fixtures/nope.ts" does not exist');
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
