// Lab 02's checks on a student's lock class: it loads and locks once in a sandbox (lock-file.ts), then N sandbox
// workers (lock-check-worker.ts) take it many times each on shared memory: exclusion-N-workers passes when no two
// workers were ever inside together; no-lost-wakeups when every lock() returned within the per-call deadline (a waiter
// never woken is a failure with a message, never a hang). Tests: test/coursework/lock-checks.test.ts.
import { PluginError, pluginLabel } from '../core/plugin.js';
import { runSandboxed } from '../core/sandbox.js';
import { checkLockFile } from '../concurrency/lock-file.js';
import { LOCK_CELLS } from '../concurrency/lock.js';
import type { Assignment } from './assignment.js';
import type { CheckOutcome } from './checks.js';
import type { LockCheckInput } from './lock-check-worker.js';

const ENTRY = new URL('./lock-check-worker.ts', import.meta.url);

export interface ExclusionRun {
  /** Total critical sections that found another worker inside; undefined when a worker failed. */
  violations?: number;
  /** Why a worker failed (a deadline, a throw). */
  failure?: string;
}

/** `workers` sandbox workers share one lock and take it `iterations` times each. */
export async function runExclusion(
  file: string,
  workers: number,
  iterations: number,
  timeoutMs: number,
  callMs: number,
): Promise<ExclusionRun> {
  const cells = new SharedArrayBuffer(LOCK_CELLS * 4);
  const shared = new SharedArrayBuffer(12);
  // Starting a worker (loading tsx, compiling the file) does not count against the check's time: the barrier waits
  // up to a minute for all of them, and the per-call deadline on lock() is what catches a waiter never woken.
  const startMs = 60_000;
  const input: LockCheckInput = { file, cells, shared, parties: workers, iterations, holdMs: 0.05, barrierMs: startMs };
  const options = { label: pluginLabel('lock', file), callMs, runMs: startMs + timeoutMs };
  const settled = await Promise.allSettled(
    Array.from({ length: workers }, () => runSandboxed<{ violations: number }>(ENTRY, input, options)),
  );
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    const reason: unknown = failed.reason;
    if (!(reason instanceof PluginError)) throw reason;
    return { failure: reason.message };
  }
  const violations = settled.reduce(
    (sum, s) => sum + (s as PromiseFulfilledResult<{ violations: number }>).value.violations,
    0,
  );
  return { violations };
}

/** Runs the assignment's checks (exclusion-N-workers for each N, no-lost-wakeups) on the lock class in `file`. */
export async function checkLock(file: string, assignment: Assignment): Promise<CheckOutcome[]> {
  const names = Object.keys(assignment.points);
  const timeoutMs = (assignment.timeout ?? 30) * 1000;
  const callMs = assignment.callTimeout === undefined ? Math.min(timeoutMs, 5000) : assignment.callTimeout * 1000;
  const iterations = assignment.iterations ?? 2000;
  try {
    await checkLockFile(file, callMs);
  } catch (error) {
    if (!(error instanceof PluginError)) throw error;
    return names.map((name) => ({ name, passed: false, output: error.message }));
  }
  const outcomes: CheckOutcome[] = [];
  for (const name of names) {
    const exclusion = /^exclusion-(\d+)-workers$/.exec(name);
    if (exclusion) {
      const n = Number(exclusion[1]);
      const r = await runExclusion(file, n, iterations, timeoutMs, callMs);
      const total = n * iterations;
      outcomes.push(
        r.failure !== undefined
          ? { name, passed: false, output: r.failure }
          : r.violations
            ? {
                name,
                passed: false,
                output: `${r.violations} of ${total} critical sections found another worker inside (${n} workers)`,
              }
            : { name, passed: true, output: `${total} critical sections, never two workers inside (${n} workers)` },
      );
    } else if (name === 'no-lost-wakeups') {
      // Four workers on one lock: every lock() must return, so every waiter must be woken.
      const r = await runExclusion(file, 4, iterations, timeoutMs, callMs);
      outcomes.push(
        r.failure !== undefined
          ? { name, passed: false, output: r.failure }
          : { name, passed: true, output: `4 workers x ${iterations} lock()/unlock() pairs all returned` },
      );
    } else {
      outcomes.push({ name, passed: false, output: 'no such check; known: exclusion-N-workers, no-lost-wakeups' });
    }
  }
  return outcomes;
}
