// Lab 06's resource budget: memory and disk for the stored file, from its size (--size, or the --input file's size)
// and the replication factors, before any block is written. Measured on the 2-core development machine: `syslab run
// 06 --quick --size 64MiB` peaked at 452,356 kB resident (/usr/bin/time -v), 203,644 kB in the scratch folder and
// 205,788 kB in the report folder (du -sk, sampled every 0.3 s), i.e. about 4.5 B of memory per byte stored on a base
// of 150 MiB, and about 1.07 B of disk per byte per replica (blocks plus their checksums) at the default replication
// of 3, in each folder. Issue 12 saw the same at 1 GiB: 4.4 GB resident. Tests: test/faults/budget.test.ts.
import { statSync } from 'node:fs';
import type { Budget } from '../core/budget.js';
import { formatBytes } from '../core/units.js';

const MiB = 1024 ** 2;
export const HDFS_BASE_BYTES = 150 * MiB;
export const HDFS_MEMORY_PER_BYTE = 4.5;
export const HDFS_DISK_PER_BYTE_PER_REPLICA = 1.07;

/** The bytes the lab stores: the --input file's size, or --size. */
function storedBytes(p: { input?: string; size: number }): number {
  if (p.input === undefined) return p.size;
  try {
    return statSync(p.input).size;
  } catch {
    return p.size; // the input's own check reports the problem
  }
}

/** Memory, report-folder disk (the DataNode folders beside the report) and scratch disk (the sweeps' clusters). */
export function hdfsBudget(p: {
  input?: string;
  size: number;
  replication: number;
  sweepReplications: readonly number[];
}): Budget {
  const bytes = storedBytes(p);
  const sweepMax = Math.max(...p.sweepReplications);
  return {
    memoryBytes: Math.round(HDFS_BASE_BYTES + HDFS_MEMORY_PER_BYTE * bytes),
    outBytes: Math.round(HDFS_DISK_PER_BYTE_PER_REPLICA * bytes * p.replication),
    scratchBytes: Math.round(HDFS_DISK_PER_BYTE_PER_REPLICA * bytes * sweepMax),
    basis:
      `${formatBytes(bytes)} stored at 4.5 B of memory per byte, and 1.07 B of disk per byte per replica ` +
      `(--replication ${p.replication}, sweeps up to ${sweepMax})`,
  };
}
