// The prime-counting task and the piscina pool: known prime counts, ranges and batches, and pool threads that load
// the TypeScript task through tsx under vitest just as under the lab.
import { describe, expect, it } from 'vitest';
import { batches, countPrimes, cutRanges, isPrime } from '../../src/concurrency/primes.js';
import { bootPool, createPrimePool, runPoolExperiment, runTasks } from '../../src/concurrency/pool-experiment.js';

describe('primes', () => {
  it('knows the small primes and the prime-counting function', () => {
    expect([0, 1, 2, 3, 4, 9, 25, 97, 7919].map(isPrime)).toEqual([
      false,
      false,
      true,
      true,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(countPrimes(2, 100)).toBe(25);
    expect(countPrimes(0, 1000)).toBe(168);
    expect(countPrimes(2, 100_000)).toBe(9592);
    expect(countPrimes(100, 200)).toBe(21);
  });

  it('cuts ranges and batches without gaps or overlaps', () => {
    expect(cutRanges(2, 12, 4)).toEqual([
      [2, 6],
      [6, 10],
      [10, 12],
    ]);
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    const ranges = cutRanges(2, 1000, 7);
    expect(ranges.reduce((sum, [lo, hi]) => sum + countPrimes(lo, hi), 0)).toBe(168);
  });
});

describe('piscina pool', () => {
  it('threads run the TypeScript task: primes below 100,000 in 20 tasks on 2 threads', async () => {
    const pool = await createPrimePool(2);
    try {
      const tasks = batches(cutRanges(2, 100_000, 1000), 5);
      expect(tasks).toHaveLength(20);
      expect(await runTasks(pool, tasks, 2, 30_000)).toBe(9592);
      expect(await runTasks(pool, tasks, 1, 30_000)).toBe(9592);
    } finally {
      await pool.destroy();
    }
  });

  it('booting runs one task on each thread, and says so when the threads do not start in time', async () => {
    const pool = await createPrimePool(2);
    try {
      expect(await bootPool(pool, 2, 30_000)).toBe(2 * 25);
    } finally {
      await pool.destroy();
    }
    const slow = await createPrimePool(2);
    await expect(bootPool(slow, 2, 1)).rejects.toThrow('starting 2 pool threads did not finish within 1 ms');
  });

  it('a task that runs past the time limit rejects instead of hanging', async () => {
    const pool = await createPrimePool(1);
    await expect(runTasks(pool, [[[2, 2_000_000_000]]], 1, 300)).rejects.toThrow('did not finish within 300 ms');
  });

  it('the experiment counts the same primes in every configuration', async () => {
    const r = await runPoolExperiment(
      {
        threads: [1, 2],
        upTo: 20_000,
        chunks: 8,
        tinySize: 500,
        batchSize: 10,
        granularityThreads: 2,
        warmup: 0,
        repeats: 1,
        timeoutMs: 30_000,
      },
      2,
    );
    expect(r.scaling.map((x) => [x.threads, x.tasks, x.primes])).toEqual([
      [1, 8, 2262],
      [2, 8, 2262],
    ]);
    expect(r.scaling[0].speedup).toBe(1);
    expect(r.scaling[0].karpFlatt).toBeNull();
    expect(r.granularity.map((x) => [x.split, x.tasks, x.numbersPerTask, x.primes])).toEqual([
      ['coarse', 8, 2500, 2262],
      ['tiny', 40, 500, 2262],
      ['tiny-batched', 4, 5000, 2262],
    ]);
    expect(r.granularity[2].overheadPerTask).toBeNull();
  });
});
