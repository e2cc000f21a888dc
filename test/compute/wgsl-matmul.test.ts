// The WGSL kernel's text (one kernel, two element types), its dispatch size, and the error bound: worked out by hand,
// sound for a simulation of exactly what the float16 kernel computes, and tight enough to catch a dropped product.
import { describe, expect, it } from 'vitest';
import {
  MATMUL_BLOCK,
  matmulErrorBound,
  matmulShader,
  matmulWorkgroups,
} from '../../src/compute/backends/wgsl-matmul.js';
import { roundToFloat16 } from '../../src/compute/float16.js';

describe('matmulShader', () => {
  it('is one kernel: the float16 text is the float32 text with f16 for f32 and the f16 extension enabled', () => {
    const f32 = matmulShader('float32');
    const f16 = matmulShader('float16');
    expect(f32).not.toContain('f16');
    expect(f16.startsWith('enable f16;\n\n')).toBe(true);
    expect(f16.slice('enable f16;\n\n'.length).replaceAll('f16', 'f32')).toBe(f32);
  });

  it('stores and tiles in the element type but sums in f32', () => {
    const f16 = matmulShader('float16');
    expect(f16).toContain('var<storage, read> a: array<f16>;');
    expect(f16).toContain('var<workgroup> tileA: array<array<f16, K_STEP>, BLOCK>;');
    // The only f32 in the float16 text: the sums, the two register rows and the two conversions feeding them.
    expect(f16.match(/\bf32\b/g)).toHaveLength(5);
    expect(f16).toContain('fromRow[i] = f32(tileA[local.y + i * THREADS][k]);');
    expect(f16).toContain('var sums: array<array<f32, PER_THREAD>, PER_THREAD>;');
    expect(f16).toContain('c[row * n + col] = f16(sums[i][j]);');
  });
});

describe('matmulWorkgroups', () => {
  it('covers n with BLOCK-sized blocks of C', () => {
    expect(MATMUL_BLOCK).toBe(64);
    expect([1, 64, 65, 128, 8192].map(matmulWorkgroups)).toEqual([1, 1, 2, 2, 128]);
  });
});

describe('matmulErrorBound', () => {
  it('matches the formulas worked out by hand', () => {
    const u32 = 2 ** -24;
    const u16 = 2 ** -11;
    // float32, n = 4, sum |a b| = 2: 4 u32 / (1 - 4 u32) x 2.
    expect(matmulErrorBound('float32', 4, 1, 2)).toBe(((4 * u32) / (1 - 4 * u32)) * 2);
    // float16, n = 1, exact 1, sum |a b| = 1: accumulate u32/(1-u32), inputs 2u16 + u16^2, output 2 u16 x (1 + both).
    const acc = u32 / (1 - u32);
    const inputs = 2 * u16 + u16 * u16;
    expect(matmulErrorBound('float16', 1, 1, 1)).toBe(acc + inputs + 2 * u16 * (1 + acc + inputs) + 2 ** -24);
  });

  it('holds for a simulation of the float16 kernel, inputs rounded either way and the result one ulp off', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const n = 96;
    const a = Float32Array.from({ length: n * n }, random);
    const b = Float32Array.from({ length: n * n }, random);
    let worstShare = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let exact = 0;
        let absSum = 0;
        let sum = 0; // f32, as the kernel keeps it
        for (let k = 0; k < n; k++) {
          exact += a[i * n + k] * b[k * n + j];
          absSum += Math.abs(a[i * n + k] * b[k * n + j]);
          sum = Math.fround(sum + roundToFloat16(a[i * n + k]) * roundToFloat16(b[k * n + j]));
        }
        const nearest = roundToFloat16(sum);
        const ulp = Math.abs(roundToFloat16(nearest * (1 + 2 ** -10)) - nearest) || 2 ** -24;
        const bound = matmulErrorBound('float16', n, exact, absSum);
        for (const result of [nearest, nearest + ulp, nearest - ulp]) {
          if (Math.abs(result - sum) > ulp) continue; // WGSL may round to either neighbour of the f32 sum only
          worstShare = Math.max(worstShare, Math.abs(result - exact) / bound);
        }
      }
    }
    expect(worstShare).toBeGreaterThan(0);
    expect(worstShare).toBeLessThan(1);
  });

  it('is tight enough at small n to reject a sum that dropped one product', () => {
    // Row (0.5, 0.75) times column (1, 1): exact 1.25, sum |a b| = 1.25; without the second product the result is 0.5.
    expect(Math.abs(0.5 - 1.25)).toBeGreaterThan(matmulErrorBound('float16', 2, 1.25, 1.25));
    expect(Math.abs(0.5 - 1.25)).toBeGreaterThan(matmulErrorBound('float32', 2, 1.25, 1.25));
  });
});
