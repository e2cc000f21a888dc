import { describe, expect, it } from 'vitest';
import { timeRuns } from '../../src/formats/timing.js';

describe('timeRuns', () => {
  it('runs warm-up and timed runs, with the untimed hooks around each', async () => {
    const calls: string[] = [];
    const { seconds, last } = await timeRuns(
      (run) => {
        calls.push(`run${run}`);
        return run * 10;
      },
      {
        warmup: 2,
        repeats: 3,
        before: () => {
          calls.push('before');
        },
        after: () => {
          calls.push('after');
        },
      },
    );
    expect(calls).toEqual([
      'before',
      'run0',
      'after',
      'before',
      'run1',
      'after',
      'before',
      'run2',
      'after',
      'before',
      'run3',
      'after',
      'before',
      'run4',
      'after',
    ]);
    expect(seconds.n).toBe(3);
    expect(last).toBe(40);
  });
});
