// Lab 03's checks on a student's cache policy, run in sandbox workers (policy-check-worker.ts) under the assignment's
// deadlines. Tests: test/coursework/policy-checks.test.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pluginLabel, PROJECT_ROOT } from '../core/plugin.js';
import { runSandboxed } from '../core/sandbox.js';
import { builtinPolicies } from '../cache/policies/index.js';
import type { Assignment } from './assignment.js';
import { runCheckList, type CheckOutcome } from './checks.js';
import type { PolicyCheckInput } from './policy-check-worker.js';

const ENTRY = new URL('./policy-check-worker.ts', import.meta.url);

/** A reference named in an assignment: a built-in policy, or a file beside the assignment or in the project. */
export function resolveReference(reference: string, source: string): string {
  if (reference in builtinPolicies) return reference;
  for (const candidate of [path.resolve(path.dirname(source), reference), path.resolve(PROJECT_ROOT, reference)])
    if (existsSync(candidate)) return candidate;
  return path.resolve(path.dirname(source), reference);
}

/** Runs the assignment's checks (the names in its points, in order) on the policy in `file`. */
export function checkPolicy(file: string, assignment: Assignment, callMs = 2000): Promise<CheckOutcome[]> {
  const base: Omit<PolicyCheckInput, 'checks'> = {
    file,
    workedTraces: assignment.workedTraces ?? [],
    reference: resolveReference(assignment.reference ?? 'lru', assignment.source),
    tolerance: assignment.tolerance ?? 0.01,
    sizes: assignment.sizes ?? [10, 100, 1000],
    hiddenTraces: assignment.hiddenTraces,
  };
  const names = Object.keys(assignment.points);
  const perCheckMs = (assignment.timeout ?? 60) * 1000;
  return runCheckList(names, (checks, report) =>
    runSandboxed<void>(
      ENTRY,
      { ...base, checks },
      {
        label: pluginLabel('policy', file),
        callMs,
        runMs: perCheckMs * checks.length,
        onReport: (o) => report(o as CheckOutcome),
      },
    ),
  );
}
