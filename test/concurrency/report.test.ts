// Lab 02's report from hand-made results: which tables and charts appear for each subset of parts, and findings
// that carry exactly the numbers of the rows (worked out by hand below), worded for the counts they hold.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/stats.js';
import type { BankRow } from '../../src/concurrency/bank-experiment.js';
import type { CounterRow } from '../../src/concurrency/counter-experiment.js';
import type { ThreadsResult } from '../../src/concurrency/experiment.js';
import type { HandoffRow } from '../../src/concurrency/handoff-experiment.js';
import type { PoolResult } from '../../src/concurrency/pool-experiment.js';
import { threadsReport } from '../../src/concurrency/report.js';

const LOCK = 'built-in Mutex (Atomics, spin then park)';

function result(parts: Partial<ThreadsResult>): ThreadsResult {
  return {
    lockName: LOCK,
    counter: [],
    exclusion: undefined,
    bank: [],
    accounts: 8,
    handoff: [],
    pool: undefined,
    poolFailure: undefined,
    terminated: 0,
    ...parts,
  };
}

/** A counter row whose every timed round took `seconds` and counted `observed`. */
function counterRow(workers: number, strategy: CounterRow['strategy'], observed: number, seconds: number): CounterRow {
  const expected = workers * 1000;
  return {
    workers,
    strategy,
    expected,
    observed,
    lost: expected - observed,
    lostShare: (expected - observed) / expected,
    worstLost: expected - observed,
    seconds: summarize([seconds, seconds]),
    incrementsPerSecond: summarize([expected / seconds]),
    overlap: workers === 1 ? 1 : 1.5,
    note: '',
  };
}

const counter = [
  counterRow(2, 'unsynchronized', 1500, 0.001),
  counterRow(2, 'mutex-per-op', 1995, 0.004),
  counterRow(2, 'local-then-merge', 2000, 0.001),
];
const exclusion = { workers: 2, iterations: 40_000, violations: 0, note: '' };

function bankRow(strategy: BankRow['strategy'], completed: number, deadlocked: number): BankRow {
  const time = completed ? summarize([0.1]) : null;
  return {
    workers: 2,
    strategy,
    transfers: 200,
    runs: completed + deadlocked,
    completed,
    deadlocked,
    timedOut: 0,
    drift: completed ? 0 : null,
    worstDrift: completed ? 0 : null,
    seconds: time,
    transfersPerSecond: time ? summarize([2000]) : null,
    note: '',
  };
}
const bank = [bankRow('global-lock', 2, 0), bankRow('unordered-locks', 1, 1)];

const handoff: HandoffRow[] = [
  { mode: 'atomics-wait', roundTrips: 10, roundTripSeconds: summarize([2e-5]), note: '' },
  { mode: 'message-port', roundTrips: 10, roundTripSeconds: summarize([1e-4]), note: '' },
];

const pool: PoolResult = {
  cores: 2,
  serialFraction: 0.25,
  scaling: [
    { threads: 1, tasks: 8, primes: 2262, seconds: summarize([1]), speedup: 1, efficiency: 1, karpFlatt: null },
    { threads: 2, tasks: 8, primes: 2262, seconds: summarize([0.625]), speedup: 1.6, efficiency: 0.8, karpFlatt: 0.25 },
  ],
  granularity: [],
};

describe('lab 02 report', () => {
  it('counter only: the counter and lock-check tables, one chart, findings with the rows numbers', () => {
    const r = threadsReport(result({ counter, exclusion }));
    expect(Object.keys(r.tables)).toEqual(['counter', 'lockCheck']);
    expect(r.charts?.map((c) => c.name)).toEqual(['counter-seconds']);
    expect(r.findings).toEqual([
      'Unsynchronized a[0]++ lost 25.0% with 2 workers (worst round 500 of 2,000, overlap 1.5). Overlap near 1 ' +
        'means the workers ran one after another and had little chance to race.',
      '1 of 2 synchronized configurations counted exactly in every round; inexact: mutex-per-op with 2 workers lost 5.',
      'With 2 workers, mutex-per-op took 4 ms against 1 ms for local-then-merge: 4.0× slower.',
      `${LOCK} let 0 of 40,000 critical sections overlap (2 workers).`,
    ]);
    expect(r.tables.counter.metrics.lost.kind).toBe('observed');
  });

  it('counter with every synchronized configuration inexact: said, with each loss', () => {
    const r = threadsReport(result({ counter: [counterRow(2, 'mutex-per-op', 1995, 0.004)] }));
    expect(r.findings).toEqual([
      '0 of 1 synchronized configurations counted exactly in every round; inexact: mutex-per-op with 2 workers lost 5.',
    ]);
  });

  it('bank and handoff: deadlocks counted in words, round trips listed', () => {
    const r = threadsReport(result({ bank, handoff }));
    expect(Object.keys(r.tables)).toEqual(['bank', 'handoff']);
    expect(r.charts?.map((c) => c.name)).toEqual(['handoff']);
    expect(r.findings).toEqual([
      'Bank, 2 workers, global-lock: total balance drift 0 (median), worst 0, over 2 completed of 2 runs, ' +
        '100 ms per run.',
      'Bank, 2 workers, locks in arbitrary order: 1 of 2 runs deadlocked (each detected as a wait-for cycle, its ' +
        'workers terminated); the 1 completed run drifted by 0 at worst.',
      'A round trip between two threads took 20 µs with Atomics.wait/notify and 100 µs through a MessagePort.',
    ]);
  });

  it('pool only: speedup at the core count and the fitted serial fraction', () => {
    const r = threadsReport(result({ pool }));
    expect(Object.keys(r.tables)).toEqual(['pool', 'granularity']);
    expect(r.tables.pool.rows.map((x) => x.amdahlSpeedup)).toEqual([1, 1.6]);
    expect(r.findings).toEqual([
      "With 2 threads (the core count) the pool's speedup over 1 thread was 1.6× (efficiency 80.0%).",
      'Fitted Amdahl serial fraction: 25.0%, which would cap the speedup at 4.0× on any number of cores.',
    ]);
    const chart = r.charts?.find((c) => c.name === 'pool-speedup');
    expect(JSON.stringify(chart?.spec)).toContain('Amdahl, serial 25.0%');
  });

  it('every part: all six tables, three charts, and the stuck workers and pool failure said once', () => {
    const r = threadsReport(
      result({ counter, exclusion, bank, handoff, pool, poolFailure: 'it was slow', terminated: 3 }),
    );
    expect(Object.keys(r.tables)).toEqual(['counter', 'lockCheck', 'bank', 'handoff', 'pool', 'granularity']);
    expect(r.charts?.map((c) => c.name)).toEqual(['counter-seconds', 'handoff', 'pool-speedup']);
    expect(r.findings.filter((f) => f.includes('stuck worker'))).toEqual([
      '3 stuck worker thread(s) were terminated in all (deadlocked, or past --timeout) and replaced.',
    ]);
    expect(r.findings).toContain('The pool experiment did not finish: it was slow.');
    expect(r.findings).toHaveLength(4 + 2 + 1 + 2 + 2);
  });
});
