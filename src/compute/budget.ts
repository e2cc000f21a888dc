// Lab 01's resource budget: the memory bandwidth measurement allocates typed arrays of --bandwidth-bytes each (a copy
// between two Float64Arrays, then c = a + b over three Float32Arrays). Measured with process.resourceUsage().maxRSS
// around measureCeilings(bytes) on the 2-core development machine: 4.01 B of resident memory per byte at 64 MiB and
// 3.00 at 512 MiB (the copy's arrays are not always collected before the add's are made), so 4 B per byte is budgeted,
// on a base of 440 MiB for Node with the tensor backends loaded: /usr/bin/time -v of `syslab run 01 --quick
// --bandwidth-bytes 1MiB` peaked at 443,668 kB. Tests: test/faults/budget.test.ts.
import type { Budget } from '../core/budget.js';
import { formatBytes } from '../core/units.js';

const MiB = 1024 ** 2;
export const COMPUTE_BASE_BYTES = 440 * MiB;
export const BANDWIDTH_MEMORY_PER_BYTE = 4;

export function computeBudget(p: { bandwidthBytes: number }): Budget {
  return {
    memoryBytes: Math.round(COMPUTE_BASE_BYTES + BANDWIDTH_MEMORY_PER_BYTE * p.bandwidthBytes),
    basis: `--bandwidth-bytes ${formatBytes(p.bandwidthBytes)} at up to 4 B of memory per byte, plus 440 MiB`,
  };
}
