// Sandbox entry of one worker of lab 02's lock checks: constructs the student's lock on the shared cells, waits for
// every party at a barrier, then takes the lock `iterations` times. Inside, it raises an occupancy counter that must
// read 0 on entry (any other reading is a violation: two workers inside) and holds the lock for holdMs, sleeping, so
// the other workers run meanwhile and a race shows up even when the machine time-slices them instead of running them
// at once. lock() and unlock() run
// under the per-call deadline: a waiter that is never woken fails as "lock() did not return", never a hang.
// Tests: test/coursework/lock-checks.test.ts.
import { errorLine, importPlugin, PluginError, pluginLabel } from '../core/plugin.js';
import type { Guard } from '../core/sandbox.js';
import type { LockClass } from '../concurrency/lock.js';

export interface LockCheckInput {
  file: string;
  cells: SharedArrayBuffer;
  /** [0]: workers inside the critical section; [1]: barrier arrivals; [2]: always 0 (slept on). */
  shared: SharedArrayBuffer;
  parties: number;
  iterations: number;
  /** How long each worker sleeps while holding the lock (Atomics.wait's timeout). */
  holdMs: number;
  barrierMs: number;
}

export default async function run(input: LockCheckInput, guard: Guard): Promise<{ violations: number }> {
  const label = pluginLabel('lock', input.file);
  const Cls = (await importPlugin('lock', input.file, 'a class', guard)) as LockClass;
  const lock = guard.wrap('constructor', () => new Cls(new Int32Array(input.cells)))();
  const shared = new Int32Array(input.shared);
  Atomics.add(shared, 1, 1);
  Atomics.notify(shared, 1);
  const until = Date.now() + input.barrierMs;
  for (let seen = Atomics.load(shared, 1); seen < input.parties; seen = Atomics.load(shared, 1)) {
    if (Date.now() > until)
      throw new Error(`only ${seen} of ${input.parties} workers started within ${input.barrierMs} ms`);
    Atomics.wait(shared, 1, seen, 50);
  }
  const lockId = guard.id('lock');
  const unlockId = guard.id('unlock');
  let violations = 0;
  for (let i = 0; i < input.iterations; i++) {
    guard.enter(lockId);
    try {
      lock.lock();
    } catch (error) {
      throw new PluginError(`${label}: lock() threw: ${errorLine(error)}`);
    } finally {
      guard.leave();
    }
    if (Atomics.add(shared, 0, 1) !== 0) violations++;
    Atomics.wait(shared, 2, 0, input.holdMs);
    Atomics.sub(shared, 0, 1);
    guard.enter(unlockId);
    try {
      lock.unlock();
    } catch (error) {
      throw new PluginError(`${label}: unlock() threw: ${errorLine(error)}`);
    } finally {
      guard.leave();
    }
  }
  return { violations };
}
