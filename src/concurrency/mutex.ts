// This project's mutex: one Int32 in shared memory, taken with Atomics.compareExchange, spinning briefly and then
// parking the thread in Atomics.wait until an unlock calls Atomics.notify. The three-state design (0 free, 1 held,
// 2 held with sleepers) is Drepper's "Futexes Are Tricky" mutex: unlock only pays for notify when someone may sleep.
// Tests: test/concurrency/mutex.test.ts.
import { acquire, allocateLockCells, LockHandle, type Lock } from './lock.js';

const FREE = 0;
const HELD = 1;
const CONTENDED = 2;

/** Failed compare-exchange attempts before parking: long enough to catch a short critical section, short enough
 * not to burn a core that the holder may need (on an oversubscribed machine the holder may not be running). */
export const DEFAULT_SPINS = 100;

export class Mutex implements Lock {
  readonly cells: Int32Array;
  readonly spins: number;

  /** `cells` as Lock says (LOCK_CELLS shared slots, zero at start); this mutex uses slot 0. */
  constructor(cells: Int32Array, spins = DEFAULT_SPINS) {
    if (!(cells.buffer instanceof SharedArrayBuffer))
      throw new Error('Mutex needs an Int32Array over a SharedArrayBuffer');
    this.cells = cells;
    this.spins = spins;
  }

  /** A mutex on freshly allocated shared memory (pass `mutex.cells` to other threads and wrap it there). */
  static create(spins = DEFAULT_SPINS): Mutex {
    return new Mutex(allocateLockCells(1), spins);
  }

  tryLock(): boolean {
    return Atomics.compareExchange(this.cells, 0, FREE, HELD) === FREE;
  }

  lock(): void {
    const s = this.cells;
    let state = Atomics.compareExchange(s, 0, FREE, HELD);
    if (state === FREE) return;
    for (let i = 0; i < this.spins; i++) {
      // Read before trying to write, so spinning threads do not keep stealing the cache line from the holder.
      if (Atomics.load(s, 0) === FREE) {
        state = Atomics.compareExchange(s, 0, FREE, HELD);
        if (state === FREE) return;
      }
    }
    // Announce a sleeper (state 2) and sleep while the lock stays contended. exchange() both claims the lock when it
    // was freed meanwhile and makes sure the holder's unlock() sees 2 and wakes someone.
    if (state !== CONTENDED) state = Atomics.exchange(s, 0, CONTENDED);
    while (state !== FREE) {
      Atomics.wait(s, 0, CONTENDED);
      state = Atomics.exchange(s, 0, CONTENDED);
    }
  }

  unlock(): void {
    const previous = Atomics.exchange(this.cells, 0, FREE);
    if (previous === FREE) throw new Error('unlock() of a mutex that was not locked');
    if (previous === CONTENDED) Atomics.notify(this.cells, 0, 1);
  }

  acquire(): LockHandle {
    return acquire(this);
  }
}
