// Named checks with points, and their results in Gradescope's autograder format ({score, tests: [{name, score,
// max_score, status, output}]}), shared by `syslab check` and `syslab grade`. runCheckList() runs a list of checks in
// sandbox workers: when user code kills a worker (a loop past its deadline), the check it was in fails with that
// message and the remaining checks go on in a fresh worker, so a plug-in loses exactly the points of the checks it
// breaks. Tests: test/coursework/checks.test.ts.
import { PluginError } from '../core/plugin.js';

/** What a check found: passed or not, and one line saying why. */
export interface CheckOutcome {
  name: string;
  passed: boolean;
  output: string;
}

/** One test of Gradescope's results.json. */
export interface GradedTest {
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
}

/** Gradescope's results.json. */
export interface GradescopeResults {
  score: number;
  max_score: number;
  tests: GradedTest[];
}

/** Scores outcomes with `points` (check name -> points); a check without points is worth 0. */
export function score(outcomes: readonly CheckOutcome[], points: Readonly<Record<string, number>>): GradescopeResults {
  const tests = outcomes.map((o): GradedTest => ({
    name: o.name,
    score: o.passed ? (points[o.name] ?? 0) : 0,
    max_score: points[o.name] ?? 0,
    status: o.passed ? 'passed' : 'failed',
    output: o.output,
  }));
  const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 1000) / 1000;
  return { score: sum(tests.map((t) => t.score)), max_score: sum(tests.map((t) => t.max_score)), tests };
}

/** A readable table for the terminal: one line per check, then the total. */
export function resultsTable(results: GradescopeResults): string {
  const width = Math.max(5, ...results.tests.map((t) => t.name.length));
  const lines = results.tests.map(
    (t) =>
      `${t.status === 'passed' ? 'PASS' : 'FAIL'}  ${t.name.padEnd(width)}  ${String(t.score).padStart(5)} / ${String(t.max_score).padEnd(5)}  ${t.output}`,
  );
  return [...lines, `total ${results.score} / ${results.max_score}`].join('\n');
}

/**
 * Runs `names` through `runSome` (which runs checks in one sandbox worker and reports each outcome as it finishes).
 * When runSome rejects, the first check without an outcome fails with the error's message and the rest run again in
 * a fresh call. Never throws for user code: an error that is not a PluginError is a bug and is rethrown.
 */
export async function runCheckList(
  names: readonly string[],
  runSome: (names: readonly string[], report: (o: CheckOutcome) => void) => Promise<void>,
): Promise<CheckOutcome[]> {
  const done = new Map<string, CheckOutcome>();
  let remaining = [...names];
  while (remaining.length) {
    try {
      await runSome(remaining, (o) => done.set(o.name, o));
    } catch (error) {
      if (!(error instanceof PluginError)) throw error;
      const broken = remaining.find((n) => !done.has(n));
      if (broken !== undefined) done.set(broken, { name: broken, passed: false, output: error.message });
    }
    const next = remaining.filter((n) => !done.has(n));
    if (next.length === remaining.length) {
      for (const n of next) done.set(n, { name: n, passed: false, output: 'not run (the checker ended early)' });
      break;
    }
    remaining = next;
  }
  return names.map((n) => done.get(n)!);
}
