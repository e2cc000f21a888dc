// Sandbox entry (src/core/sandbox.ts) that checks a student's lock file before the lab starts its workers: the file
// loads, default-exports a class, and one instance constructs, locks and unlocks, each step under the per-call
// deadline, so a constructor or lock() that loops is a one-line error naming the method. Tests:
// test/concurrency/lock-file.test.ts.
import { describeValue, errorLine, importPlugin, PluginError, pluginLabel } from '../core/plugin.js';
import type { Guard } from '../core/sandbox.js';
import { allocateLockCells, type LockClass } from './lock.js';

export const LOCK_EXPECTED =
  '`export default class MyLock { constructor(cells: Int32Array); lock(): void; unlock(): void }`';

export default async function check(input: { file: string }, guard: Guard): Promise<{ name: string }> {
  const label = pluginLabel('lock', input.file);
  const Cls = await importPlugin('lock', input.file, LOCK_EXPECTED, guard);
  if (typeof Cls !== 'function')
    throw new PluginError(`${label}: its default export is ${describeValue(Cls)}; expected ${LOCK_EXPECTED}`);
  const name = Cls.name || 'the default export';
  const step = <T>(method: string, fn: () => T): T => {
    try {
      return guard.wrap(method, fn)();
    } catch (error) {
      throw new PluginError(
        `${label}: ${method === 'constructor' ? `new ${name}(cells)` : `${method}()`} threw: ${errorLine(error)}`,
      );
    }
  };
  const lock = step('constructor', () => new (Cls as LockClass)(allocateLockCells(1))) as unknown as Record<
    string,
    unknown
  >;
  if (typeof lock.lock !== 'function' || typeof lock.unlock !== 'function')
    throw new PluginError(`${label}: instances of ${name} need lock() and unlock() methods`);
  step('lock', () => (lock.lock as () => void)());
  step('unlock', () => (lock.unlock as () => void)());
  step('lock', () => (lock.lock as () => void)());
  step('unlock', () => (lock.unlock as () => void)());
  return { name };
}
