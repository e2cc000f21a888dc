// Loads the lock class a student names with --lock-file: a TypeScript (or JavaScript) module whose default export is
// a class implementing Lock (see lock.ts). Checked once in the main thread, so a bad file is one clear error, then
// imported again inside every worker. Tests: test/concurrency/lock-file.test.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allocateLockCells, type LockClass } from './lock.js';
import { Mutex } from './mutex.js';

/** The lock-file problem in one line, or undefined when `module` default-exports a usable lock class. */
export function lockModuleProblem(module: unknown, file: string): string | undefined {
  const Cls = (module as { default?: unknown } | undefined)?.default;
  if (typeof Cls !== 'function')
    return `lock file "${file}" has no default export class; expected \`export default class MyLock { constructor(cells: Int32Array); lock(): void; unlock(): void }\``;
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

/** One plain line of an error message; a compiler's "Transform failed with 1 error:" keeps the line after it. */
function firstLine(message: string): string {
  // Strip ANSI colour escapes, which some compilers put in their messages.
  const lines = message
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const first = lines[0] ?? message;
  return first.endsWith(':') && lines[1] ? `${first} ${lines[1]}` : first;
}

/** The file URL a worker imports for `file` (resolved against the working directory). */
export function lockFileUrl(file: string): string {
  return pathToFileURL(path.resolve(file)).href;
}

/** Imports and checks a lock file; throws Error with a one-line message the lab turns into an InputError. */
export async function importLockClass(fileOrUrl: string): Promise<LockClass> {
  const url = fileOrUrl.startsWith('file:') ? fileOrUrl : lockFileUrl(fileOrUrl);
  const shown = fileOrUrl.startsWith('file:') ? new URL(fileOrUrl).pathname : fileOrUrl;
  if (!fileOrUrl.startsWith('file:') && !existsSync(fileOrUrl)) throw new Error(`lock file "${shown}" does not exist`);
  let module: unknown;
  try {
    module = await import(url);
  } catch (error) {
    throw new Error(
      `lock file "${shown}" failed to load: ${firstLine(error instanceof Error ? error.message : String(error))}`,
    );
  }
  const problem = lockModuleProblem(module, shown);
  if (problem) throw new Error(problem);
  return (module as { default: LockClass }).default;
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
