// The piscina task: count the primes in every range of a batch (one range is a batch of one).
// Loaded in pool threads through ts-worker-boot.mjs. Tests: test/concurrency/pool.test.ts.
import { countPrimes } from './primes.js';

export default function countPrimesTask(ranges: [number, number][]): number {
  let total = 0;
  for (const [lo, hi] of ranges) total += countPrimes(lo, hi);
  return total;
}
