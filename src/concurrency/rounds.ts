// Rounds that time themselves: the core timing engine schedules them (warm-up rounds first, then the timed ones) and
// each round returns what it measured inside the workers, where message latency stays out of the numbers. A round
// that cannot finish throws RoundFailed; the rounds already measured are kept. Tests: test/concurrency/rounds.test.ts.
import { measure } from '../core/timing.js';

/** A round that did not finish (a worker failed or was stuck); `message` says which and why. */
export class RoundFailed extends Error {
  override readonly name = 'RoundFailed';
}

export interface RoundSchedule {
  warmup: number;
  repeats: number;
  /** After every round that finished, warm-up included (progress ticks). */
  after?: () => void;
}

/** The timed rounds' own results, in order, and why the rounds stopped early (empty when all finished). */
export async function timedRounds<T>(
  round: () => Promise<T>,
  o: RoundSchedule,
): Promise<{ timed: T[]; failure: string }> {
  const results: T[] = [];
  try {
    await measure(async () => results.push(await round()), { warmup: o.warmup, repeats: o.repeats, after: o.after });
  } catch (error) {
    if (!(error instanceof RoundFailed)) throw error;
    return { timed: results.slice(o.warmup), failure: error.message };
  }
  // The engine runs every warm-up round before the first timed one, so the timed results are the ones after them.
  return { timed: results.slice(o.warmup), failure: '' };
}
