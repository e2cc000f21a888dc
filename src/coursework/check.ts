// `syslab check`: runs an assignment's named checks on a student's plug-in (and, with --answers and --report, scores
// the numeric answers against the student's own report), returning Gradescope's results. Used by the check command
// and by `syslab grade` for every submission. Tests: test/coursework/check.test.ts.
import { existsSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import type { Assignment } from './assignment.js';
import { checkBackend } from './backend-checks.js';
import { score, type CheckOutcome, type GradescopeResults } from './checks.js';
import { checkLock } from './lock-checks.js';
import { checkPlacement } from './placement-checks.js';
import { checkPolicy } from './policy-checks.js';
import { scoreAnswers, type QuestionSet } from './questions.js';

export interface CheckRequest {
  assignment: Assignment;
  /** The student's plug-in file. */
  file: string;
  /** The student's answers.md and the report.json they come from, to score numeric answers. */
  answers?: { text: string; report: unknown; questions: QuestionSet };
}

const callMs = (a: Assignment, fallback: number): number =>
  a.callTimeout === undefined ? fallback : Math.round(a.callTimeout * 1000);

/** The outcomes of the plug-in checks for `assignment`'s kind. */
export function pluginChecks(assignment: Assignment, file: string): Promise<CheckOutcome[]> {
  if (!existsSync(file)) throw new InputError(`${assignment.kind} file "${file}" does not exist`);
  switch (assignment.kind) {
    case 'policy':
      return checkPolicy(file, assignment, callMs(assignment, 2000));
    case 'lock':
      return checkLock(file, assignment);
    case 'placement':
      return checkPlacement(file, assignment, callMs(assignment, 2000));
    case 'backend':
      return checkBackend(file, assignment, callMs(assignment, 10_000));
    default:
      throw new InputError(
        `lab ${assignment.lab} has no checks for a ${assignment.kind} file; allowed labs: 01, 02, 03, 06`,
      );
  }
}

/** Runs every check and scores it: plug-in checks with the assignment's points, questions with theirs. */
export async function runCheck(request: CheckRequest): Promise<GradescopeResults> {
  const outcomes = await pluginChecks(request.assignment, request.file);
  const points: Record<string, number> = { ...request.assignment.points };
  if (request.answers) {
    const scored = scoreAnswers(request.answers.questions, request.answers.text, request.answers.report);
    for (const q of scored) {
      outcomes.push(q.outcome);
      points[q.outcome.name] = q.points;
    }
  }
  return score(outcomes, points);
}
