// The built-in Mutex: single-thread semantics, and mutual exclusion between real worker threads under stress.
import { afterAll, describe, expect, it } from 'vitest';
import { checkExclusion } from '../../src/concurrency/lock-check.js';
import { Mutex } from '../../src/concurrency/mutex.js';
import { Team } from '../../src/concurrency/team.js';

describe('Mutex in one thread', () => {
  it('tryLock fails while held and succeeds after unlock', () => {
    const m = Mutex.create();
    expect(m.tryLock()).toBe(true);
    expect(m.tryLock()).toBe(false);
    expect(m.cells[0]).toBe(1);
    m.unlock();
    expect(m.cells[0]).toBe(0);
    expect(m.tryLock()).toBe(true);
    m.unlock();
  });

  it('unlocking a free mutex is an error', () => {
    expect(() => Mutex.create().unlock()).toThrow('not locked');
  });

  it('needs shared memory', () => {
    expect(() => new Mutex(new Int32Array(16))).toThrow('SharedArrayBuffer');
  });

  it('two Mutex objects on the same cells are one lock', () => {
    const a = Mutex.create();
    const b = new Mutex(a.cells);
    a.lock();
    expect(b.tryLock()).toBe(false);
    a.unlock();
    expect(b.tryLock()).toBe(true);
    b.unlock();
  });
});

describe('Mutex across worker threads', () => {
  const team = new Team();
  afterAll(() => team.close());

  it('never lets two of 4 workers into the critical section (stress)', async () => {
    const result = await checkExclusion(team, 4, 20_000, undefined, 30_000);
    expect(result.note).toBe('');
    expect(result.iterations).toBe(80_000);
    expect(result.violations).toBe(0);
  });

  it('parks waiters: a contended unlock leaves the lock free and sleeping threads wake', async () => {
    const result = await checkExclusion(team, 3, 5_000, undefined, 30_000);
    expect(result.violations).toBe(0);
  });
});
