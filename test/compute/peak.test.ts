import { describe, expect, it } from 'vitest';
import { ADD_INTENSITY, estimateFp32Peak, matmulIntensity, measureAddBandwidth, measureCopyBandwidth, roof } from '../../src/compute/peak.js';

const cpuinfo = (flags: string, mhz?: number) => `processor\t: 0\n${mhz ? `cpu MHz\t\t: ${mhz}\n` : ''}flags\t\t: ${flags}\n`;

describe('estimateFp32Peak', () => {
  it('AVX-512 with FMA: 16 lanes x 2 (FMA) x 2 units = 64 FLOP/cycle', () => {
    const e = estimateFp32Peak(cpuinfo('fpu sse2 avx avx2 fma avx512f', 2600), 2, 'x64', 0);
    expect(e.flopsPerCycle).toBe(64);
    expect(e.gflops).toBeCloseTo(2 * 2.6 * 64, 9);
    expect(e.basis).toBe('2 cores x 2.60 GHz x 64 FLOP/cycle (AVX-512, FMA, 2 units per core assumed)');
  });
  it('AVX2 with FMA: 32 FLOP/cycle', () => {
    expect(estimateFp32Peak(cpuinfo('sse2 avx avx2 fma', 3000), 4, 'x64', 0).gflops).toBeCloseTo(4 * 3 * 32, 9);
  });
  it('AVX without FMA: 16 FLOP/cycle; SSE2 only: 8', () => {
    expect(estimateFp32Peak(cpuinfo('sse2 avx', 1000), 1, 'x64', 0).flopsPerCycle).toBe(16);
    expect(estimateFp32Peak(cpuinfo('sse sse2', 1000), 1, 'x64', 0).flopsPerCycle).toBe(8);
  });
  it('arm64 without /proc/cpuinfo: NEON with FMA, clock from the fallback', () => {
    const e = estimateFp32Peak(undefined, 8, 'arm64', 3200);
    expect(e.flopsPerCycle).toBe(16);
    expect(e.gflops).toBeCloseTo(8 * 3.2 * 16, 9);
  });
});

describe('roofline arithmetic', () => {
  it('matmul intensity is n/6 FLOP per byte; add is 1/12', () => {
    expect(matmulIntensity(6)).toBe(1);
    expect(matmulIntensity(1024)).toBeCloseTo(1024 / 6, 9);
    expect(ADD_INTENSITY).toBe(1 / 12);
  });
  it('roof is the lower of the compute peak and bandwidth x intensity', () => {
    expect(roof(100, 10, 1 / 12)).toBeCloseTo(10 / 12, 12);
    expect(roof(100, 10, 50)).toBe(100);
  });
});

describe('bandwidth measurements', () => {
  it('count bytes read plus written and return positive rates', () => {
    const copy = measureCopyBandwidth(1 << 20, { warmup: 0, repeats: 3 });
    expect(copy.bytesMoved).toBe(2 << 20);
    expect(copy.gbPerSecond.n).toBe(3);
    expect(copy.gbPerSecond.median).toBeGreaterThan(0);
    const add = measureAddBandwidth(1 << 20, { warmup: 0, repeats: 3 });
    expect(add.bytesMoved).toBe((1 << 18) * 12);
  });
});
