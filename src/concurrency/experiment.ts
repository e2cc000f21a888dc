// Lab 02's experiment: checks the parameters that span options, loads a student's lock, starts one team of worker
// threads and runs the parts asked for (counter and lock check, bank, handoff), then the piscina pool. Returns plain
// rows for src/concurrency/report.ts. A run in which no part measured anything (every configuration ran past
// --timeout or failed) is an InputError: a report without a single measurement would read as a result.
// Tests: test/concurrency/lab.test.ts.
import os from 'node:os';
import { InputError } from '../core/errors.js';
import type { Progress } from '../core/progress.js';
import type { Rng } from '../core/rng.js';
import { formatNumber } from '../core/units.js';
import { runBankExperiment, type BankRow } from './bank-experiment.js';
import { runCounterExperiment, type CounterRow } from './counter-experiment.js';
import { runHandoffExperiment, type HandoffRow } from './handoff-experiment.js';
import { checkExclusion, type ExclusionResult } from './lock-check.js';
import { checkLockFile, lockFileUrl } from './lock-file.js';
import type { ThreadsParams } from './params.js';
import { runPoolExperiment, type PoolResult } from './pool-experiment.js';
import { Team } from './team.js';
import { TimeoutError } from './ts-worker.js';

export interface ThreadsEnv {
  quick: boolean;
  rng: Rng;
  log: (message: string) => void;
  progress: (label: string, total: number) => Progress;
}

export interface ThreadsResult {
  /** The lock every locked strategy used, in words. */
  lockName: string;
  counter: CounterRow[];
  exclusion: ExclusionResult | undefined;
  bank: BankRow[];
  accounts: number;
  handoff: HandoffRow[];
  pool: PoolResult | undefined;
  /** Why the pool experiment stopped, when it did. */
  poolFailure: string | undefined;
  /** Worker threads terminated because they were stuck (deadlocked, or past --timeout). */
  terminated: number;
}

const INT32_MAX = 2 ** 31 - 1;

/** The file URL of the student's lock after checking it in a sandbox worker, or undefined for the built-in Mutex. */
async function studentLock(lockFile: string | undefined, callMs: number): Promise<string | undefined> {
  if (lockFile === undefined) return undefined;
  await checkLockFile(lockFile, callMs);
  return lockFileUrl(lockFile);
}

/** True when at least one configuration of any part produced a measurement (a deadlock seen counts). */
export function measuredAnything(r: ThreadsResult, studentLock: boolean): boolean {
  return (
    r.counter.some((x) => x.seconds !== null) ||
    // The exclusion check is the point of a run with --lock-file; for the built-in mutex it is only a side check.
    (studentLock && r.exclusion !== undefined && r.exclusion.violations !== null) ||
    r.bank.some((x) => x.completed + x.deadlocked > 0) ||
    r.handoff.some((x) => x.roundTripSeconds !== null) ||
    r.pool !== undefined
  );
}

/** The first reason a configuration did not finish, for the one-line error when nothing finished. */
function firstFailure(r: ThreadsResult): string {
  const notes = [...r.counter, ...r.bank, ...r.handoff].map((x) => x.note).filter(Boolean);
  return notes[0] ?? r.exclusion?.note ?? r.poolFailure ?? 'no part ran';
}

export async function runThreadsExperiment(o: ThreadsParams, env: ThreadsEnv): Promise<ThreadsResult> {
  for (const w of o.workers) {
    if (w * o.increments > INT32_MAX) {
      throw new InputError(
        `--workers ${w} x --increments ${o.increments} = ${w * o.increments} does not fit the shared Int32 ` +
          `counter; allowed: a product up to ${INT32_MAX}`,
      );
    }
  }
  const timeoutMs = Math.round(o.timeout * 1000);
  const lockUrl = await studentLock(o.lockFile, Math.min(timeoutMs, 5000));
  const cores = os.availableParallelism();
  const parts = new Set(o.parts);
  const r: ThreadsResult = {
    lockName: o.lockFile ? `your lock (${o.lockFile})` : 'built-in Mutex (Atomics, spin then park)',
    counter: [],
    exclusion: undefined,
    bank: [],
    accounts: o.accounts,
    handoff: [],
    pool: undefined,
    poolFailure: undefined,
    terminated: 0,
  };
  const started = Date.now();
  let mark = started;
  const lap = (what: string) => {
    const now = Date.now();
    env.log(`${what} took ${((now - mark) / 1000).toFixed(1)} s`);
    mark = now;
  };
  const team = new Team();
  try {
    const counterTeam = parts.has('counter') ? Math.max(...o.workers) : 0;
    const bankTeam = parts.has('bank') ? Math.max(...o.bankWorkers) : 0;
    await team.ensure(Math.max(counterTeam, bankTeam, parts.has('handoff') ? 2 : 0));
    lap('starting worker threads');
    if (parts.has('counter')) {
      env.log(
        `counter: ${o.workers.join(',')} workers x ${o.strategies.length} strategies, ` +
          `${formatNumber(o.increments)} increments each`,
      );
      r.counter = await runCounterExperiment(team, {
        workers: o.workers,
        strategies: o.strategies,
        increments: o.increments,
        warmup: 1,
        repeats: o.repeats,
        lockUrl,
        timeoutMs,
        progress: env.progress,
      });
      const exclusionWorkers = Math.max(2, ...o.workers.filter((w) => w <= 4));
      const iterations = env.quick ? 20_000 : 200_000;
      r.exclusion = await checkExclusion(team, exclusionWorkers, iterations, lockUrl, timeoutMs);
      lap('counter');
    }
    if (parts.has('bank')) {
      env.log(`bank: ${o.accounts} accounts, ${o.bankWorkers.join(',')} workers, ${o.bankRuns} runs per strategy`);
      r.bank = await runBankExperiment(team, {
        workers: o.bankWorkers,
        strategies: o.bankStrategies,
        accounts: o.accounts,
        initialBalance: 1000,
        transfers: o.transfers,
        maxAmount: 100,
        holdSpins: o.holdSpins,
        runs: o.bankRuns,
        seed: env.rng.int(2 ** 30),
        lockUrl,
        timeoutMs,
        progress: env.progress,
      });
      lap('bank');
    }
    if (parts.has('handoff')) {
      // Spinning on one core would wait for the scheduler to switch threads, not for the other thread.
      const modes = cores < 2 ? o.handoffModes.filter((m) => m !== 'atomics-spin') : o.handoffModes;
      if (modes.length < o.handoffModes.length) env.log('handoff: atomics-spin skipped, it needs two cores');
      const options = { modes, roundTrips: o.roundTrips, warmup: 1, repeats: o.repeats, timeoutMs };
      r.handoff = await runHandoffExperiment(team, { ...options, progress: env.progress });
      lap('handoff');
    }
  } finally {
    await team.close();
  }
  if (parts.has('pool')) {
    env.log(`pool: primes below ${formatNumber(o.primesUpTo)} with ${o.threads.join(',')} threads`);
    const sizes = { threads: o.threads, upTo: o.primesUpTo, chunks: o.chunks, tinySize: o.tinySize };
    try {
      r.pool = await runPoolExperiment(
        {
          ...sizes,
          batchSize: o.batchSize,
          granularityThreads: cores,
          warmup: 1,
          repeats: o.repeats,
          timeoutMs,
          progress: env.progress,
        },
        cores,
      );
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      r.poolFailure = `${error.message}; the pool's threads were terminated`;
    }
    lap('pool');
  }
  r.terminated = team.terminated;
  env.log(
    `experiments took ${((Date.now() - started) / 1000).toFixed(1)} s; ${r.terminated} stuck worker(s) terminated`,
  );
  if (!measuredAnything(r, o.lockFile !== undefined)) {
    throw new InputError(
      `nothing was measured: every configuration ran past --timeout ${o.timeout} s or failed (first: ` +
        `${firstFailure(r)}); raise --timeout or choose smaller sizes`,
    );
  }
  return r;
}
