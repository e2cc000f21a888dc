// Lab 01's checks on a student's compute backend, run in a sandbox worker (backend-check-worker.ts).
// Tests: test/coursework/backend-checks.test.ts.
import { pluginLabel } from '../core/plugin.js';
import { runSandboxed } from '../core/sandbox.js';
import type { Assignment } from './assignment.js';
import type { BackendCheckInput } from './backend-check-worker.js';
import { runCheckList, type CheckOutcome } from './checks.js';

const ENTRY = new URL('./backend-check-worker.ts', import.meta.url);

/** Runs the assignment's checks (shapes, dtypes, numerics) on the backend in `file`. */
export function checkBackend(file: string, assignment: Assignment, callMs = 10_000): Promise<CheckOutcome[]> {
  const names = Object.keys(assignment.points);
  const runMs = (assignment.timeout ?? 60) * 1000;
  return runCheckList(names, (checks, report) =>
    runSandboxed<void>(
      ENTRY,
      { file, checks, errorTolerance: assignment.errorTolerance ?? 1e-3 } satisfies BackendCheckInput,
      { label: pluginLabel('backend', file), callMs, runMs, onReport: (o) => report(o as CheckOutcome) },
    ),
  );
}
