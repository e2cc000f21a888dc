// The one timing engine: round counts under each stopping rule, hooks outside the timed region, phases, raw samples.
import { describe, expect, it } from 'vitest';
import { summarize, mapSummary, MAX_KEPT_SAMPLES } from '../../src/core/stats.js';
import { measure, measureSync, needsAnotherRound, timePhases, timePhasesSync } from '../../src/core/timing.js';

/**
 * A fake clock for exact schedules: work "takes" the milliseconds it adds with `advance`, and nothing else moves it,
 * so round counts and samples do not depend on how busy the machine is.
 */
function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
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
    const clock = fakeClock();
    const s = measureSync(() => clock.advance(2), {
      warmup: 0,
      repeats: 1,
      minSeconds: 0.02,
      maxRepeats: 100,
      now: clock.now,
    });
    expect(s.n).toBe(10); // 10 rounds of 2 ms reach 20 ms
    expect(s.samples).toEqual(Array.from({ length: 10 }, () => 0.002));
    const capped = measureSync(() => clock.advance(1), {
      warmup: 0,
      repeats: 1,
      minSeconds: 10,
      maxRepeats: 4,
      now: clock.now,
    });
    expect(capped.n).toBe(4);
  });

  it('stops slow work at maxSeconds, but not below minRounds', () => {
    expect(needsAnotherRound(2, 100, { repeats: 10, maxSeconds: 1, minRounds: 3 })).toBe(true);
    expect(needsAnotherRound(3, 100, { repeats: 10, maxSeconds: 1, minRounds: 3 })).toBe(false);
    expect(needsAnotherRound(3, 0.5, { repeats: 10, maxSeconds: 1, minRounds: 3 })).toBe(true);
    expect(needsAnotherRound(10, 0.5, { repeats: 10, maxSeconds: 1, minRounds: 3 })).toBe(false);
    const clock = fakeClock();
    const options = { warmup: 0, repeats: 50, maxSeconds: 0.012, minRounds: 2, now: clock.now };
    expect(measureSync(() => clock.advance(5), options).n).toBe(3); // 5 + 5 + 5 ms pass 12 ms
    expect(measureSync(() => clock.advance(50), options).n).toBe(2); // past the limit at once, but minRounds is 2
  });

  it('runs before and after hooks around every round, outside the timed region', () => {
    const events: string[] = [];
    const clock = fakeClock();
    const t = timePhasesSync(
      { work: () => (events.push('work'), clock.advance(1)) },
      {
        warmup: 1,
        repeats: 2,
        before: () => (events.push('before'), clock.advance(20)),
        after: () => (events.push('after'), clock.advance(30)),
        now: clock.now,
      },
    );
    expect(events).toEqual(['before', 'work', 'after', 'before', 'work', 'after', 'before', 'work', 'after']);
    // The 20 ms of `before` and 30 ms of `after` are not in the samples: only the 1 ms of work is.
    expect(t.total.samples).toEqual([0.001, 0.001]);
  });

  it('times phases separately; the round total is their sum; the last outputs are kept', async () => {
    let round = 0;
    const clock = fakeClock();
    const t = await timePhases(
      {
        upload: () => clock.advance(2),
        compute: () => (clock.advance(6), ++round),
        download: async () => (clock.advance(1), round * 10),
      },
      { warmup: 1, repeats: 3, now: clock.now },
    );
    expect(t.phases.compute.n).toBe(3);
    expect(t.phases.upload.samples).toEqual([0.002, 0.002, 0.002]);
    expect(t.phases.compute.samples).toEqual([0.006, 0.006, 0.006]);
    expect(t.total.samples).toEqual([0.009, 0.009, 0.009]);
    expect(t.last.compute).toBe(4);
    expect(t.last.download).toBe(40);
    for (let i = 0; i < 3; i++) {
      const sum = t.phases.upload.samples![i] + t.phases.compute.samples![i] + t.phases.download.samples![i];
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
