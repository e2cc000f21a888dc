// The bank: locked strategies keep the total exact, ordered locking never deadlocks, the wait-for cycle finder gives
// hand-worked answers, and a certain deadlock is reported (its workers terminated) instead of hanging the run.
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { createBank, describeCycle, findWaitCycle, runTransfers, totalBalance } from '../../src/concurrency/bank.js';
import { bankRun, runBankExperiment, type BankOptions } from '../../src/concurrency/bank-experiment.js';
import { Mutex } from '../../src/concurrency/mutex.js';
import { Team } from '../../src/concurrency/team.js';

const STRIDE = 16;

describe('bank in one thread', () => {
  it.each(['unsynchronized', 'global-lock', 'ordered-locks', 'unordered-locks'] as const)(
    '%s keeps the total with one worker',
    (strategy) => {
      const bank = createBank(5, 1, 1000);
      runTransfers(bank, { strategy, worker: 0, transfers: 3000, maxAmount: 50, holdSpins: 0, seed: 7 }, Mutex);
      expect(totalBalance(bank)).toBe(5000);
      expect(Array.from(bank.balances).some((b) => b !== 1000)).toBe(true);
      expect(Array.from(bank.holder).every((h) => h === 0)).toBe(true);
    },
  );
});

describe('findWaitCycle', () => {
  it('finds worker 0 -> account 1 (held by 1) and worker 1 -> account 0 (held by 0)', () => {
    const bank = createBank(3, 3, 0);
    bank.holder[0] = 1; // worker 0 holds account 0
    bank.holder[1] = 2; // worker 1 holds account 1
    bank.waitingFor[0 * STRIDE] = 2; // worker 0 waits for account 1
    bank.waitingFor[1 * STRIDE] = 1; // worker 1 waits for account 0
    const cycle = findWaitCycle(bank)!;
    expect(cycle).toEqual({ workers: [0, 1], accounts: [1, 0] });
    expect(describeCycle(cycle)).toBe(
      'worker 0 holds account 0 and waits for account 1; worker 1 holds account 1 and waits for account 0',
    );
  });

  it('finds no cycle in a chain that ends at a running worker', () => {
    const bank = createBank(3, 3, 0);
    bank.holder[0] = 2; // worker 1 holds account 0
    bank.holder[1] = 3; // worker 2 holds account 1
    bank.waitingFor[0 * STRIDE] = 1; // worker 0 waits for account 0 (held by 1)
    bank.waitingFor[1 * STRIDE] = 2; // worker 1 waits for account 1 (held by 2), worker 2 runs
    expect(findWaitCycle(bank)).toBeUndefined();
  });

  it('finds a three-worker cycle', () => {
    const bank = createBank(3, 3, 0);
    bank.holder[0] = 1;
    bank.holder[1] = 2;
    bank.holder[2] = 3;
    bank.waitingFor[0 * STRIDE] = 2;
    bank.waitingFor[1 * STRIDE] = 3;
    bank.waitingFor[2 * STRIDE] = 1;
    expect(findWaitCycle(bank)?.workers).toEqual([0, 1, 2]);
  });
});

describe('bank in worker threads', () => {
  const team = new Team();
  afterAll(() => team.close());
  const base: BankOptions = {
    workers: [4],
    strategies: ['global-lock', 'ordered-locks'],
    accounts: 4,
    initialBalance: 1000,
    transfers: 3000,
    maxAmount: 100,
    holdSpins: 50,
    runs: 3,
    seed: 11,
    timeoutMs: 30_000,
  };

  it('global and ordered per-account locks keep the total exact and never deadlock', async () => {
    const rows = await runBankExperiment(team, base);
    for (const row of rows) {
      expect(row.completed).toBe(3);
      expect(row.deadlocked).toBe(0);
      expect(row.timedOut).toBe(0);
      expect(row.drift).toBe(0);
      expect(row.worstDrift).toBe(0);
    }
  });

  it('reports a certain deadlock, terminates its workers, and the team works again afterwards', async () => {
    // Pick a seed whose first transfer goes 0 -> 1 for worker 0 and 1 -> 0 for worker 1. Each takes its first lock,
    // then both meet at a barrier before asking for the second, so each holds the account the other wants: a real
    // deadlock however late one worker starts (no timing window to hit or miss), found by the same detector.
    let seed = 1;
    while (!(createRng(seed).int(2) === 0 && createRng(seed + 1).int(2) === 1)) seed++;
    const before = team.terminated;
    const run = await bankRun(
      team,
      2,
      'unordered-locks',
      { ...base, accounts: 2, transfers: 1, holdSpins: 0, meetAfterFirstLock: true },
      seed,
    );
    expect(run.status).toBe('deadlocked');
    if (run.status === 'deadlocked') {
      expect(run.cycle).toMatch(/worker [01] holds account [01] and waits for account [01]; worker [01] holds/);
      expect(run.progress).toBe(0);
    }
    expect(team.terminated - before).toBe(2);
    const after = await bankRun(team, 2, 'ordered-locks', { ...base, accounts: 2, transfers: 100, holdSpins: 0 }, seed);
    expect(after).toMatchObject({ status: 'completed', drift: 0 });
  });
});
