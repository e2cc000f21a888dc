// A one-shot barrier in shared memory: every worker arrives, the last one to arrive opens the gate and wakes the
// others. Timed loops start behind one, so they run together instead of as each worker happens to receive its
// message; the bank tests also use one as a rendezvous that makes a deadlock certain. Waiters spin for a few
// milliseconds first: a parked thread takes tens of microseconds to wake, long enough for a short loop on another
// thread to finish before this one starts, and then no race could be seen at all.
// Tests: test/concurrency/counter.test.ts and test/concurrency/bank.test.ts (through the team).

const ARRIVED = 0;
const OPEN = 1;
const SPIN_MS = 5;

export function createBarrier(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

/** Waits until `parties` threads have arrived; throws after timeoutMs rather than waiting forever. */
export function arriveAndWait(barrier: Int32Array, parties: number, timeoutMs: number): void {
  if (Atomics.add(barrier, ARRIVED, 1) + 1 === parties) {
    Atomics.store(barrier, OPEN, 1);
    Atomics.notify(barrier, OPEN);
    return;
  }
  const spinUntil = Date.now() + SPIN_MS;
  for (let i = 0; Atomics.load(barrier, OPEN) === 0; i++) {
    if ((i & 1023) === 0 && Date.now() > spinUntil) break;
  }
  const deadline = Date.now() + timeoutMs;
  while (Atomics.load(barrier, OPEN) === 0) {
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new Error(
        `barrier: only ${Atomics.load(barrier, ARRIVED)} of ${parties} workers arrived within ${timeoutMs} ms`,
      );
    }
    Atomics.wait(barrier, OPEN, 0, left);
  }
}
