// Files appear whole or not at all: write under a temporary name in the same folder, then rename into place
// (rename is atomic within one file system). A lab's folder is staged the same way. Tests: test/core/atomic.test.ts.
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';

function tempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
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

/** A hidden staging folder beside `target`; publish it with publishDir, or drop it with rmSync. */
export function stageDir(target: string): string {
  mkdirSync(path.dirname(target), { recursive: true });
  return mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.tmp-`));
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
