// The one timing engine every lab uses: warm-up rounds, timed rounds until enough samples and enough measured time
// (or a time limit), before/after hooks outside the timed region, and named phases timed separately within a round
// (upload / compute / download). Results are data: a Summary per phase and for the whole round, raw samples kept.
// The round schedule lives in one generator; the async and sync drivers only differ in whether they await.
// Tests: test/core/timing.test.ts.
import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from './stats.js';

export interface TimingOptions {
  /** Untimed rounds first, so JIT compilation, shader compilation and caches settle (default 1). */
  warmup?: number;
  /** Timed rounds wanted (default 5). */
  repeats?: number;
  /** Keep adding rounds until this many seconds were measured in all, for very short work (default 0). */
  minSeconds?: number;
  /** ...but never more timed rounds than this (default 1000). */
  maxRepeats?: number;
  /** Slow work: stop once this many seconds were measured, even short of `repeats` (default: no limit)... */
  maxSeconds?: number;
  /** ...but never fewer timed rounds than this, so a spread exists (default 1; 3 is usual with maxSeconds). */
  minRounds?: number;
  /** Runs before every round (warm-up included), outside the timed region: reset state, drop caches. */
  before?: () => unknown;
  /** Runs after every round, outside the timed region: check or discard the output. */
  after?: () => unknown;
  /** The clock, in milliseconds (default performance.now); tests pass a fake one to make schedules exact. */
  now?: () => number;
}

/** Named steps of one round, timed one after another; a single function is one phase called `run`. */
export type Phases = Record<string, () => unknown>;

export interface PhaseTiming<P extends Phases = Phases> {
  /** Seconds per round, all phases together, with the raw samples. */
  total: Summary;
  /** Seconds per round of each phase, with the raw samples. */
  phases: { [K in keyof P]: Summary };
  /** What each phase returned in the last round (for correctness checks). */
  last: { [K in keyof P]: unknown };
}

interface Resolved {
  warmup: number;
  repeats: number;
  minSeconds: number;
  maxRepeats: number;
  maxSeconds: number;
  minRounds: number;
}

function resolve(o: TimingOptions): Resolved {
  const r = {
    warmup: o.warmup ?? 1,
    repeats: o.repeats ?? 5,
    minSeconds: o.minSeconds ?? 0,
    maxRepeats: o.maxRepeats ?? 1000,
    maxSeconds: o.maxSeconds ?? Infinity,
    minRounds: o.minRounds ?? 1,
  };
  if (!(r.repeats >= 1) || !(r.maxRepeats >= 1) || !(r.minRounds >= 1) || !(r.warmup >= 0)) {
    throw new Error(`timing: warmup >= 0 and repeats, maxRepeats, minRounds >= 1 are required`);
  }
  return r;
}

/** Whether another timed round is needed after `done` rounds that took `total` seconds. */
export function needsAnotherRound(done: number, total: number, options: TimingOptions): boolean {
  const o = resolve(options);
  if (done < Math.min(o.minRounds, o.maxRepeats)) return true;
  if (done >= o.maxRepeats || total >= o.maxSeconds) return false;
  return done < o.repeats || total < o.minSeconds;
}

/**
 * The schedule: yields `false` for each warm-up round and `true` for each timed round; the driver sends back the
 * seconds the timed round took.
 */
function* rounds(options: TimingOptions): Generator<boolean, void, number | undefined> {
  const o = resolve(options);
  for (let i = 0; i < o.warmup; i++) yield false;
  let done = 0;
  let total = 0;
  while (needsAnotherRound(done, total, options)) {
    total += (yield true) ?? 0;
    done++;
  }
}

class Recorder<P extends Phases> {
  readonly samples: Record<string, number[]> = {};
  readonly totals: number[] = [];
  readonly last: Record<string, unknown> = {};
  constructor(readonly names: Array<keyof P & string>) {
    for (const name of names) this.samples[name] = [];
  }
  record(times: number[], outputs: unknown[]): number {
    let sum = 0;
    this.names.forEach((name, i) => {
      const seconds = (times[i + 1] - times[i]) / 1000;
      this.samples[name].push(seconds);
      sum += seconds;
      this.last[name] = outputs[i];
    });
    this.totals.push(sum);
    return sum;
  }
  keepOutputs(outputs: unknown[]): void {
    this.names.forEach((name, i) => (this.last[name] = outputs[i]));
  }
  result(): PhaseTiming<P> {
    const phases = Object.fromEntries(this.names.map((n) => [n, summarize(this.samples[n])]));
    return { total: summarize(this.totals), phases, last: this.last } as PhaseTiming<P>;
  }
}

/** Times the phases of a round (sync or async functions), warming up and repeating as the options say. */
export async function timePhases<P extends Phases>(phases: P, options: TimingOptions = {}): Promise<PhaseTiming<P>> {
  const recorder = new Recorder<P>(Object.keys(phases));
  const schedule = rounds(options);
  const now = options.now ?? (() => performance.now());
  for (let step = schedule.next(); !step.done;) {
    await options.before?.();
    const times = [now()];
    const outputs: unknown[] = [];
    for (const name of recorder.names) {
      outputs.push(await phases[name]());
      times.push(now());
    }
    await options.after?.();
    if (step.value) step = schedule.next(recorder.record(times, outputs));
    else {
      recorder.keepOutputs(outputs);
      step = schedule.next();
    }
  }
  return recorder.result();
}

/** The synchronous driver of the same schedule, for callers that cannot await (worker loops, tight kernels). */
export function timePhasesSync<P extends Phases>(phases: P, options: TimingOptions = {}): PhaseTiming<P> {
  const recorder = new Recorder<P>(Object.keys(phases));
  const schedule = rounds(options);
  const now = options.now ?? (() => performance.now());
  for (let step = schedule.next(); !step.done;) {
    options.before?.();
    const times = [now()];
    const outputs: unknown[] = [];
    for (const name of recorder.names) {
      outputs.push(phases[name]());
      times.push(now());
    }
    options.after?.();
    if (step.value) step = schedule.next(recorder.record(times, outputs));
    else {
      recorder.keepOutputs(outputs);
      step = schedule.next();
    }
  }
  return recorder.result();
}

/** Times fn (sync or async) and returns the summary of its durations in seconds, raw samples included. */
export async function measure(fn: () => unknown, options: TimingOptions = {}): Promise<Summary> {
  return (await timePhases({ run: fn }, options)).total;
}

/** measure() for synchronous work, without an await between rounds. */
export function measureSync(fn: () => unknown, options: TimingOptions = {}): Summary {
  return timePhasesSync({ run: fn }, options).total;
}
