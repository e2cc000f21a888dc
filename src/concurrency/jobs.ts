// The jobs a team worker runs (one message in, one result out) and the code that runs them inside the worker.
// Timed loops start behind a shared barrier and are timed inside the worker with the process-wide monotonic clock,
// so message latency stays out of the measurement. Tests: test/concurrency/team.test.ts and the experiment tests.
import type { MessagePort } from 'node:worker_threads';
import { runTransfers, type BankMemory, type TransferJob } from './bank.js';
import { arriveAndWait } from './barrier.js';
import { runCounterStrategy, type CounterStrategy } from './counter.js';
import { pingPort, pingShared, pongPort, pongShared, type HandoffMode } from './handoff.js';
import { lockClassFor } from './lock-file.js';

interface Timed {
  barrier: Int32Array;
  parties: number;
  /** File URL of a student's lock module; the built-in Mutex when absent. */
  lockUrl?: string;
}

export type Job =
  | ({
      kind: 'counter';
      strategy: CounterStrategy;
      increments: number;
      counter: Int32Array;
      lockCells: Int32Array;
    } & Timed)
  | ({ kind: 'exclusion'; iterations: number; occupancy: Int32Array; lockCells: Int32Array } & Timed)
  | ({ kind: 'bank'; bank: BankMemory; transfer: TransferJob } & Timed)
  | { kind: 'ping' | 'pong'; mode: HandoffMode; roundTrips: number; cell: Int32Array; port?: MessagePort }
  | { kind: 'sleep'; ms: number }
  | { kind: 'fail'; message: string };

/** Start and end of the timed part, in nanoseconds of process.hrtime (one clock for all threads of the process). */
export interface Span {
  startNs: number;
  endNs: number;
}

export type JobResult = Span | { violations: number } | { seconds: number } | null;

const nowNs = (): number => Number(process.hrtime.bigint());

export async function runJob(job: Job, timeoutMs: number): Promise<JobResult> {
  switch (job.kind) {
    case 'counter': {
      const Lock = await lockClassFor(job.lockUrl);
      const lock = new Lock(job.lockCells);
      arriveAndWait(job.barrier, job.parties, timeoutMs);
      const startNs = nowNs();
      runCounterStrategy(job.strategy, job.counter, lock, job.increments);
      return { startNs, endNs: nowNs() };
    }
    case 'exclusion': {
      const Lock = await lockClassFor(job.lockUrl);
      const lock = new Lock(job.lockCells);
      arriveAndWait(job.barrier, job.parties, timeoutMs);
      let violations = 0;
      for (let i = 0; i < job.iterations; i++) {
        lock.lock();
        // Inside the critical section nobody else may be: the occupancy we find must be 0.
        if (Atomics.add(job.occupancy, 0, 1) !== 0) violations++;
        Atomics.sub(job.occupancy, 0, 1);
        lock.unlock();
      }
      return { violations };
    }
    case 'bank': {
      const Lock = await lockClassFor(job.lockUrl);
      arriveAndWait(job.barrier, job.parties, timeoutMs);
      const startNs = nowNs();
      runTransfers(job.bank, job.transfer, Lock);
      return { startNs, endNs: nowNs() };
    }
    case 'ping':
      if (job.mode === 'message-port') return { seconds: await pingPort(job.port!, job.roundTrips, timeoutMs) };
      return { seconds: pingShared(job.cell, job.roundTrips, job.mode === 'atomics-spin', timeoutMs) };
    case 'pong':
      if (job.mode === 'message-port') await pongPort(job.port!, job.roundTrips, timeoutMs);
      else pongShared(job.cell, job.roundTrips, job.mode === 'atomics-spin', timeoutMs);
      return null;
    case 'sleep':
      // Blocks the thread the way a stuck worker does (used by tests of the timeout path).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, job.ms);
      return null;
    case 'fail':
      throw new Error(job.message);
  }
}
