// The Lock interface every lock in this lab implements (the built-in Mutex and a student's --lock-file class), and
// acquire(), which turns lock() into a handle that `using` releases on every exit path.
// Tests: test/concurrency/lock.test.ts, test/concurrency/mutex.test.ts.
import './dispose.js';

/**
 * A lock shared by threads. A class implementing it is constructed in every worker on the SAME shared memory:
 * `new YourLock(cells)`, where `cells` is an Int32Array view of LOCK_CELLS 32-bit slots of a SharedArrayBuffer, all
 * zero at the start. Keep all state in `cells` (fields of the object are private to one thread).
 *
 * Rules: lock() returns only once the calling thread holds the lock (blocking or spinning until then); unlock() is
 * called only by the thread that holds it and lets exactly one waiter (if any) proceed; a lock is not re-entrant.
 */
export interface Lock {
  lock(): void;
  unlock(): void;
}

/** What a lock file default-exports: a class whose instances share state through `cells`. */
export type LockClass = new (cells: Int32Array) => Lock;

/** Int32 slots per lock: 16 x 4 bytes = one 64-byte cache line, so two locks never share a line (no false sharing). */
export const LOCK_CELLS = 16;

/** A held lock; `using held = acquire(lock)` releases it when the block exits, by return, break or throw. */
export class LockHandle {
  #lock: Lock | undefined;

  constructor(lock: Lock) {
    this.#lock = lock;
  }

  get held(): boolean {
    return this.#lock !== undefined;
  }

  release(): void {
    const lock = this.#lock;
    if (lock === undefined) throw new Error('lock handle released twice');
    this.#lock = undefined;
    lock.unlock();
  }

  [Symbol.dispose](): void {
    if (this.#lock !== undefined) this.release();
  }
}

/** Blocks until `lock` is held and returns the handle that releases it (the counterpart of Python's `with lock:`). */
export function acquire(lock: Lock): LockHandle {
  lock.lock();
  return new LockHandle(lock);
}

/** Shared memory for `count` locks, each LOCK_CELLS slots on its own cache line. */
export function allocateLockCells(count: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(count * LOCK_CELLS * Int32Array.BYTES_PER_ELEMENT));
}

/** The slots of lock number `index` inside cells from allocateLockCells(). */
export function lockSlots(cells: Int32Array, index: number): Int32Array {
  return cells.subarray(index * LOCK_CELLS, (index + 1) * LOCK_CELLS);
}
