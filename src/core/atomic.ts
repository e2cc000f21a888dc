// Files appear whole or not at all: write under a temporary name in the same folder, then rename into place
// (rename is atomic within one file system). A lab's folder is staged the same way. Tests: test/core/atomic.test.ts.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

function tempName(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  );
}

export function writeFileAtomic(target: string, content: string | Uint8Array): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = tempName(target);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A hidden staging folder beside `target` (named after this process); publish it with publishDir, or drop it with
 * rmSync. Staging folders left by runs that were killed (Ctrl-C ends Node at once, with no chance to clean up) are
 * removed here, once their process is gone.
 */
export function stageDir(target: string): string {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.tmp-`;
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (name.startsWith(prefix) && pid > 0 && !processAlive(pid))
      rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  return mkdtempSync(path.join(dir, `${prefix}${process.pid}-`));
}

/** Moves a finished staging folder into place, replacing an older folder of the same name. */
export function publishDir(staged: string, target: string): void {
  if (existsSync(target)) {
    const old = tempName(target);
    renameSync(target, old);
    renameSync(staged, target);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(staged, target);
  }
}
