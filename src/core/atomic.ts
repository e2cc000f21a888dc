// Files appear whole or not at all: write under a temporary name in the same folder, then rename into place
// (rename is atomic within one file system). A lab's folder is staged the same way, and swapped in so that it can be
// swapped back. Leftovers of killed runs (named after their process) are swept by the next run.
// Tests: test/core/atomic.test.ts.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const randomSuffix = () => Math.random().toString(36).slice(2, 8).padEnd(6, '0');

/** `.name.<kind>-<pid>-<random>` beside `target`: hidden, and naming the process that owns it. */
function siblingName(target: string, kind: 'tmp' | 'old'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${kind}-${process.pid}-${randomSuffix()}`);
}

const LEFTOVER = /^\.(.+)\.(tmp|old)-(\d+)-[a-z0-9]+$/;

/** Writes `target` whole or not at all: a temporary file beside it, renamed over it. Creates its folder. */
export function writeFileAtomic(target: string, content: string | Uint8Array): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = siblingName(target, 'tmp');
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Whether a process with this id exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cleans `dir` of what killed runs left: staging folders and temporary files (`.x.tmp-<pid>-…`) are removed; a
 * replaced folder (`.x.old-<pid>-…`) is put back when its swap was cut short (x missing), else removed. Only entries
 * whose process is gone are touched.
 */
export function sweepLeftovers(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = LEFTOVER.exec(name);
    if (!match || processAlive(Number(match[3]))) continue;
    const original = path.join(dir, match[1]);
    if (match[2] === 'old' && !existsSync(original)) renameSync(path.join(dir, name), original);
    else rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * A hidden staging folder beside `target` (named after this process); publish it with publishDir or swapDir, or drop
 * it with rmSync. Created with mkdir, not mkdtemp, so it gets the umask's permissions (0755 under the usual 022) like
 * any other output, not mkdtemp's 0700. The folder holding `target` must exist.
 */
export function stageDir(target: string): string {
  sweepLeftovers(path.dirname(target));
  for (;;) {
    const staged = siblingName(target, 'tmp');
    try {
      mkdirSync(staged, 0o777);
      return staged;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A swap of a staged folder into place that can still be undone. */
export interface Swap {
  /** Removes the replaced folder: the swap is final. */
  commit(): void;
  /** Puts the replaced folder (or nothing) back where it was; the new folder goes back to its staging name. */
  rollback(): void;
}

/** Moves a finished staging folder into place, keeping an older folder of the same name aside until commit. */
export function swapDir(staged: string, target: string): Swap {
  let old: string | undefined;
  if (existsSync(target)) {
    old = siblingName(target, 'old');
    renameSync(target, old);
  }
  try {
    renameSync(staged, target);
  } catch (error) {
    if (old) renameSync(old, target);
    throw error;
  }
  return {
    commit: () => {
      if (old) rmSync(old, { recursive: true, force: true });
    },
    rollback: () => {
      renameSync(target, staged);
      if (old) renameSync(old, target);
    },
  };
}

/** Moves a finished staging folder into place, replacing an older folder of the same name. */
export function publishDir(staged: string, target: string): void {
  swapDir(staged, target).commit();
}
