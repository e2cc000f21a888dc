// A team of long-lived worker threads that run jobs (jobs.ts) in parallel, one job per worker per round. Starting a
// worker that loads TypeScript costs a noticeable fraction of a second, so workers are reused across rounds; a worker
// that misses its deadline (or that a watchdog declares stuck) is terminated, reported, and replaced next round.
// Tests: test/concurrency/team.test.ts.
import type { TransferListItem, Worker } from 'node:worker_threads';
import type { Job, JobResult } from './jobs.js';
import { startTsWorker, withTimeout } from './ts-worker.js';

const ENTRY = new URL('./team-worker.ts', import.meta.url);

export type Outcome<R = JobResult> =
  { worker: number; ok: true; result: R } | { worker: number; ok: false; error: string; stuck: boolean };

export interface RoundOptions {
  /** Hard limit for the whole round; unfinished workers are then terminated. */
  timeoutMs: number;
  /** Objects to transfer (not copy) with each worker's job, e.g. a MessagePort. */
  transfer?: TransferListItem[][];
  /** Called every pollMs while the round runs; returning a reason terminates the unfinished workers. */
  watch?: () => string | undefined;
  pollMs?: number;
}

interface Reply {
  id?: number;
  ok?: boolean;
  result?: JobResult;
  error?: string;
  ready?: boolean;
}

export class Team {
  private readonly workers: (Worker | undefined)[] = [];
  private nextId = 1;
  /** Workers terminated because they were stuck, over the team's life. */
  terminated = 0;

  constructor(private readonly startTimeoutMs = 60_000) {}

  get size(): number {
    return this.workers.length;
  }

  /** Makes sure workers 0..size-1 are running (starting missing or terminated ones in parallel). */
  async ensure(size: number): Promise<void> {
    const starting: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      if (this.workers[i] === undefined) starting.push(this.spawn(i));
    }
    await Promise.all(starting);
  }

  private async spawn(index: number): Promise<void> {
    const worker = startTsWorker(ENTRY, { index });
    this.workers[index] = worker;
    // Permanent listeners: an idle worker that fails or exits is forgotten (and replaced next round) instead of an
    // unhandled 'error' event taking the main thread down.
    const forget = () => {
      if (this.workers[index] === worker) this.workers[index] = undefined;
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: Reply) => {
        if (m.ready) {
          worker.off('error', reject);
          resolve();
        }
      };
      worker.once('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`worker ${index} exited with code ${code} while starting`)));
    });
    await withTimeout(ready, this.startTimeoutMs, `starting worker ${index}`, () => void worker.terminate());
  }

  /** Runs jobs[i] on worker i, all at once, and collects every worker's outcome (never throws for a worker's fault). */
  async round<R = JobResult>(jobs: Job[], options: RoundOptions): Promise<Outcome<R>[]> {
    await this.ensure(jobs.length);
    const outcomes = Array.from<Outcome<R> | undefined>({ length: jobs.length });
    const finishers: ((outcome: Outcome<R>) => void)[] = [];
    const pending = jobs.map((job, i) => {
      const worker = this.workers[i]!;
      const id = this.nextId++;
      const forget = () => {
        // Only this worker's slot: a replacement may already sit there when a terminated worker's exit arrives.
        if (this.workers[i] === worker) this.workers[i] = undefined;
      };
      return new Promise<void>((resolve) => {
        const finish = (outcome: Outcome<R>) => {
          if (outcomes[i]) return;
          outcomes[i] = outcome;
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
          resolve();
        };
        const onMessage = (m: Reply) => {
          if (m.id !== id) return;
          finish(
            m.ok
              ? { worker: i, ok: true, result: m.result as R }
              : { worker: i, ok: false, error: m.error ?? 'unknown error', stuck: false },
          );
        };
        const onError = (e: Error) => {
          forget();
          finish({ worker: i, ok: false, error: e.message, stuck: false });
        };
        const onExit = (code: number) => {
          forget();
          finish({ worker: i, ok: false, error: `worker exited with code ${code}`, stuck: false });
        };
        finishers[i] = (outcome) => {
          if (outcomes[i]) return;
          finish(outcome);
          forget();
          this.terminated++;
          void worker.terminate();
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        worker.postMessage({ id, job, timeoutMs: options.timeoutMs }, options.transfer?.[i] ?? []);
      });
    });

    const stop = (reason: string) => {
      for (let i = 0; i < jobs.length; i++) finishers[i]?.({ worker: i, ok: false, error: reason, stuck: true });
    };
    let timer: NodeJS.Timeout | undefined;
    const poll = options.watch
      ? setInterval(() => {
          const reason = options.watch!();
          if (reason !== undefined) stop(reason);
        }, options.pollMs ?? 10)
      : undefined;
    try {
      await Promise.race([
        Promise.all(pending),
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            stop(`no result within ${options.timeoutMs} ms`);
            resolve();
          }, options.timeoutMs);
        }),
      ]);
    } finally {
      if (poll) clearInterval(poll);
      clearTimeout(timer);
    }
    // Every slot is filled by now: each worker finished, or stop() filled it when the time limit passed.
    return outcomes.map((o, i) => o ?? { worker: i, ok: false, error: 'no outcome', stuck: false });
  }

  async close(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(all.flatMap((w) => (w ? [w.terminate()] : [])));
  }
}

/** The results of a round, or an Error naming every worker that failed. */
export function resultsOrThrow<R>(outcomes: Outcome<R>[], what: string): R[] {
  const results: R[] = [];
  const failed: string[] = [];
  for (const o of outcomes) {
    if (o.ok) results.push(o.result);
    else failed.push(`worker ${o.worker} ${o.stuck ? 'was stuck and terminated' : 'failed'} (${o.error})`);
  }
  if (failed.length > 0) throw new Error(`${what}: ${failed.join('; ')}`);
  return results;
}
