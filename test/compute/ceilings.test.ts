import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ADD_INTENSITY,
  cacheFit,
  estimateFp32Peak,
  lastLevelCache,
  matmulIntensity,
  measureAddBandwidth,
  measureCopyBandwidth,
  parseCacheSize,
  roof,
} from '../../src/compute/ceilings.js';

const cpuinfo = (flags: string, mhz?: number) =>
  `processor\t: 0\n${mhz ? `cpu MHz\t\t: ${mhz}\n` : ''}flags\t\t: ${flags}\n`;

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

describe('last-level cache', () => {
  it('parseCacheSize reads sysfs sizes', () => {
    expect(parseCacheSize('32768K')).toBe(32 * 1024 ** 2);
    expect(parseCacheSize('1M')).toBe(1024 ** 2);
    expect(parseCacheSize('512')).toBe(512);
    expect(parseCacheSize('lots')).toBeUndefined();
  });

  it('lastLevelCache takes the highest level that holds data, skipping instruction caches', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'syslab-cache-'));
    try {
      const entries: Array<[string, string, string]> = [
        ['1', 'Data', '32K'],
        ['1', 'Instruction', '32K'],
        ['2', 'Unified', '1024K'],
        ['3', 'Unified', '32768K'],
        ['4', 'Instruction', '64M'],
      ];
      entries.forEach(([level, type, size], i) => {
        const dir = path.join(root, `index${i}`);
        mkdirSync(dir);
        writeFileSync(path.join(dir, 'level'), `${level}\n`);
        writeFileSync(path.join(dir, 'type'), `${type}\n`);
        writeFileSync(path.join(dir, 'size'), `${size}\n`);
      });
      mkdirSync(path.join(root, 'index9')); // no files: ignored
      expect(lastLevelCache(root)).toEqual({ level: 3, bytes: 32 * 1024 ** 2 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(lastLevelCache(path.join(os.tmpdir(), 'syslab-no-such-dir'))).toBeUndefined();
  });

  it('cacheFit: up to the cache size fits, one byte more exceeds, no size is unknown', () => {
    expect(cacheFit(1024, 1024)).toBe('fits in cache');
    expect(cacheFit(1025, 1024)).toBe('exceeds cache');
    expect(cacheFit(1, undefined)).toBe('cache size unknown');
  });
});
