// A lab's resource budget: the memory and disk a run needs, estimated from its parameters before any work, against
// what the machine has free now (available memory, free space where the report and the scratch folder go). A run
// that would not fit is refused with exit 2 and the estimate, instead of swapping, being killed, or filling the disk
// halfway through. Each domain's estimator lives in src/<domain>/budget.ts. Tests: test/faults/budget.test.ts.
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from './errors.js';
import { formatBytes, parseBytes } from './units.js';

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

/** Reads a number from a file such as /sys/fs/cgroup/memory.max; undefined when absent or "max". */
function readNumber(file: string): number | undefined {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What is left under this container's memory limit (cgroup v2 or v1), or undefined when there is none. */
function cgroupRoom(): number | undefined {
  const v2 = readNumber('/sys/fs/cgroup/memory.max');
  if (v2 !== undefined) return v2 - (readNumber('/sys/fs/cgroup/memory.current') ?? 0);
  const v1 = readNumber('/sys/fs/cgroup/memory/memory.limit_in_bytes');
  // v1 reports "no limit" as a huge number (2^63 rounded to pages).
  if (v1 !== undefined && v1 < 2 ** 60) return v1 - (readNumber('/sys/fs/cgroup/memory/memory.usage_in_bytes') ?? 0);
  return undefined;
}

/**
 * Memory a run may use: what the kernel can give without swapping (MemAvailable, or os.freemem() where /proc is
 * missing), no more than what is left under a container's limit, and no more than SYSLAB_MEMORY_LIMIT (a size such
 * as 8GiB: an instructor's cap for runs on a shared machine).
 */
export function availableMemory(): number {
  let room = os.freemem();
  try {
    const match = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (match) room = Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  room = Math.min(room, cgroupRoom() ?? Infinity);
  const cap = process.env.SYSLAB_MEMORY_LIMIT;
  if (cap !== undefined) {
    const limit = parseBytes(cap);
    if (limit === undefined) throw new InputError(`SYSLAB_MEMORY_LIMIT: "${cap}" is not a size; allowed: e.g. 8GiB`);
    room = Math.min(room, limit);
  }
  return room;
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

/** What the machine has free now for a run writing into `runDir` with its scratch folder in `tmp`. */
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
