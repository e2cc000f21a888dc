// Lab 02's resource budget: the pool part starts up to max(--threads) worker threads at once, each a V8 isolate with
// its own heap. Measured on the 2-core development machine with /usr/bin/time -v (maximum resident set size) of
// `syslab run 02 --parts pool --primes-up-to 100000 --threads 1,T`: 588,212 kB at T = 16 and 1,653,280 kB at T = 64,
// i.e. about 21.7 MiB per thread on a base of about 228 MiB. Issue 12 saw 6.6 GB at 256 threads.
// Tests: test/faults/budget.test.ts.
import type { Budget } from '../core/budget.js';

const MiB = 1024 ** 2;
export const THREADS_BASE_BYTES = 228 * MiB;
export const MEMORY_PER_THREAD = 21.7 * MiB;

/** Memory for the largest set of threads any part starts at once. */
export function threadsBudget(p: {
  parts: readonly string[];
  threads: readonly number[];
  workers: readonly number[];
  bankWorkers: readonly number[];
}): Budget {
  const counts = [
    ...(p.parts.includes('pool') ? p.threads : []),
    ...(p.parts.includes('counter') ? p.workers : []),
    ...(p.parts.includes('bank') ? p.bankWorkers : []),
    2, // the handoff pair
  ];
  const most = Math.max(...counts);
  return {
    memoryBytes: Math.round(THREADS_BASE_BYTES + MEMORY_PER_THREAD * most),
    basis: `${most} threads at once at about 21.7 MiB each, plus 228 MiB`,
  };
}
