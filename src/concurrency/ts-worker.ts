// Starting worker threads (plain and piscina) that run this project's TypeScript, under tsx (the lab) and under
// vitest (the tests) alike, and waiting for them with a time limit. Tests: test/concurrency/ts-worker.test.ts.
import { Worker, type WorkerOptions } from 'node:worker_threads';

export const BOOT_URL = new URL('./ts-worker-boot.mjs', import.meta.url);

/**
 * The parent's Node flags minus tsx's own (--require .../tsx/dist/preflight.cjs, --import .../tsx/dist/loader.mjs):
 * inside a worker they only cost start-up time, since the boot file registers tsx itself.
 */
export function workerExecArgv(parent: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const flag = parent[i];
    const value = parent[i + 1];
    if (
      (flag === '--require' || flag === '--import' || flag === '-r') &&
      value !== undefined &&
      /[\\/]tsx[\\/]|^tsx(\/|$)/.test(value)
    ) {
      i++;
      continue;
    }
    if (/^--(require|import)=.*[\\/]tsx[\\/]/.test(flag)) continue;
    out.push(flag);
  }
  return out;
}

/** Options for `new Worker(BOOT_URL, ...)` or `new Piscina(...)` that make the worker load `entry` (a .ts URL). */
export function tsWorkerOptions(
  entry: URL,
  workerData: Record<string, unknown> = {},
): WorkerOptions & { workerData: Record<string, unknown> } {
  return { execArgv: workerExecArgv(), workerData: { ...workerData, tsEntry: entry.href } };
}

export function startTsWorker(entry: URL, workerData: Record<string, unknown> = {}): Worker {
  return new Worker(BOOT_URL, tsWorkerOptions(entry, workerData));
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** Resolves like `promise`, or rejects with TimeoutError after `ms`; onTimeout runs first (to terminate, say). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new TimeoutError(`${what} did not finish within ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
