// The one publish step of a lab run: the staged lab folder gets ordinary permissions, is swapped into the run
// folder, and the run's index.html is rebuilt; if the index cannot be written the swap is undone, so the run folder
// holds either the complete new state or the previous one, whatever else is in it (an unreadable sibling report is
// listed in the index, not fatal: see run-reports.ts). Tests: test/faults/publish.test.ts.
import { chmodSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { swapDir } from './atomic.js';
import { InputError } from './errors.js';
import { refreshIndex } from './report.js';

/**
 * Gives every folder under `root` (itself included) the mode `dirMode` and every file `fileMode`; links are left
 * alone. Outputs are meant to be read by others (a teaching assistant's account), like any file the user makes.
 */
export function setModes(root: string, dirMode: number, fileMode: number): void {
  chmodSync(root, dirMode);
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) setModes(full, dirMode, fileMode);
    else if (entry.isFile()) chmodSync(full, fileMode);
  }
}

/** Errors of the file system the user can act on (a full disk, a read-only folder), as one line. */
const USER_FIXABLE = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'EISDIR',
  'ENOTDIR',
  'EEXIST',
  'ENOTEMPTY',
]);

/**
 * Publishes `staged` as `labDir` inside `runDir` and rebuilds the run's index.html, all or nothing. The staged
 * folder's own mode (what mkdir gave it under the umask) sets the mode of everything in it: 0755 folders and 0644
 * files under the usual umask 022. A file-system error the user can fix becomes an InputError naming the path.
 */
export function publishLab(staged: string, labDir: string, runDir: string): void {
  const dirMode = (statSync(staged).mode & 0o777) | 0o700;
  const fileMode = (dirMode & 0o666) | 0o600;
  try {
    setModes(staged, dirMode, fileMode);
    const swap = swapDir(staged, labDir);
    try {
      refreshIndex(runDir);
    } catch (error) {
      swap.rollback();
      throw error;
    }
    swap.commit();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && USER_FIXABLE.has(code)) {
      const { dest, path: source } = error as NodeJS.ErrnoException & { dest?: string };
      const where = dest ?? source ?? runDir;
      throw new InputError(`cannot publish the report in ${runDir}: ${code} on ${where}; nothing was changed there`);
    }
    throw error;
  }
}
