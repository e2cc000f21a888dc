// Runs the bank experiment on a team: for each worker count and strategy, several runs on a fresh bank, each
// watched by a deadlock detector that looks for a cycle in the wait-for graph and terminates the stuck workers.
// Tests: test/concurrency/bank.test.ts.
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
  onRun?: () => void;
}

export interface BankRow {
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
}

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

export async function runBankExperiment(team: Team, o: BankOptions): Promise<BankRow[]> {
  const rows: BankRow[] = [];
  for (const workers of o.workers) {
    for (const strategy of o.strategies) {
      // Warm the JIT in every worker first; the deadlock-prone strategy warms with the safe ordering.
      await bankRun(
        team,
        workers,
        strategy === 'unordered-locks' ? 'ordered-locks' : strategy,
        { ...o, transfers: Math.min(o.transfers, 2000) },
        o.seed,
      );
      const runs: BankRun[] = [];
      for (let r = 0; r < o.runs; r++) {
        runs.push(await bankRun(team, workers, strategy, o, o.seed + 1000 * (r + 1)));
        o.onRun?.();
      }
      const completed = runs.filter((r) => r.status === 'completed') as Extract<BankRun, { status: 'completed' }>[];
      const deadlocks = runs.filter((r) => r.status === 'deadlocked') as Extract<BankRun, { status: 'deadlocked' }>[];
      const others = runs.filter((r) => r.status === 'timed-out' || r.status === 'failed') as Extract<
        BankRun,
        { error: string }
      >[];
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
  return rows;
}
