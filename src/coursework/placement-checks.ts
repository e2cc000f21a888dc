// Lab 06's checks on a student's placement policy, run in a sandbox worker (placement-check-worker.ts).
// Tests: test/coursework/placement-checks.test.ts.
import { pluginLabel } from '../core/plugin.js';
import { runSandboxed } from '../core/sandbox.js';
import type { Assignment } from './assignment.js';
import { runCheckList, type CheckOutcome } from './checks.js';
import type { PlacementCheckInput } from './placement-check-worker.js';

const ENTRY = new URL('./placement-check-worker.ts', import.meta.url);

/** Runs the assignment's checks (distinct-nodes, rack-rule, balance) on the placement policy in `file`. */
export function checkPlacement(file: string, assignment: Assignment, callMs = 2000): Promise<CheckOutcome[]> {
  const names = Object.keys(assignment.points);
  const runMs = (assignment.timeout ?? 60) * 1000;
  return runCheckList(names, (checks, report) =>
    runSandboxed<void>(
      ENTRY,
      { file, checks, balanceTolerance: assignment.balanceTolerance ?? 0.1 } satisfies PlacementCheckInput,
      { label: pluginLabel('placement', file), callMs, runMs, onReport: (o) => report(o as CheckOutcome) },
    ),
  );
}
