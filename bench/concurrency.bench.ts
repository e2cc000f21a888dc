// Single-thread costs behind lab 02: an uncontended lock and unlock of the built-in mutex (bare, and through
// acquire() with `using`), the counter strategies' loops on shared memory, and the pool's prime-counting task;
// items are operations, so items/s reads as increments (or numbers tested) per second.
// Run: npm run bench -- --filter concurrency
import type { Bench } from 'tinybench';
import { allocateCounter, runCounterStrategy, COUNTER_STRATEGIES } from '../src/concurrency/counter.js';
import { acquire } from '../src/concurrency/lock.js';
import { Mutex } from '../src/concurrency/mutex.js';
import { countPrimes } from '../src/concurrency/primes.js';

const OPS = 100_000;
const PRIMES_UP_TO = 100_000;

export const items: Record<string, number> = {
  'mutex lock+unlock x100k': OPS,
  'mutex acquire+using x100k': OPS,
  ...Object.fromEntries(COUNTER_STRATEGIES.map((s) => [`counter ${s} x100k`, OPS])),
  'count primes below 100k': PRIMES_UP_TO,
};

export default function register(bench: Bench): void {
  const mutex = Mutex.create();
  const counter = allocateCounter();
  bench.add('mutex lock+unlock x100k', () => {
    for (let i = 0; i < OPS; i++) {
      mutex.lock();
      mutex.unlock();
    }
  });
  bench.add('mutex acquire+using x100k', () => {
    for (let i = 0; i < OPS; i++) {
      using _held = acquire(mutex);
    }
  });
  for (const strategy of COUNTER_STRATEGIES) {
    bench.add(`counter ${strategy} x100k`, () => runCounterStrategy(strategy, counter, mutex, OPS));
  }
  bench.add('count primes below 100k', () => {
    if (countPrimes(2, PRIMES_UP_TO) !== 9592) throw new Error('wrong prime count');
  });
}
