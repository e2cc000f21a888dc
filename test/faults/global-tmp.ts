// Vitest global setup: the whole test run gets a private temp directory (TMPDIR, inherited by every test worker and
// every CLI child process), removed at the end, so `npm test` leaves no syslab-* folder in the system's temp
// directory. Fixture folders tests make there are simply removed with it; a lab's scratch folder still there at the
// end (`syslab-NN-<pid>-…`) is a leak in syslab itself, and fails the run. The fault tests check the same per case.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../../src/core/atomic.js';
import { scratchOwner } from '../../src/core/scratch.js';

const PRIVATE = /^syslab-test-(\d+)$/;

export default function setup(): () => void {
  const systemTmp = os.tmpdir();
  // Private folders of earlier runs that were killed before their teardown.
  for (const name of readdirSync(systemTmp)) {
    const match = PRIVATE.exec(name);
    if (match && !processAlive(Number(match[1]))) rmSync(path.join(systemTmp, name), { recursive: true, force: true });
  }
  const privateTmp = path.join(systemTmp, `syslab-test-${process.pid}`);
  mkdirSync(privateTmp, { recursive: true });
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  return () => {
    const leaked = readdirSync(privateTmp).filter((name) => scratchOwner(name) !== undefined);
    rmSync(privateTmp, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (leaked.length) throw new Error(`lab scratch folders left behind by the tests: ${leaked.join(', ')}`);
  };
}
