// Loads the lock class a student names with --lock-file: a TypeScript (or JavaScript) module whose default export is
// a class implementing Lock (see lock.ts). Checked once in a sandbox worker (checkLockFile: a constructor or lock()
// that loops is a one-line error, never a hang), then compiled and imported again inside every lab worker through the
// one plug-in loader (src/core/plugin.ts), so a file outside the project works too. Tests:
// test/concurrency/lock-file.test.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importPlugin, pluginLabel } from '../core/plugin.js';
import { runSandboxed } from '../core/sandbox.js';
import { allocateLockCells, type LockClass } from './lock.js';
import { Mutex } from './mutex.js';

const LOCK_SHAPE = '`export default class MyLock { constructor(cells: Int32Array); lock(): void; unlock(): void }`';

/** The lock-file problem in one line, or undefined when `module` default-exports a usable lock class. */
export function lockModuleProblem(module: unknown, file: string): string | undefined {
  const Cls = (module as { default?: unknown } | undefined)?.default;
  if (typeof Cls !== 'function') return `lock file "${file}" has no default export class; expected ${LOCK_SHAPE}`;
  let instance: unknown;
  try {
    instance = new (Cls as LockClass)(allocateLockCells(1));
  } catch (error) {
    return `lock file "${file}": new ${Cls.name || 'Lock'}(cells) threw: ${error instanceof Error ? error.message : String(error)}`;
  }
  const lock = instance as { lock?: unknown; unlock?: unknown };
  if (typeof lock.lock !== 'function' || typeof lock.unlock !== 'function') {
    return `lock file "${file}": instances of ${Cls.name || 'the default export'} need lock() and unlock() methods`;
  }
  return undefined;
}

/** The file URL a worker imports for `file` (resolved against the working directory). */
export function lockFileUrl(file: string): string {
  return pathToFileURL(path.resolve(file)).href;
}

/**
 * Imports and checks a lock file inside a worker (a path, or the file URL lockFileUrl gave); throws PluginError (an
 * InputError) with a one-line message. Runs the constructor once: call it only where a loop can be stopped.
 */
export async function importLockClass(fileOrUrl: string): Promise<LockClass> {
  const file = fileOrUrl.startsWith('file:') ? fileURLToPath(fileOrUrl) : fileOrUrl;
  if (!existsSync(file)) throw new Error(`${pluginLabel('lock', file)} does not exist`);
  const Cls = await importPlugin('lock', file, 'a class');
  const problem = lockModuleProblem({ default: Cls }, file);
  if (problem) throw new Error(problem);
  return Cls as LockClass;
}

/**
 * Checks a lock file in a sandbox worker: it loads, default-exports a class, and an instance constructs, locks and
 * unlocks within `callMs` per call. Throws PluginError naming the file and method; returns the class's name.
 */
export async function checkLockFile(file: string, callMs = 5000): Promise<string> {
  const entry = new URL('./lock-worker.ts', import.meta.url);
  const { name } = await runSandboxed<{ name: string }>(
    entry,
    { file },
    {
      label: pluginLabel('lock', file),
      callMs,
      runMs: Math.max(60_000, 4 * callMs),
    },
  );
  return name;
}

const cache = new Map<string, Promise<LockClass>>();

/** The lock class a worker uses: the built-in Mutex, or the class in the lock file at `url`. */
export function lockClassFor(url: string | undefined): Promise<LockClass> {
  if (url === undefined) return Promise.resolve(Mutex);
  let found = cache.get(url);
  if (!found) {
    found = importLockClass(url);
    cache.set(url, found);
  }
  return found;
}
