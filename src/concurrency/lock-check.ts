// Mutual-exclusion check for a lock (the built-in Mutex or a student's): workers take the lock many times and, inside,
// bump an occupancy counter that must read 0 on entry. Any other reading is a violation: two threads were inside.
// Tests: test/concurrency/mutex.test.ts.
import { createBarrier } from './barrier.js';
import { allocateLockCells } from './lock.js';
import type { Team } from './team.js';

export interface ExclusionResult {
  workers: number;
  iterations: number;
  violations: number | null;
  note: string;
}

export async function checkExclusion(
  team: Team,
  workers: number,
  iterations: number,
  lockUrl: string | undefined,
  timeoutMs: number,
): Promise<ExclusionResult> {
  const occupancy = new Int32Array(new SharedArrayBuffer(64));
  const lockCells = allocateLockCells(1);
  const barrier = createBarrier();
  const job = { kind: 'exclusion' as const, iterations, occupancy, lockCells, barrier, parties: workers, lockUrl };
  const outcomes = await team.round<{ violations: number }>(
    Array.from({ length: workers }, () => job),
    { timeoutMs },
  );
  const bad = outcomes.find((o) => !o.ok);
  if (bad && !bad.ok) {
    return {
      workers,
      iterations: workers * iterations,
      violations: null,
      note: `worker ${bad.worker} ${bad.stuck ? 'was stuck and terminated' : 'failed'}: ${bad.error}`,
    };
  }
  const violations = outcomes.reduce((sum, o) => sum + (o.ok ? o.result.violations : 0), 0);
  return { workers, iterations: workers * iterations, violations, note: '' };
}

/**
 * The correctness gate of lab 02: a student's lock (`lockFile`) whose exclusion check found two workers inside, or did
 * not finish, failed; one line each for LabResult.failed (the lab then exits 3). The built-in Mutex is not gated.
 */
export function lockFailures(lockFile: string | undefined, exclusion: ExclusionResult | undefined): string[] {
  if (lockFile === undefined || exclusion === undefined) return [];
  if (exclusion.violations === null)
    return [`lock file "${lockFile}": the mutual exclusion check did not finish (${exclusion.note})`];
  if (exclusion.violations > 0)
    return [
      `lock file "${lockFile}": ${exclusion.violations} of ${exclusion.iterations} critical sections found another ` +
        `worker inside (${exclusion.workers} workers); its mutex timings measure a lock that does not exclude`,
    ];
  return [];
}
