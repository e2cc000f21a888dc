// The counter strategies: exact counts for every synchronized strategy and several worker counts, in real threads.
// The unsynchronized strategy is not asserted to lose updates (that depends on timing); only its bounds are.
import { afterAll, describe, expect, it } from 'vitest';
import { allocateCounter, COUNTER_STRATEGIES, runCounterStrategy } from '../../src/concurrency/counter.js';
import { counterRound, runCounterExperiment, spanStats } from '../../src/concurrency/counter-experiment.js';
import { Mutex } from '../../src/concurrency/mutex.js';
import { Team } from '../../src/concurrency/team.js';

describe('counter strategies in one thread', () => {
  it.each(COUNTER_STRATEGIES)('%s adds exactly K', (strategy) => {
    const counter = allocateCounter();
    runCounterStrategy(strategy, counter, Mutex.create(), 1234);
    runCounterStrategy(strategy, counter, Mutex.create(), 766);
    expect(counter[0]).toBe(2000);
  });

  it('mutex-coarse releases its lock when done', () => {
    const mutex = Mutex.create();
    runCounterStrategy('mutex-coarse', allocateCounter(), mutex, 10);
    expect(mutex.cells[0]).toBe(0);
  });
});

describe('spanStats', () => {
  it('measures from the first start to the last end, and the average number of busy workers', () => {
    const s = spanStats([
      { startNs: 0, endNs: 1e9 },
      { startNs: 0.5e9, endNs: 2e9 },
    ]);
    expect(s.seconds).toBe(2);
    expect(s.overlap).toBe(1.25);
  });
});

describe('counter strategies in worker threads', () => {
  const team = new Team();
  afterAll(() => team.close());
  const exact = ['atomic', 'mutex-per-op', 'mutex-coarse', 'local-then-merge'] as const;

  for (const workers of [2, 3, 4]) {
    it.each(exact)(`%s is exact with ${workers} workers`, async (strategy) => {
      const round = await counterRound(team, workers, strategy, 20_000, undefined, 30_000);
      expect(round.ok).toBe(true);
      if (round.ok) {
        expect(round.count).toBe(workers * 20_000);
        expect(round.spans).toHaveLength(workers);
      }
    });
  }

  it('unsynchronized never counts more than expected, and the experiment reports every field', async () => {
    const rows = await runCounterExperiment(team, {
      workers: [2],
      strategies: ['unsynchronized', 'atomic'],
      increments: 5000,
      warmup: 1,
      repeats: 2,
      timeoutMs: 30_000,
    });
    const [unsync, atomic] = rows;
    expect(unsync.expected).toBe(10_000);
    expect(unsync.observed).toBeLessThanOrEqual(10_000);
    expect(unsync.observed! + unsync.lost!).toBe(10_000);
    expect(atomic.lost).toBe(0);
    expect(atomic.worstLost).toBe(0);
    expect(atomic.seconds!.n).toBe(2);
    expect(atomic.incrementsPerSecond!.median).toBeCloseTo(10_000 / atomic.seconds!.median, 6);
  });
});
