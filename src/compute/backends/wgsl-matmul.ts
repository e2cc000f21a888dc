// The hand-written WGSL matmul kernel behind the webgpu-wgsl backend, one text for both number types: only the
// element type of the buffers and the workgroup tiles changes between the float32 and the float16 instance, so a
// difference in speed between them is the number type's. Also the error bound a correct result must meet, which the
// lab checks every float16 and float32 result against. Tests: test/compute/wgsl-matmul.test.ts.
import { FLOAT16_SUBNORMAL_STEP, FLOAT16_UNIT_ROUNDOFF } from '../float16.js';

/** The number types the kernel is instantiated for. */
export const MATMUL_DTYPES = ['float32', 'float16'] as const;
export type MatmulDtype = (typeof MATMUL_DTYPES)[number];

/** Bytes per element in the kernel's buffers. */
export const DTYPE_BYTES: Record<MatmulDtype, number> = { float32: 4, float16: 2 };

/** A workgroup has THREADS x THREADS invocations; each computes PER_THREAD x PER_THREAD elements of C. */
export const MATMUL_THREADS = 16;
export const MATMUL_PER_THREAD = 4;
/** So one workgroup computes a BLOCK x BLOCK block of C, walking k in K_STEP-wide steps. */
export const MATMUL_BLOCK = MATMUL_THREADS * MATMUL_PER_THREAD;
export const MATMUL_K_STEP = 16;

/**
 * WGSL for C = A x B, row-major n x n (n in a uniform). A workgroup computes a BLOCK x BLOCK block of C. At each
 * step along k its invocations copy a BLOCK x K_STEP tile of A and a K_STEP x BLOCK tile of B into workgroup
 * (shared) memory, wait at a barrier, and each adds the products for its PER_THREAD x PER_THREAD elements, which it
 * keeps in registers: every value read from shared memory is used PER_THREAD times. An invocation's elements are
 * THREADS apart, so neighbouring invocations read neighbouring addresses. Elements outside the matrices (n not a
 * multiple of BLOCK) load as 0 and are not stored. Storage and tiles are in the given type; the sums are f32 in both
 * instances (the product of two f16 values is exact in f32), so float16 costs only the rounding of inputs and result.
 */
export function matmulShader(dtype: MatmulDtype): string {
  const t = dtype === 'float16' ? 'f16' : 'f32';
  return `${dtype === 'float16' ? 'enable f16;\n\n' : ''}struct Dims { n: u32 }

@group(0) @binding(0) var<storage, read> a: array<${t}>;
@group(0) @binding(1) var<storage, read> b: array<${t}>;
@group(0) @binding(2) var<storage, read_write> c: array<${t}>;
@group(0) @binding(3) var<uniform> dims: Dims;

const THREADS: u32 = ${MATMUL_THREADS}u;
const PER_THREAD: u32 = ${MATMUL_PER_THREAD}u;
const BLOCK: u32 = ${MATMUL_BLOCK}u;
const K_STEP: u32 = ${MATMUL_K_STEP}u;
var<workgroup> tileA: array<array<${t}, K_STEP>, BLOCK>;
var<workgroup> tileB: array<array<${t}, BLOCK>, K_STEP>;

@compute @workgroup_size(THREADS, THREADS)
fn main(@builtin(workgroup_id) group: vec3u, @builtin(local_invocation_id) local: vec3u) {
  let n = dims.n;
  let row0 = group.y * BLOCK;
  let col0 = group.x * BLOCK;
  let me = local.y * THREADS + local.x;
  var sums: array<array<f32, PER_THREAD>, PER_THREAD>;
  for (var k0: u32 = 0u; k0 < n; k0 += K_STEP) {
    // BLOCK x K_STEP elements of each tile, THREADS x THREADS invocations: each copies the same number of both.
    for (var e: u32 = me; e < BLOCK * K_STEP; e += THREADS * THREADS) {
      let ar = row0 + e / K_STEP;
      let ak = k0 + e % K_STEP;
      var fromA: ${t} = ${t}(0);
      if (ar < n && ak < n) { fromA = a[ar * n + ak]; }
      tileA[e / K_STEP][e % K_STEP] = fromA;
      let bk = k0 + e / BLOCK;
      let bc = col0 + e % BLOCK;
      var fromB: ${t} = ${t}(0);
      if (bk < n && bc < n) { fromB = b[bk * n + bc]; }
      tileB[e / BLOCK][e % BLOCK] = fromB;
    }
    workgroupBarrier();
    for (var k: u32 = 0u; k < K_STEP; k++) {
      var fromRow: array<f32, PER_THREAD>;
      var fromCol: array<f32, PER_THREAD>;
      for (var i: u32 = 0u; i < PER_THREAD; i++) {
        fromRow[i] = f32(tileA[local.y + i * THREADS][k]);
        fromCol[i] = f32(tileB[k][local.x + i * THREADS]);
      }
      for (var i: u32 = 0u; i < PER_THREAD; i++) {
        for (var j: u32 = 0u; j < PER_THREAD; j++) { sums[i][j] += fromRow[i] * fromCol[j]; }
      }
    }
    workgroupBarrier();
  }
  for (var i: u32 = 0u; i < PER_THREAD; i++) {
    for (var j: u32 = 0u; j < PER_THREAD; j++) {
      let row = row0 + local.y + i * THREADS;
      let col = col0 + local.x + j * THREADS;
      if (row < n && col < n) { c[row * n + col] = ${t}(sums[i][j]); }
    }
  }
}
`;
}

/** Workgroups to dispatch in x and in y for an n x n result. */
export const matmulWorkgroups = (n: number): number => Math.ceil(n / MATMUL_BLOCK);

const FLOAT32_UNIT_ROUNDOFF = 2 ** -24;

/**
 * The largest error a correct result may have at one entry, given the entry's exact value (in float64, from the
 * float32 inputs) and the sum of |a_ik x b_kj| over k. Worst-case bounds, not estimates:
 * - the f32 sum of n products, in any order, errs by at most n u32 / (1 - n u32) x sum|a b| (u32 = 2^-24; a fused
 *   multiply-add only lowers it);
 * - float16 adds its input rounding: each of a and b is within u16 = 2^-11 of its float32 value, so each product
 *   within (2 u16 + u16^2) of it; and its result rounding: WGSL lets the f32 to f16 conversion round either way, so
 *   one float16 ulp, 2 u16 |c| (plus the 2^-24 spacing of subnormals near zero).
 */
export function matmulErrorBound(dtype: MatmulDtype, n: number, exact: number, absSum: number): number {
  const accumulate = ((n * FLOAT32_UNIT_ROUNDOFF) / (1 - n * FLOAT32_UNIT_ROUNDOFF)) * absSum;
  if (dtype === 'float32') return accumulate;
  const u = FLOAT16_UNIT_ROUNDOFF;
  const inputs = (2 * u + u * u) * absSum;
  const output = 2 * u * (Math.abs(exact) + accumulate + inputs) + FLOAT16_SUBNORMAL_STEP;
  return accumulate + inputs + output;
}

/** One sentence on the bound, for the report's table description. */
export const ERROR_BOUND_TEXT =
  'bound: the worst-case error of a correct result at that entry: n u32 / (1 - n u32) x sum_k |a_ik b_kj| for the ' +
  'f32 sum (u32 = 2^-24), and for float16 also (2 u16 + u16^2) x sum_k |a_ik b_kj| for rounding the inputs and one ' +
  'float16 ulp of the result (u16 = 2^-11, the 11-bit significand)';
