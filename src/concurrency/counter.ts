// The shared-counter experiment's strategies: each worker adds 1 to one shared Int32 `increments` times, with or
// without synchronisation. Pure loops over shared memory, run inside workers (jobs.ts) and directly by tests.
// Tests: test/concurrency/counter.test.ts.
import { acquire, type Lock } from './lock.js';

export const COUNTER_STRATEGIES = [
  'unsynchronized',
  'atomic',
  'mutex-per-op',
  'mutex-coarse',
  'local-then-merge',
] as const;
export type CounterStrategy = (typeof COUNTER_STRATEGIES)[number];

/** Where the counter lives: slot 0 of its own 64-byte line, away from the lock's line. */
export function allocateCounter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(64));
}

/** Adds `increments` to counter[0] the way `strategy` says; `lock` guards the mutex strategies. */
export function runCounterStrategy(
  strategy: CounterStrategy,
  counter: Int32Array,
  lock: Lock,
  increments: number,
): void {
  switch (strategy) {
    case 'unsynchronized':
      // Load, add, store: three steps another thread can interleave with, so increments get lost.
      for (let i = 0; i < increments; i++) counter[0]++;
      return;
    case 'atomic':
      for (let i = 0; i < increments; i++) Atomics.add(counter, 0, 1);
      return;
    case 'mutex-per-op':
      // try/finally gives the same release-on-every-exit as `using held = acquire(lock)`. On Node 20 `using` is
      // down-levelled into helper calls and an allocation per use, several times the cost of an uncontended lock
      // (compare the two mutex tasks of bench/concurrency.bench.ts), which would blur what the lock itself costs.
      for (let i = 0; i < increments; i++) {
        lock.lock();
        try {
          counter[0]++;
        } finally {
          lock.unlock();
        }
      }
      return;
    case 'mutex-coarse': {
      using _held = acquire(lock);
      for (let i = 0; i < increments; i++) counter[0]++;
      return;
    }
    case 'local-then-merge': {
      let local = 0;
      for (let i = 0; i < increments; i++) local++;
      Atomics.add(counter, 0, local);
      return;
    }
  }
}
