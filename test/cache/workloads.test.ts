// Synthetic workloads: exact shapes (loop, scans, shift) and reproducibility for a seed.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { distinctKeys } from '../../src/cache/trace.js';
import { loopTrace, scanTrace, shiftTrace, uniformTrace, zipfSampler, zipfTrace } from '../../src/cache/workloads.js';

describe('workloads', () => {
  it('loop: keys 0..n-1 in order, rounds times', () => {
    expect([...loopTrace(5, 2).keys]).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
  });

  it('zipf: rank 0 is drawn most often, and the same seed gives the same trace', () => {
    const sample = zipfSampler(100, 1, createRng(1));
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < 20_000; i++) counts[sample()]++;
    expect(Math.max(...counts)).toBe(counts[0]);
    expect(counts[0] / counts[9]).toBeGreaterThan(5); // 1/1 versus 1/10 in expectation
    expect(zipfTrace(50, 1000, 0.9, createRng(2)).keys).toEqual(zipfTrace(50, 1000, 0.9, createRng(2)).keys);
  });

  it('uniform stays inside its key space', () => {
    const t = uniformTrace(10, 1000, createRng(3));
    expect(Math.max(...t.keys)).toBe(9);
    expect(distinctKeys(t)).toBe(10);
  });

  it('shift: the first half uses keys below half the key space, the second half the rest', () => {
    const t = shiftTrace(100, 1000, 0.9, createRng(4));
    expect(Math.max(...t.keys.subarray(0, 500))).toBeLessThan(50);
    expect(Math.min(...t.keys.subarray(500))).toBeGreaterThanOrEqual(50);
  });

  it('scan: every scanEvery Zipf requests, scanLength fresh keys in sequence', () => {
    const t = scanTrace(100, 30, 0.9, createRng(5), 10, 5);
    expect(Math.max(...t.keys.subarray(0, 10))).toBeLessThan(100);
    expect([...t.keys.subarray(10, 15)]).toEqual([100, 101, 102, 103, 104]);
    expect([...t.keys.subarray(25, 30)]).toEqual([105, 106, 107, 108, 109]);
    expect(t.keySpace).toBe(110);
  });

  it('distinctKeys counts the keys a trace touches, not its key space', () => {
    expect(distinctKeys({ name: 't', keys: Int32Array.from([3, 3, 1]), keySpace: 10 })).toBe(2);
  });
});
