// timeStaged: phases in order, warm-ups untimed, at least MIN_ROUNDS timed rounds, the last output kept.
import { describe, expect, it } from 'vitest';
import type { Staged } from '../../src/compute/backends/types.js';
import { MIN_ROUNDS, timeStaged } from '../../src/compute/timing.js';

/** A staged op that records the order of its calls and returns the round number. */
function recorder() {
  const calls: string[] = [];
  let round = 0;
  const staged: Staged = {
    upload() {
      calls.push('u');
      return Promise.resolve();
    },
    compute() {
      calls.push('c');
      round++;
      return Promise.resolve();
    },
    download() {
      calls.push('d');
      return Promise.resolve(Float32Array.of(round));
    },
    release() {
      calls.push('r');
    },
  };
  return { calls, staged };
}

describe('timeStaged', () => {
  it('runs warm-up plus repeats rounds, each upload -> compute -> download, and keeps the last result', async () => {
    const { calls, staged } = recorder();
    const t = await timeStaged(staged, { warmup: 2, repeats: 5 });
    expect(calls.join('')).toBe('ucd'.repeat(7));
    expect(t.upload.n).toBe(5);
    expect(t.compute.n).toBe(5);
    expect(t.roundTrip.n).toBe(5);
    expect([...t.output]).toEqual([7]);
    expect(t.roundTrip.samples).toHaveLength(5);
    expect(t.roundTrip.median).toBeGreaterThanOrEqual(t.compute.median);
  });

  it('takes MIN_ROUNDS timed rounds even when maxSeconds is already spent', async () => {
    const { calls, staged } = recorder();
    const t = await timeStaged(staged, { warmup: 0, repeats: 50, maxSeconds: 0 });
    expect(t.compute.n).toBe(MIN_ROUNDS);
    expect(calls).toHaveLength(3 * MIN_ROUNDS);
  });
});
