// The one timing engine: round counts under each stopping rule, hooks outside the timed region, phases, raw samples.
import { describe, expect, it } from 'vitest';
import { summarize, mapSummary, MAX_KEPT_SAMPLES } from '../../src/core/stats.js';
import { measure, measureSync, needsAnotherRound, timePhases, timePhasesSync } from '../../src/core/timing.js';

/** Busy-waits about `ms` milliseconds (a sleep would not be measured the same way by sync and async drivers). */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('timing engine', () => {
  it('runs the warm-ups untimed, then exactly the asked repeats, keeping every sample', () => {
    let calls = 0;
    const s = measureSync(() => calls++, { warmup: 3, repeats: 7 });
    expect(calls).toBe(10);
    expect(s.n).toBe(7);
    expect(s.samples).toHaveLength(7);
  });

  it('the async driver follows the same schedule and awaits async work', async () => {
    let calls = 0;
    const s = await measure(
      async () => {
        await new Promise((r) => setTimeout(r, 1));
        calls++;
      },
      { warmup: 2, repeats: 4 },
    );
    expect(calls).toBe(6);
    expect(s.n).toBe(4);
    expect(s.min).toBeGreaterThan(0.0005);
  });

  it('adds rounds until minSeconds were measured, but never beyond maxRepeats', () => {
    const s = measureSync(() => spin(2), { warmup: 0, repeats: 1, minSeconds: 0.02, maxRepeats: 100 });
    expect(s.n).toBeGreaterThanOrEqual(8);
    expect(s.n).toBeLessThanOrEqual(11);
    const capped = measureSync(() => spin(1), { warmup: 0, repeats: 1, minSeconds: 10, maxRepeats: 4 });
    expect(capped.n).toBe(4);
  });

  it('stops slow work at maxSeconds, but not below minRounds', () => {
    expect(needsAnotherRound(2, 100, { repeats: 10, maxSeconds: 1, minRounds: 3 })).toBe(true);
    expect(needsAnotherRound(3, 100, { repeats: 10, maxSeconds: 1, minRounds: 3 })).toBe(false);
    expect(needsAnotherRound(3, 0.5, { repeats: 10, maxSeconds: 1, minRounds: 3 })).toBe(true);
    expect(needsAnotherRound(10, 0.5, { repeats: 10, maxSeconds: 1, minRounds: 3 })).toBe(false);
    const s = measureSync(() => spin(5), { warmup: 0, repeats: 50, maxSeconds: 0.012, minRounds: 2 });
    expect(s.n).toBe(3);
  });

  it('runs before and after hooks around every round, outside the timed region', () => {
    const events: string[] = [];
    const t = timePhasesSync(
      { work: () => events.push('work') },
      { warmup: 1, repeats: 2, before: () => (events.push('before'), spin(20)), after: () => events.push('after') },
    );
    expect(events).toEqual(['before', 'work', 'after', 'before', 'work', 'after', 'before', 'work', 'after']);
    // The 20 ms of `before` are not in the samples.
    expect(t.total.max).toBeLessThan(0.01);
  });

  it('times phases separately; the round total is their sum; the last outputs are kept', async () => {
    let round = 0;
    const t = await timePhases(
      {
        upload: () => spin(2),
        compute: () => (spin(6), ++round),
        download: async () => round * 10,
      },
      { warmup: 1, repeats: 3 },
    );
    expect(t.phases.compute.n).toBe(3);
    expect(t.phases.compute.median).toBeGreaterThan(t.phases.upload.median);
    expect(t.last.compute).toBe(4);
    expect(t.last.download).toBe(40);
    for (let i = 0; i < 3; i++) {
      const sum = t.phases.upload.samples![i]! + t.phases.compute.samples![i]! + t.phases.download.samples![i]!;
      expect(t.total.samples![i]).toBeCloseTo(sum, 5);
    }
  });

  it('refuses nonsense options instead of looping forever', () => {
    expect(() => measureSync(() => 0, { repeats: 0 })).toThrow(/repeats/);
  });
});

describe('raw samples in summaries', () => {
  it('keeps samples in order, caps them with an even stride and says so', () => {
    const few = summarize([3, 1, 2]);
    expect(few.samples).toEqual([3, 1, 2]);
    expect(few.samplesCapped).toBeUndefined();
    const many = summarize(Array.from({ length: 2500 }, (_, i) => i));
    expect(many.n).toBe(2500);
    expect(many.samples).toHaveLength(MAX_KEPT_SAMPLES);
    expect(many.samples![1]).toBe(2); // stride 2.5: indices 0, 2, 5, 7, ...
    expect(many.samples![2]).toBe(5);
    expect(many.samplesCapped).toBe(true);
  });

  it('maps samples one by one, so a rate carries the same evidence as its timing', () => {
    const rate = mapSummary(summarize([0.5, 0.25, 1]), (s) => 100 / s);
    expect(rate.samples).toEqual([200, 400, 100]);
    expect(rate.median).toBe(200);
  });
});
