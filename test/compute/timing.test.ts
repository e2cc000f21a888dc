// timeStaged: phases in order, warm-ups untimed, at least MIN_ROUNDS timed rounds, the last output kept.
// timeStagedInTurn: several operations in turn within every round, each with its own phases and round trips.
import { describe, expect, it } from 'vitest';
import type { Staged } from '../../src/compute/backends/types.js';
import { MIN_ROUNDS, timeStaged, timeStagedInTurn } from '../../src/compute/timing.js';

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

describe('timeStagedInTurn', () => {
  it('runs each operation in turn within every round, warm-up included, and keeps each one its own times', async () => {
    const log: string[] = [];
    /** An operation named `tag` whose phases take upload, compute and download milliseconds on a fake clock. */
    let clock = 0;
    const op = (tag: string, [up, comp, down]: number[]): Staged => ({
      upload: () => Promise.resolve(void (clock += up)),
      compute() {
        log.push(tag);
        clock += comp;
        return Promise.resolve();
      },
      download() {
        clock += down;
        return Promise.resolve(Float32Array.of(tag.length));
      },
      release() {},
    });
    const [first, second] = await timeStagedInTurn([op('a', [1, 4, 2]), op('bb', [3, 8, 5])], {
      warmup: 1,
      repeats: 4,
      now: () => clock,
    });
    expect(log.join(' ')).toBe('a bb a bb a bb a bb a bb');
    // The clock counts milliseconds: a's phases are 1, 4 and 2 ms in every round, bb's 3, 8 and 5.
    expect(first.compute.samples).toEqual([0.004, 0.004, 0.004, 0.004]);
    expect(first.roundTrip.samples).toEqual([0.007, 0.007, 0.007, 0.007]);
    expect(second.upload.median).toBe(0.003);
    expect(second.roundTrip.samples).toEqual([0.016, 0.016, 0.016, 0.016]);
    expect([...first.output, ...second.output]).toEqual([1, 2]);
  });

  it('gives each operation the time budget it would have had alone', async () => {
    // Rounds of 10 ms per operation: maxSeconds 0.035 alone allows 4 timed rounds (stop once 35 ms are measured); two
    // operations in turn get 0.07 s, so 4 rounds of 20 ms each, not 2.
    let clock = 0;
    const op: Staged = {
      upload: () => Promise.resolve(),
      compute: () => Promise.resolve(void (clock += 10)),
      download: () => Promise.resolve(new Float32Array(0)),
      release() {},
    };
    const alone = await timeStaged(op, { warmup: 0, repeats: 50, maxSeconds: 0.035, now: () => clock });
    const [first, second] = await timeStagedInTurn([op, op], {
      warmup: 0,
      repeats: 50,
      maxSeconds: 0.035,
      now: () => clock,
    });
    expect([alone.compute.n, first.compute.n, second.compute.n]).toEqual([4, 4, 4]);
  });
});
