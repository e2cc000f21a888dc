// The bank experiment: accounts in shared memory, workers moving money between random pairs. The strategies differ
// in how transfers are protected; the wait-for bookkeeping (who holds which account lock, who waits for which) lets
// the main thread prove a deadlock by finding a cycle, instead of guessing from silence.
// Tests: test/concurrency/bank.test.ts.
import { createRng } from '../core/rng.js';
import { arriveAndWait } from './barrier.js';
import { acquire, allocateLockCells, lockSlots, type Lock, type LockClass } from './lock.js';

export const BANK_STRATEGIES = ['unsynchronized', 'global-lock', 'ordered-locks', 'unordered-locks'] as const;
export type BankStrategy = (typeof BANK_STRATEGIES)[number];

/** Per-worker slots sit 16 Int32s (64 bytes) apart so that workers do not write to one cache line. */
const STRIDE = 16;

/** Everything the workers share, all SharedArrayBuffer-backed so it can be posted to them. */
export interface BankMemory {
  accounts: number;
  workers: number;
  balances: Int32Array;
  /** One lock per account, plus one more (index `accounts`) for the global-lock strategy. */
  lockCells: Int32Array;
  /** holder[a] = worker + 1 while that worker holds lock a (an account, or `accounts` for the global lock), else 0. */
  holder: Int32Array;
  /** waitingFor[w * STRIDE] = account + 1 while worker w waits for that account's lock, else 0. */
  waitingFor: Int32Array;
  /** done[w * STRIDE] = transfers worker w has finished. */
  done: Int32Array;
}

const shared = (n: number) => new Int32Array(new SharedArrayBuffer(n * Int32Array.BYTES_PER_ELEMENT));

export function createBank(accounts: number, workers: number, initialBalance: number): BankMemory {
  const balances = shared(accounts);
  balances.fill(initialBalance);
  return {
    accounts,
    workers,
    balances,
    lockCells: allocateLockCells(accounts + 1),
    holder: shared(accounts + 1),
    waitingFor: shared(workers * STRIDE),
    done: shared(workers * STRIDE),
  };
}

export function totalBalance(bank: BankMemory): number {
  let sum = 0;
  for (let a = 0; a < bank.accounts; a++) sum += Atomics.load(bank.balances, a);
  return sum;
}

export function transfersDone(bank: BankMemory, worker: number): number {
  return Atomics.load(bank.done, worker * STRIDE);
}

/** A lock that records who holds it and who waits for it, for the deadlock detector. */
class TrackedLock implements Lock {
  constructor(
    private readonly inner: Lock,
    private readonly bank: BankMemory,
    private readonly account: number,
    private readonly worker: number,
  ) {}

  lock(): void {
    Atomics.store(this.bank.waitingFor, this.worker * STRIDE, this.account + 1);
    this.inner.lock();
    Atomics.store(this.bank.holder, this.account, this.worker + 1);
    Atomics.store(this.bank.waitingFor, this.worker * STRIDE, 0);
  }

  unlock(): void {
    Atomics.store(this.bank.holder, this.account, 0);
    this.inner.unlock();
  }
}

export interface TransferJob {
  strategy: BankStrategy;
  worker: number;
  transfers: number;
  maxAmount: number;
  /**
   * Busy-work iterations between debit and credit and, with per-account locks, between taking the first and the
   * second lock: a longer critical section, a wider window for races and deadlocks.
   */
  holdSpins: number;
  seed: number;
  /**
   * A barrier (barrier.ts) that every worker meets after taking the first lock of its first transfer, before asking
   * for the second: workers whose first transfers cross (a->b, b->a) then deadlock for certain, not by luck of timing.
   * Only for first transfers whose first locks differ (else one worker waits at the barrier for another that waits
   * for its lock, until timeoutMs). The tests use it; the lab does not.
   */
  meetAfterFirstLock?: { barrier: Int32Array; timeoutMs: number };
}

let sink = 0;
function busy(iterations: number): void {
  let x = sink;
  for (let i = 0; i < iterations; i++) x = (x * 31 + i) | 0;
  sink = x;
}

/** Runs one worker's transfers on the shared bank. A transfer moves money only if the source can cover it. */
export function runTransfers(bank: BankMemory, job: TransferJob, LockImpl: LockClass): void {
  const rng = createRng(job.seed);
  const { balances, accounts } = bank;
  const locks = Array.from(
    { length: accounts + 1 },
    (_, a) => new TrackedLock(new LockImpl(lockSlots(bank.lockCells, a)), bank, a, job.worker),
  );
  const betweenLocks = (t: number) => {
    busy(job.holdSpins);
    if (t === 0 && job.meetAfterFirstLock)
      arriveAndWait(job.meetAfterFirstLock.barrier, bank.workers, job.meetAfterFirstLock.timeoutMs);
  };
  const move = (from: number, to: number, amount: number) => {
    if (balances[from] >= amount) {
      balances[from] -= amount;
      busy(job.holdSpins);
      balances[to] += amount;
    }
  };
  for (let t = 0; t < job.transfers; t++) {
    const from = rng.int(accounts);
    const to = (from + 1 + rng.int(accounts - 1)) % accounts;
    const amount = 1 + rng.int(job.maxAmount);
    switch (job.strategy) {
      case 'unsynchronized':
        move(from, to, amount);
        break;
      case 'global-lock': {
        using _all = acquire(locks[accounts]);
        move(from, to, amount);
        break;
      }
      case 'ordered-locks': {
        // Everyone takes the lower-numbered account first, so no cycle of waiting threads can form.
        using _first = acquire(locks[Math.min(from, to)]);
        betweenLocks(t);
        using _second = acquire(locks[Math.max(from, to)]);
        move(from, to, amount);
        break;
      }
      case 'unordered-locks': {
        // Source first, then destination: one worker's a->b meeting another's b->a waits forever.
        using _first = acquire(locks[from]);
        betweenLocks(t);
        using _second = acquire(locks[to]);
        move(from, to, amount);
        break;
      }
    }
    Atomics.store(bank.done, job.worker * STRIDE, t + 1);
  }
}

export interface WaitCycle {
  /** The workers in the cycle, each waiting for an account held by the next. */
  workers: number[];
  /** The account each of those workers waits for. */
  accounts: number[];
}

/**
 * A cycle in the wait-for graph (worker -> account it waits for -> worker holding it -> ...), or undefined.
 * The reads are not one snapshot, so a caller confirms a cycle by seeing it again with no progress in between.
 */
export function findWaitCycle(bank: BankMemory): WaitCycle | undefined {
  const next = (w: number): number | undefined => {
    const account = Atomics.load(bank.waitingFor, w * STRIDE) - 1;
    if (account < 0) return undefined;
    const holder = Atomics.load(bank.holder, account) - 1;
    return holder < 0 || holder === w ? undefined : holder;
  };
  for (let start = 0; start < bank.workers; start++) {
    const seen: number[] = [];
    let w: number | undefined = start;
    while (w !== undefined && !seen.includes(w)) {
      seen.push(w);
      w = next(w);
    }
    if (w === undefined) continue;
    const cycle = seen.slice(seen.indexOf(w));
    const accounts = cycle.map((x) => Atomics.load(bank.waitingFor, x * STRIDE) - 1);
    if (accounts.some((a) => a < 0)) continue;
    return { workers: cycle, accounts };
  }
  return undefined;
}

export function describeCycle(cycle: WaitCycle): string {
  const n = cycle.workers.length;
  return cycle.workers
    .map(
      (w, i) =>
        `worker ${w} holds account ${cycle.accounts[(i + n - 1) % n]} and waits for account ${cycle.accounts[i]}`,
    )
    .join('; ');
}
