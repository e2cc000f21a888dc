// The Lock handle: `using` releases on every exit path (normal end, return, break, throw); double release is an error.
import { describe, expect, it } from 'vitest';
import { acquire, allocateLockCells, LOCK_CELLS, lockSlots, type Lock } from '../../src/concurrency/lock.js';
import { Mutex } from '../../src/concurrency/mutex.js';

/** A lock that records calls, to see exactly when unlock happens. */
class RecordingLock implements Lock {
  calls: string[] = [];
  lock(): void {
    this.calls.push('lock');
  }
  unlock(): void {
    this.calls.push('unlock');
  }
}

describe('acquire() with using', () => {
  it('Symbol.dispose exists once the lock module is loaded', () => {
    expect(typeof Symbol.dispose).toBe('symbol');
  });

  it('releases at the end of the block', () => {
    const lock = new RecordingLock();
    {
      using held = acquire(lock);
      lock.calls.push('work');
      expect(held.held).toBe(true);
    }
    expect(lock.calls).toEqual(['lock', 'work', 'unlock']);
  });

  it('releases when the critical section throws', () => {
    const mutex = Mutex.create();
    const attempt = () => {
      using _held = mutex.acquire();
      throw new Error('boom inside the critical section');
    };
    expect(attempt).toThrow('boom inside the critical section');
    expect(mutex.tryLock()).toBe(true);
    mutex.unlock();
  });

  it('releases on return and on break', () => {
    const lock = new RecordingLock();
    const early = (): number => {
      using _held = acquire(lock);
      return 7;
    };
    expect(early()).toBe(7);
    for (let i = 0; i < 3; i++) {
      using _held = acquire(lock);
      if (i === 1) break;
    }
    expect(lock.calls).toEqual(['lock', 'unlock', 'lock', 'unlock', 'lock', 'unlock']);
  });

  it('an explicit release() is not repeated by dispose, and a second release() throws', () => {
    const lock = new RecordingLock();
    {
      using held = acquire(lock);
      held.release();
      expect(held.held).toBe(false);
      expect(() => held.release()).toThrow('released twice');
    }
    expect(lock.calls).toEqual(['lock', 'unlock']);
  });

  it('lock slots are one 64-byte line apart', () => {
    const cells = allocateLockCells(3);
    expect(cells.length).toBe(3 * LOCK_CELLS);
    expect(LOCK_CELLS * 4).toBe(64);
    lockSlots(cells, 2)[0] = 5;
    expect(cells[2 * LOCK_CELLS]).toBe(5);
    expect(lockSlots(cells, 1).length).toBe(LOCK_CELLS);
  });
});
