// Lab 02 end to end with tiny sizes: every table is written with exact counts where they are known, stuck or slow
// parts are reported, a run in which nothing finished is an InputError without a report, and bad input is an
// InputError before any work.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, runLab } from '../../src/core/index.js';
import lab from '../../labs/02-threads.js';

const out = mkdtempSync(path.join(os.tmpdir(), 'syslab-02-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Rows = Record<string, unknown>[];

describe('lab 02', () => {
  it('runs every part with tiny sizes and reports exact counts', async () => {
    const outcome = await runLab(
      lab,
      [
        '--quick',
        '--workers',
        '1,2',
        '--increments',
        '2000',
        '--repeats',
        '1',
        '--bank-workers',
        '2',
        '--transfers',
        '300',
        '--bank-runs',
        '1',
        '--accounts',
        '4',
        '--hold-spins',
        '0',
        '--round-trips',
        '50',
        '--threads',
        '1,2',
        '--primes-up-to',
        '20000',
        '--chunks',
        '8',
        '--tiny-size',
        '1000',
        '--batch-size',
        '5',
      ],
      { out, log: () => {} },
    );
    const report = outcome!.report;
    const tables = report.results.tables;
    expect(Object.keys(tables).sort()).toEqual(['bank', 'counter', 'granularity', 'handoff', 'lockCheck', 'pool']);

    const counter = tables.counter.rows as Rows;
    expect(counter).toHaveLength(10);
    for (const row of counter.filter((r) => r.strategy !== 'unsynchronized')) {
      expect(row.observed).toBe(row.expected);
      expect(row.lost).toBe(0);
    }
    expect(counter.find((r) => r.workers === 2 && r.strategy === 'atomic')!.expected).toBe(4000);
    expect((tables.lockCheck.rows as Rows)[0].violations).toBe(0);

    const bank = tables.bank.rows as Rows;
    expect(bank.map((r) => r.strategy)).toEqual(['unsynchronized', 'global-lock', 'ordered-locks', 'unordered-locks']);
    for (const row of bank.filter((r) => r.strategy === 'global-lock' || r.strategy === 'ordered-locks')) {
      expect(row).toMatchObject({ transfers: 600, runs: 1, completed: 1, deadlocked: 0, drift: 0 });
    }
    const unordered = bank.find((r) => r.strategy === 'unordered-locks')!;
    expect((unordered.completed as number) + (unordered.deadlocked as number) + (unordered.timedOut as number)).toBe(1);

    expect((tables.handoff.rows as Rows).every((r) => r.roundTrips === 50 && r.note === '')).toBe(true);
    expect((tables.pool.rows as Rows).map((r) => [r.threads, r.primes])).toEqual([
      [1, 2262],
      [2, 2262],
    ]);
    expect((tables.granularity.rows as Rows).map((r) => r.primes)).toEqual([2262, 2262, 2262]);
    expect(report.findings.some((f) => f.startsWith('Unsynchronized a[0]++ lost'))).toBe(true);
    expect(report.findings.some((f) => /Fitted Amdahl serial fraction/.test(f))).toBe(true);
    expect(report.charts.map((c) => c.file).sort()).toEqual(['counter-seconds.svg', 'handoff.svg', 'pool-speedup.svg']);
  });

  it('runs only the parts asked for, with a student lock', async () => {
    const outcome = await runLab(
      lab,
      [
        '--quick',
        '--parts',
        'counter',
        '--workers',
        '2',
        '--increments',
        '1000',
        '--repeats',
        '1',
        '--strategies',
        'mutex-per-op',
        '--lock-file',
        'test/concurrency/fixtures/ticket-lock.ts',
      ],
      { out, log: () => {} },
    );
    const tables = outcome!.report.results.tables;
    expect(Object.keys(tables).sort()).toEqual(['counter', 'lockCheck']);
    expect((tables.counter.rows as Rows)[0]).toMatchObject({
      workers: 2,
      strategy: 'mutex-per-op',
      observed: 2000,
      lost: 0,
    });
    expect((tables.lockCheck.rows as Rows)[0].lock).toBe('your lock (test/concurrency/fixtures/ticket-lock.ts)');
  });

  it('a lock that lets one thread in forever: the stuck worker is terminated and reported, the run ends', async () => {
    // --timeout 2: the atomic rounds (importing the lock file, a barrier, 10 increments) finish far within it even on
    // a loaded machine; only the rounds that take the selfish lock run into it (twice: mutex-coarse, the lock check),
    // and in each exactly one of the two workers waits forever: the one that did not get the lock first.
    const outcome = await runLab(
      lab,
      [
        '--quick',
        '--parts',
        'counter',
        '--workers',
        '2',
        '--increments',
        '10',
        '--repeats',
        '1',
        '--strategies',
        'atomic,mutex-coarse',
        '--timeout',
        '2',
        '--lock-file',
        'test/concurrency/fixtures/selfish-lock.ts',
      ],
      { out, log: () => {} },
    );
    const tables = outcome!.report.results.tables;
    const [atomic, coarse] = tables.counter.rows as Rows;
    expect(atomic).toMatchObject({ strategy: 'atomic', observed: 20, note: '' });
    expect(coarse).toMatchObject({ strategy: 'mutex-coarse', observed: null, seconds: null });
    expect(coarse.note).toMatch(/^1 stuck worker\(s\) terminated: no result within 2000 ms/);
    expect((tables.lockCheck.rows as Rows)[0]).toMatchObject({ violations: null });
    expect(outcome!.report.findings.some((f) => f.includes('did not finish'))).toBe(true);
    expect(outcome!.report.findings).toContain(
      '2 stuck worker thread(s) were terminated in all (deadlocked, or past --timeout) and replaced.',
    );
  });

  it('a pool run past the time limit is reported beside the parts that finished', async () => {
    const outcome = await runLab(
      lab,
      [
        '--quick',
        '--parts',
        'handoff,pool',
        '--handoff-modes',
        'atomics-wait',
        '--round-trips',
        '10',
        '--repeats',
        '1',
        '--threads',
        '1',
        '--primes-up-to',
        '2000000000',
        '--chunks',
        '1',
        '--timeout',
        '2',
      ],
      { out, log: () => {} },
    );
    expect(Object.keys(outcome!.report.results.tables)).toEqual(['handoff']);
    expect(outcome!.report.findings).toContain(
      'The pool experiment did not finish: 1 pool tasks did not finish within 2000 ms; ' +
        "the pool's threads were terminated.",
    );
  });

  it('a run in which every part ran past --timeout is one InputError line and writes no report', async () => {
    const runOut = mkdtempSync(path.join(os.tmpdir(), 'syslab-02-test-'));
    try {
      const args = ['--parts', 'pool', '--threads', '1', '--primes-up-to', '2000000000', '--chunks', '1'];
      const run = runLab(lab, ['--quick', ...args, '--timeout', '0.3'], { out: runOut, log: () => {} });
      await expect(run).rejects.toThrow(
        new InputError(
          'nothing was measured: every configuration ran past --timeout 0.3 s or failed (first: 1 pool tasks did ' +
            "not finish within 300 ms; the pool's threads were terminated); raise --timeout or choose smaller sizes",
        ),
      );
      expect(existsSync(path.join(runOut, '02-threads'))).toBe(false);
    } finally {
      rmSync(runOut, { recursive: true, force: true });
    }
  });

  it('a lock whose lock() never returns even alone is refused before any work, in one line', async () => {
    const runOut = mkdtempSync(path.join(os.tmpdir(), 'syslab-02-test-'));
    try {
      const args = ['--quick', '--parts', 'counter', '--lock-file', 'test/concurrency/fixtures/stuck-lock.ts'];
      const run = runLab(lab, args, { out: runOut, log: () => {} });
      await expect(run).rejects.toThrow(
        /^lock file "test\/concurrency\/fixtures\/stuck-lock.ts": lock\(\) did not return/,
      );
      expect(existsSync(path.join(runOut, '02-threads'))).toBe(false);
    } finally {
      rmSync(runOut, { recursive: true, force: true });
    }
  });

  it('bad input is one InputError line', async () => {
    await expect(runLab(lab, ['--workers', '64', '--increments', '100000000'], { out })).rejects.toThrow(InputError);
    await expect(runLab(lab, ['--workers', '64', '--increments', '100000000'], { out })).rejects.toThrow(
      'does not fit the shared Int32 counter',
    );
    await expect(runLab(lab, ['--lock-file', 'test/concurrency/fixtures/no-unlock-lock.ts'], { out })).rejects.toThrow(
      InputError,
    );
    await expect(runLab(lab, ['--workers', '0'], { out })).rejects.toThrow(InputError);
    await expect(runLab(lab, ['--parts', 'gpu'], { out })).rejects.toThrow(InputError);
  });
});
