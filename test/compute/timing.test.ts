import { describe, expect, it } from 'vitest';
import type { Staged } from '../../src/compute/backends/types.js';
import { MIN_ROUNDS, needsAnotherRound, timePhases, type TimingOptions } from '../../src/compute/timing.js';

const options: TimingOptions = { warmup: 2, repeats: 5, minSeconds: 0, maxRepeats: 100, maxSeconds: 100 };

/** A staged op that records the order of its calls and returns the round number. */
function recorder() {
  const calls: string[] = [];
  let round = 0;
  const staged: Staged = {
    async upload() {
      calls.push('u');
    },
    async compute() {
      calls.push('c');
      round++;
    },
    async download() {
      calls.push('d');
      return Float32Array.of(round);
    },
    release() {
      calls.push('r');
    },
  };
  return { calls, staged };
}

describe('timePhases', () => {
  it('runs warm-up plus repeats rounds, each upload -> compute -> download, and keeps the last result', async () => {
    const { calls, staged } = recorder();
    const t = await timePhases(staged, options);
    expect(calls.join('')).toBe('ucd'.repeat(7));
    expect(t.upload.n).toBe(5);
    expect(t.compute.n).toBe(5);
    expect(t.roundTrip.n).toBe(5);
    expect([...t.output]).toEqual([7]);
    expect(t.roundTrip.median).toBeGreaterThanOrEqual(t.compute.median);
  });
});

describe('needsAnotherRound', () => {
  it('always takes at least MIN_ROUNDS rounds', () => {
    expect(MIN_ROUNDS).toBe(3);
    expect(needsAnotherRound(2, 1e9, { ...options, maxSeconds: 1 })).toBe(true);
  });
  it('stops slow work at maxSeconds once MIN_ROUNDS are done, even short of repeats', () => {
    expect(needsAnotherRound(3, 1.5, { ...options, maxSeconds: 1 })).toBe(false);
  });
  it('keeps short work going until minSeconds, but not past maxRepeats', () => {
    expect(needsAnotherRound(5, 0.01, { ...options, minSeconds: 0.1 })).toBe(true);
    expect(needsAnotherRound(5, 0.1, { ...options, minSeconds: 0.1 })).toBe(false);
    expect(needsAnotherRound(100, 0.01, { ...options, minSeconds: 0.1 })).toBe(false);
  });
});
