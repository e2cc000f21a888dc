// Scratch folders: `syslab-<lab id>-<pid>-XXXXXX` in the temp directory, removed when the run ends (every exit path,
// signals included, through signals.ts), and swept by the next run when the process named in them is gone (SIGKILL
// and power cuts leave no chance to clean up). Tests: test/faults/scratch.test.ts.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from './atomic.js';
import { removeOnExit } from './signals.js';

const SCRATCH_NAME = /^syslab-(\d\d)-(\d+)-[A-Za-z0-9]{6}$/;

/** The pid a scratch folder's name records, or undefined for a name that is not a scratch folder's. */
export function scratchOwner(name: string): number | undefined {
  const match = SCRATCH_NAME.exec(name);
  return match ? Number(match[2]) : undefined;
}

/**
 * Removes the scratch folders in `tmp` whose process is gone (or, given `pid`, only that process's, which the caller
 * knows has ended). Returns the names removed.
 */
export function sweepScratch(options: { pid?: number; tmp?: string } = {}): string[] {
  const tmp = options.tmp ?? os.tmpdir();
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return removed;
  }
  for (const name of names) {
    const owner = scratchOwner(name);
    if (owner === undefined || owner === process.pid) continue;
    if (options.pid !== undefined ? owner !== options.pid : processAlive(owner)) continue;
    rmSync(path.join(tmp, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Creates this process's scratch folder for lab `labId`, after sweeping those of dead processes, and returns it with
 * the function that removes it (it is also removed on any exit of the process).
 */
export function makeScratchDir(labId: string): { dir: string; remove: () => void } {
  sweepScratch();
  const dir = mkdtempSync(path.join(os.tmpdir(), `syslab-${labId}-${process.pid}-`));
  return { dir, remove: removeOnExit(dir) };
}
