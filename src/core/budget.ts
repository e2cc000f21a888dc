// A lab's resource budget: the memory and disk a run needs, estimated from its parameters before any work, against
// what the machine has free now (available memory, free space where the report and the scratch folder go). A run
// that would not fit is refused with exit 2 and the estimate, instead of swapping, being killed, or filling the disk
// halfway through. Each domain's estimator lives in src/<domain>/budget.ts. Tests: test/faults/budget.test.ts.
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from './errors.js';
import { formatBytes } from './units.js';

export interface Budget {
  /** Peak resident memory of the run, in bytes. */
  memoryBytes: number;
  /** Peak bytes in the scratch folder (the temp directory). */
  scratchBytes?: number;
  /** Bytes the lab's report folder will hold. */
  outBytes?: number;
  /** The parameters and per-unit costs the estimate comes from, in words (shown when the run is refused). */
  basis: string;
}

/** What the machine has free now. */
export interface MachineRoom {
  memoryBytes: number;
  /** Free bytes for an unprivileged user in the temp directory's file system. */
  scratchBytes: number;
  /** Free bytes in the run folder's file system (its nearest existing ancestor). */
  outBytes: number;
}

/** Memory the kernel can give without swapping (MemAvailable), or os.freemem() where /proc is missing. */
export function availableMemory(): number {
  try {
    const match = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return os.freemem();
}

/** Free bytes (for an unprivileged user) in the file system holding `dir`, or its nearest existing ancestor. */
export function freeDisk(dir: string): number {
  let at = path.resolve(dir);
  for (;;) {
    try {
      const s = statfsSync(at);
      return s.bavail * s.bsize;
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return Infinity;
      at = parent;
    }
  }
}

export function machineRoom(runDir: string, tmp: string): MachineRoom {
  return { memoryBytes: availableMemory(), scratchBytes: freeDisk(tmp), outBytes: freeDisk(runDir) };
}

/**
 * Throws an InputError naming the estimate, what it is based on and what the machine has, when `budget` does not fit
 * in `room`. Scratch and report share the free space when they are on the same file system, which this does not
 * know, so each is checked alone (an honest lower bound for a refusal, not a promise).
 */
export function checkBudget(who: string, budget: Budget, room: MachineRoom): void {
  const short = (need: number, have: number, what: string) =>
    `${who} needs about ${formatBytes(need)} of ${what} (${budget.basis}), but only ${formatBytes(have)} is free; lower the sizes`;
  if (budget.memoryBytes > room.memoryBytes)
    throw new InputError(short(budget.memoryBytes, room.memoryBytes, 'memory'));
  if ((budget.scratchBytes ?? 0) > room.scratchBytes)
    throw new InputError(short(budget.scratchBytes ?? 0, room.scratchBytes, 'disk in the temp directory'));
  if ((budget.outBytes ?? 0) > room.outBytes)
    throw new InputError(short(budget.outBytes ?? 0, room.outBytes, 'disk in --out'));
}

/** Node's own footprint before a lab allocates anything (runtime, loaded modules): measured about 120 MiB. */
export const BASE_MEMORY = 160 * 1024 * 1024;
