// Lab 01's resource budget, estimated before any work from two measured costs; the lab's phases run one after the
// other, so the larger of the two is budgeted on a base of 440 MiB for Node with the tensor backends loaded
// (/usr/bin/time -v of `syslab run 01 --quick --bandwidth-bytes 1MiB` peaked at 443,668 kB).
// - The memory bandwidth measurement allocates typed arrays of --bandwidth-bytes each (a copy between two
//   Float64Arrays, then c = a + b over three Float32Arrays): maxRSS around measureCeilings(bytes) on the 2-core
//   development machine was 4.01 B per byte at 64 MiB and 3.00 at 512 MiB (the copy's arrays are not always collected
//   before the add's are made), so 4 B per byte is budgeted.
// - The matmul sweep holds every backend's inputs and output of the largest n (webgpu-wgsl both number types at
//   once). `/usr/bin/time -f %M npx tsx src/cli/main.ts run 01 --quick --sizes N --software-gpu-max-size 2048
//   --batches 1 --add-length 1 --bandwidth-bytes 1MiB`, every backend, peaked 96, 298, 396 and 551 MB above N = 64's
//   465 MB at N = 512, 1024, 1536 and 2048: 200 MiB plus 24 B per byte of one float32 n x n matrix bounds all four
//   (the slope between the last two was 21 B per byte); beyond 2048 it is an extrapolation.
// Tests: test/faults/budget.test.ts.
import type { Budget } from '../core/budget.js';
import { formatBytes } from '../core/units.js';

const MiB = 1024 ** 2;
export const COMPUTE_BASE_BYTES = 440 * MiB;
export const BANDWIDTH_MEMORY_PER_BYTE = 4;
export const MATMUL_BASE_BYTES = 200 * MiB;
/** Bytes of memory per byte of one float32 n x n matrix at the largest size. */
export const MATMUL_MEMORY_PER_MATRIX_BYTE = 24;

export function computeBudget(p: { bandwidthBytes: number; sizes: readonly number[] }): Budget {
  const bandwidth = BANDWIDTH_MEMORY_PER_BYTE * p.bandwidthBytes;
  const n = Math.max(0, ...p.sizes);
  const matrixBytes = 4 * n * n;
  const matmul = MATMUL_BASE_BYTES + MATMUL_MEMORY_PER_MATRIX_BYTE * matrixBytes;
  const basis =
    matmul > bandwidth
      ? `matmul n = ${n}: 24 B of memory per byte of one ${formatBytes(matrixBytes)} float32 matrix, plus 640 MiB`
      : `--bandwidth-bytes ${formatBytes(p.bandwidthBytes)} at up to 4 B of memory per byte, plus 440 MiB`;
  return { memoryBytes: Math.round(COMPUTE_BASE_BYTES + Math.max(bandwidth, matmul)), basis };
}
