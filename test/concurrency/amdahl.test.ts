// Amdahl's law, the Karp-Flatt metric and the serial-fraction fit, against hand-worked values.
import { describe, expect, it } from 'vitest';
import { amdahlSpeedup, fitSerialFraction, karpFlatt } from '../../src/concurrency/amdahl.js';

describe('Amdahl', () => {
  it('speedup with 10% serial work on 2 and 10 threads', () => {
    expect(amdahlSpeedup(0.1, 2)).toBeCloseTo(1 / 0.55, 12);
    expect(amdahlSpeedup(0.1, 10)).toBeCloseTo(1 / 0.19, 12);
    expect(amdahlSpeedup(0, 8)).toBe(8);
    expect(amdahlSpeedup(1, 8)).toBe(1);
  });

  it('Karp-Flatt recovers the serial fraction from one speedup', () => {
    expect(karpFlatt(amdahlSpeedup(0.2, 4), 4)).toBeCloseTo(0.2, 12);
    expect(karpFlatt(2, 2)).toBe(0);
    expect(karpFlatt(1, 2)).toBe(1);
    expect(() => karpFlatt(1, 1)).toThrow();
  });

  it('the fit returns f for exact Amdahl points, ignores n = 1, and clamps to [0, 1]', () => {
    const points = [1, 2, 3, 4].map((threads) => ({ threads, speedup: amdahlSpeedup(0.05, threads) }));
    expect(fitSerialFraction(points)).toBeCloseTo(0.05, 12);
    expect(fitSerialFraction([{ threads: 1, speedup: 1 }])).toBeUndefined();
    expect(fitSerialFraction([{ threads: 2, speedup: 0.5 }])).toBe(1);
    expect(fitSerialFraction([{ threads: 2, speedup: 2.5 }])).toBe(0);
  });
});
