// timedRounds: the core engine's schedule (warm-up rounds first, then the timed ones), each round's own result kept,
// a RoundFailed stopping the rounds with the measured ones kept, and any other error passed through.
import { describe, expect, it } from 'vitest';
import { RoundFailed, timedRounds } from '../../src/concurrency/rounds.js';

/** A round that returns 1, 2, 3... and fails (RoundFailed) on the call numbered `failOn`, if given. */
function numbered(failOn?: number) {
  let calls = 0;
  return async () => {
    calls++;
    if (calls === failOn) throw new RoundFailed(`call ${calls} failed`);
    return Promise.resolve(calls);
  };
}

describe('timedRounds', () => {
  it('keeps the results of the timed rounds, after the warm-up rounds', async () => {
    let after = 0;
    const r = await timedRounds(numbered(), { warmup: 2, repeats: 3, after: () => after++ });
    expect(r).toEqual({ timed: [3, 4, 5], failure: '' });
    expect(after).toBe(5);
  });

  it('without warm-up every round is timed', async () => {
    expect(await timedRounds(numbered(), { warmup: 0, repeats: 2 })).toEqual({ timed: [1, 2], failure: '' });
  });

  it('a failed round stops the rounds and keeps the timed ones before it', async () => {
    expect(await timedRounds(numbered(4), { warmup: 1, repeats: 5 })).toEqual({
      timed: [2, 3],
      failure: 'call 4 failed',
    });
    expect(await timedRounds(numbered(1), { warmup: 1, repeats: 5 })).toEqual({ timed: [], failure: 'call 1 failed' });
  });

  it('other errors are not a failed round: they propagate', async () => {
    const broken = () => Promise.reject(new TypeError('a bug'));
    await expect(timedRounds(broken, { warmup: 0, repeats: 1 })).rejects.toThrow(TypeError);
  });
});
