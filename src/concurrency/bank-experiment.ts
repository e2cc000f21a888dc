// Runs the bank experiment on a team: for each worker count and strategy, a warm-up run then several runs on a fresh
// bank (scheduled by the core timing engine through rounds.ts), each watched by a deadlock detector that looks for a
// cycle in the wait-for graph and terminates the stuck workers. Tests: test/concurrency/bank.test.ts.
import type { Progress } from '../core/progress.js';
import { mapSummary, median, summarize, type Summary } from '../core/stats.js';
import { formatNumber } from '../core/units.js';
import { createBarrier } from './barrier.js';
import {
  createBank,
  describeCycle,
  findWaitCycle,
  totalBalance,
  transfersDone,
  type BankMemory,
  type BankStrategy,
} from './bank.js';
import { spanStats } from './counter-experiment.js';
import type { Span } from './jobs.js';
import { timedRounds } from './rounds.js';
import type { Team } from './team.js';

export interface BankOptions {
  workers: number[];
  strategies: readonly BankStrategy[];
  accounts: number;
  initialBalance: number;
  transfers: number;
  maxAmount: number;
  holdSpins: number;
  runs: number;
  seed: number;
  lockUrl?: string;
  timeoutMs: number;
  /** Make every worker meet the others after the first lock of its first transfer (see TransferJob; for tests). */
  meetAfterFirstLock?: boolean;
  /** Opens a progress bar; the experiment gives it the number of runs it will make. */
  progress?: (label: string, total: number) => Progress;
}

export type BankRow = {
  workers: number;
  strategy: BankStrategy;
  /** Transfers attempted per run, all workers together. */
  transfers: number;
  runs: number;
  completed: number;
  deadlocked: number;
  /** Runs stopped by the time limit without a wait-for cycle (a lock that never returns, say). */
  timedOut: number;
  /** Median over completed runs of (final total - initial total); 0 means no money was created or destroyed. */
  drift: number | null;
  worstDrift: number | null;
  seconds: Summary | null;
  transfersPerSecond: Summary | null;
  note: string;
};

export type BankRun =
  | { status: 'completed'; drift: number; seconds: number }
  | { status: 'deadlocked'; cycle: string; progress: number }
  | { status: 'timed-out' | 'failed'; error: string };

/** A watchdog that reports a deadlock once the same wait-for cycle is seen twice with no transfer done in between. */
export function deadlockWatch(bank: BankMemory): { check: () => string | undefined; cycle: () => string } {
  let lastKey = '';
  let lastCycle = '';
  return {
    check() {
      const cycle = findWaitCycle(bank);
      if (!cycle) {
        lastKey = '';
        return undefined;
      }
      const progress = Array.from({ length: bank.workers }, (_, w) => transfersDone(bank, w));
      const key = JSON.stringify([cycle, progress]);
      if (key === lastKey) {
        lastCycle = describeCycle(cycle);
        return `deadlock: ${lastCycle}`;
      }
      lastKey = key;
      return undefined;
    },
    cycle: () => lastCycle,
  };
}

export async function bankRun(
  team: Team,
  workers: number,
  strategy: BankStrategy,
  o: BankOptions,
  seed: number,
): Promise<BankRun> {
  const bank = createBank(o.accounts, workers, o.initialBalance);
  const before = totalBalance(bank);
  const barrier = createBarrier();
  const meetAfterFirstLock = o.meetAfterFirstLock ? { barrier: createBarrier(), timeoutMs: o.timeoutMs } : undefined;
  const jobs = Array.from({ length: workers }, (_, worker) => ({
    kind: 'bank' as const,
    bank,
    barrier,
    parties: workers,
    lockUrl: o.lockUrl,
    transfer: {
      strategy,
      worker,
      transfers: o.transfers,
      maxAmount: o.maxAmount,
      holdSpins: o.holdSpins,
      seed: seed + worker,
      meetAfterFirstLock,
    },
  }));
  const watch = deadlockWatch(bank);
  const outcomes = await team.round<Span>(jobs, { timeoutMs: o.timeoutMs, watch: watch.check, pollMs: 10 });
  if (outcomes.every((x) => x.ok)) {
    const spans = outcomes.map((x) => (x.ok ? x.result : undefined)!);
    return { status: 'completed', drift: totalBalance(bank) - before, seconds: spanStats(spans).seconds };
  }
  const done = Array.from({ length: workers }, (_, w) => transfersDone(bank, w)).reduce((a, b) => a + b, 0);
  if (watch.cycle()) return { status: 'deadlocked', cycle: watch.cycle(), progress: done };
  const bad = outcomes.find((x) => !x.ok);
  const error = bad && !bad.ok ? `worker ${bad.worker}: ${bad.error}` : 'unknown';
  return { status: outcomes.some((x) => !x.ok && x.stuck) ? 'timed-out' : 'failed', error };
}

type Completed = Extract<BankRun, { status: 'completed' }>;
type Deadlocked = Extract<BankRun, { status: 'deadlocked' }>;
type Stopped = Extract<BankRun, { error: string }>;
const isCompleted = (r: BankRun): r is Completed => r.status === 'completed';
const isDeadlocked = (r: BankRun): r is Deadlocked => r.status === 'deadlocked';
const isStopped = (r: BankRun): r is Stopped => r.status === 'timed-out' || r.status === 'failed';

export async function runBankExperiment(team: Team, o: BankOptions): Promise<BankRow[]> {
  const bar = o.progress?.('bank', o.workers.length * o.strategies.length * (1 + o.runs));
  const rows: BankRow[] = [];
  for (const workers of o.workers) {
    for (const strategy of o.strategies) {
      // The warm-up run warms the JIT in every worker; the deadlock-prone strategy warms with the safe ordering.
      const warmUp = () =>
        bankRun(
          team,
          workers,
          strategy === 'unordered-locks' ? 'ordered-locks' : strategy,
          { ...o, transfers: Math.min(o.transfers, 2000) },
          o.seed,
        );
      let call = 0;
      const { timed: runs } = await timedRounds(
        () => {
          const k = call++;
          return k === 0 ? warmUp() : bankRun(team, workers, strategy, o, o.seed + 1000 * k);
        },
        { warmup: 1, repeats: o.runs, after: () => bar?.tick() },
      );
      const completed = runs.filter(isCompleted);
      const deadlocks = runs.filter(isDeadlocked);
      const others = runs.filter(isStopped);
      const drifts = completed.map((r) => r.drift);
      const time = completed.length ? summarize(completed.map((r) => r.seconds)) : null;
      const transfers = workers * o.transfers;
      const notes: string[] = [];
      if (deadlocks[0])
        notes.push(`first deadlock after ${formatNumber(deadlocks[0].progress)} transfers: ${deadlocks[0].cycle}`);
      if (others[0]) notes.push(others[0].error);
      rows.push({
        workers,
        strategy,
        transfers,
        runs: runs.length,
        completed: completed.length,
        deadlocked: deadlocks.length,
        timedOut: runs.filter((r) => r.status === 'timed-out').length,
        drift: drifts.length ? median(drifts) : null,
        worstDrift: drifts.length ? drifts.reduce((w, d) => (Math.abs(d) > Math.abs(w) ? d : w), 0) : null,
        seconds: time,
        transfersPerSecond: time ? mapSummary(time, (s) => transfers / s) : null,
        note: notes.join('; '),
      });
    }
  }
  bar?.done();
  return rows;
}
