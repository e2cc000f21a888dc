// Runs the shared-counter experiment on a team: for each worker count and strategy, warm-up rounds then timed
// rounds (scheduled by the core timing engine through rounds.ts), each on a fresh counter. Reports counts (expected,
// observed, lost) and the time of the parallel part. Tests: test/concurrency/counter.test.ts.
import type { Progress } from '../core/progress.js';
import { mapSummary, median, summarize, type Summary } from '../core/stats.js';
import { createBarrier } from './barrier.js';
import { allocateCounter, type CounterStrategy } from './counter.js';
import type { Span } from './jobs.js';
import { allocateLockCells } from './lock.js';
import { RoundFailed, timedRounds } from './rounds.js';
import type { Team } from './team.js';

export interface CounterOptions {
  workers: number[];
  strategies: readonly CounterStrategy[];
  increments: number;
  warmup: number;
  repeats: number;
  /** A student's lock module (file URL); the built-in Mutex when absent. */
  lockUrl?: string;
  timeoutMs: number;
  /** Opens a progress bar; the experiment gives it the number of rounds it will run. */
  progress?: (label: string, total: number) => Progress;
}

export type CounterRow = {
  workers: number;
  strategy: CounterStrategy;
  expected: number;
  /** Median over the timed rounds of the final counter value. */
  observed: number | null;
  lost: number | null;
  lostShare: number | null;
  /** The largest loss in any timed round. */
  worstLost: number | null;
  /** From the first worker's start to the last worker's end, per round. */
  seconds: Summary | null;
  incrementsPerSecond: Summary | null;
  /** Busy time of all workers / elapsed time: about 1 when they ran one after another, W when all ran at once. */
  overlap: number | null;
  note: string;
};

/** Elapsed seconds from the earliest start to the latest end, and how many workers were busy on average. */
export function spanStats(spans: Span[]): { seconds: number; overlap: number } {
  const start = Math.min(...spans.map((s) => s.startNs));
  const end = Math.max(...spans.map((s) => s.endNs));
  const busy = spans.reduce((sum, s) => sum + (s.endNs - s.startNs), 0);
  const elapsed = Math.max(end - start, 1);
  return { seconds: elapsed / 1e9, overlap: busy / elapsed };
}

/** One round: every worker adds `increments` with `strategy`; returns the final count and the spans, or the failure. */
export async function counterRound(
  team: Team,
  workers: number,
  strategy: CounterStrategy,
  increments: number,
  lockUrl: string | undefined,
  timeoutMs: number,
) {
  const counter = allocateCounter();
  const lockCells = allocateLockCells(1);
  const barrier = createBarrier();
  const job = {
    kind: 'counter' as const,
    strategy,
    increments,
    counter,
    lockCells,
    barrier,
    parties: workers,
    lockUrl,
  };
  const outcomes = await team.round<Span>(
    Array.from({ length: workers }, () => job),
    { timeoutMs },
  );
  const spans: Span[] = [];
  for (const outcome of outcomes) {
    if (outcome.ok) {
      spans.push(outcome.result);
      continue;
    }
    const stuck = outcomes.filter((o) => !o.ok && o.stuck).length;
    return {
      ok: false as const,
      note:
        stuck > 0
          ? `${stuck} stuck worker(s) terminated: ${outcome.error}`
          : `worker ${outcome.worker} failed: ${outcome.error}`,
    };
  }
  return { ok: true as const, count: Atomics.load(counter, 0), spans };
}

/** Rounds the experiment runs (warm-up included), the total of its progress bar. */
export const counterRounds = (o: CounterOptions): number =>
  o.workers.length * o.strategies.length * (o.warmup + o.repeats);

export async function runCounterExperiment(team: Team, o: CounterOptions): Promise<CounterRow[]> {
  const bar = o.progress?.('counter', counterRounds(o));
  const rows: CounterRow[] = [];
  for (const workers of o.workers) {
    for (const strategy of o.strategies) {
      const expected = workers * o.increments;
      const round = async () => {
        const done = await counterRound(team, workers, strategy, o.increments, o.lockUrl, o.timeoutMs);
        if (!done.ok) throw new RoundFailed(done.note);
        return done;
      };
      const { timed, failure } = await timedRounds(round, {
        warmup: o.warmup,
        repeats: o.repeats,
        after: () => bar?.tick(),
      });
      const counts = timed.map((t) => t.count);
      const spans = timed.map((t) => spanStats(t.spans));
      const observed = counts.length ? median(counts) : null;
      const time = spans.length ? summarize(spans.map((s) => s.seconds)) : null;
      rows.push({
        workers,
        strategy,
        expected,
        observed,
        lost: observed === null ? null : expected - observed,
        lostShare: observed === null ? null : (expected - observed) / expected,
        worstLost: counts.length ? expected - Math.min(...counts) : null,
        seconds: time,
        incrementsPerSecond: time ? mapSummary(time, (s) => expected / s) : null,
        overlap: spans.length ? median(spans.map((s) => s.overlap)) : null,
        note: failure,
      });
    }
  }
  bar?.done();
  return rows;
}
