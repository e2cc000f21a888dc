// measuredAnything decides whether lab 02 has a report to write: a deadlock seen counts as a result, a configuration
// that ran past --timeout does not. The whole experiment runs in test/concurrency/lab.test.ts.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/stats.js';
import type { BankRow } from '../../src/concurrency/bank-experiment.js';
import { measuredAnything, type ThreadsResult } from '../../src/concurrency/experiment.js';

const nothing: ThreadsResult = {
  lockName: 'built-in Mutex',
  counter: [],
  exclusion: undefined,
  bank: [],
  accounts: 8,
  handoff: [],
  pool: undefined,
  poolFailure: undefined,
  terminated: 0,
};

const bankRow = (completed: number, deadlocked: number, timedOut: number): BankRow => ({
  workers: 2,
  strategy: 'unordered-locks',
  transfers: 200,
  runs: completed + deadlocked + timedOut,
  completed,
  deadlocked,
  timedOut,
  drift: null,
  worstDrift: null,
  seconds: null,
  transfersPerSecond: null,
  note: '',
});

describe('measuredAnything', () => {
  it('is false with no rows, and with only configurations that did not finish', () => {
    expect(measuredAnything(nothing, false)).toBe(false);
    const stuck = {
      ...nothing,
      counter: [
        {
          workers: 2,
          strategy: 'atomic' as const,
          expected: 20,
          observed: null,
          lost: null,
          lostShare: null,
          worstLost: null,
          seconds: null,
          incrementsPerSecond: null,
          overlap: null,
          note: '2 stuck worker(s) terminated: no result within 300 ms',
        },
      ],
      exclusion: { workers: 2, iterations: 100, violations: null, note: 'stuck' },
      bank: [bankRow(0, 0, 2)],
      handoff: [{ mode: 'atomics-wait' as const, roundTrips: 10, roundTripSeconds: null, note: 'stuck' }],
      poolFailure: 'too slow',
    };
    expect(measuredAnything(stuck, false)).toBe(false);
  });

  it('is true for one deadlock seen, one finished bank run, one handoff timing or one exclusion check', () => {
    expect(measuredAnything({ ...nothing, bank: [bankRow(0, 1, 1)] }, false)).toBe(true);
    expect(measuredAnything({ ...nothing, bank: [bankRow(1, 0, 1)] }, false)).toBe(true);
    const timed = { mode: 'message-port' as const, roundTrips: 10, roundTripSeconds: summarize([1e-5]), note: '' };
    expect(measuredAnything({ ...nothing, handoff: [timed] }, false)).toBe(true);
    const checked = { workers: 2, iterations: 100, violations: 0, note: '' };
    expect(measuredAnything({ ...nothing, exclusion: checked }, true)).toBe(true);
    // The built-in mutex's check alone is not a measurement of any part.
    expect(measuredAnything({ ...nothing, exclusion: checked }, false)).toBe(false);
  });
});
