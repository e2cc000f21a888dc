// The run folder (--out) is checked and created before any work, one level at a time: a path that is a file, lies
// under a file, loops through symlinks, cannot be created (read-only, /proc, permissions) or cannot be written gets
// one line and exit 2 instead of a stack trace or a spin (recursive mkdir in /proc retries forever on Node 20).
// Tests: test/faults/out.test.ts.
import { accessSync, constants, mkdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ELOOP: 'a symlink loop',
  ENAMETOOLONG: 'the name is too long',
  ENOSPC: 'the disk is full',
  ENOENT: 'the file system does not allow creating it',
};

const reason = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return REASONS[code] ?? code ?? String(error);
};

function fail(runDir: string, why: string): never {
  throw new InputError(`--out: "${runDir}" ${why}; allowed: a folder that can be created and written`);
}

/**
 * Makes sure `runDir` (absolute) is a writable folder, creating missing levels. Returns the folders it created,
 * outermost first, so a run that ends without a report can remove them again (see removeCreated).
 */
export function prepareRunDir(runDir: string): string[] {
  const missing: string[] = [];
  let existing = runDir;
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) {
        fail(runDir, existing === runDir ? 'is a file, not a folder' : `cannot be created: "${existing}" is a file`);
      }
      break;
    } catch (error) {
      if (error instanceof InputError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: some level above is a file; walking up finds it and names it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') fail(runDir, `cannot be used: ${reason(error)}`);
      const parent = path.dirname(existing);
      if (parent === existing) fail(runDir, 'cannot be created: no part of its path exists');
      missing.unshift(existing);
      existing = parent;
    }
  }
  const created: string[] = [];
  for (const dir of missing) {
    try {
      mkdirSync(dir);
      created.push(dir);
    } catch (error) {
      removeCreated(created);
      fail(runDir, `cannot be created: ${reason(error)}`);
    }
  }
  try {
    accessSync(runDir, constants.W_OK | constants.X_OK);
  } catch (error) {
    fail(runDir, `cannot be written: ${reason(error)}`);
  }
  return created;
}

/** Removes folders prepareRunDir created, innermost first, as long as they are still empty. */
export function removeCreated(created: readonly string[]): void {
  for (const dir of [...created].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty (another lab of the run published there) or already gone
    }
  }
}
