// `syslab check <lab> --<kind>-file F [--hidden DIR] [--results results.json] [--answers answers.md --report
// report.json]`: runs the lab's assignment checks on a student's plug-in, prints a table, writes Gradescope's
// results.json, and exits 1 when any check fails (2 for bad input). Tests: test/coursework/check.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { labEntries } from '../core/registry.js';
import { loadAssignment } from '../coursework/assignment.js';
import { labId, parseArgs } from '../coursework/args.js';
import { runCheck } from '../coursework/check.js';
import { resultsTable } from '../coursework/checks.js';
import { loadQuestions } from '../coursework/questions.js';

export const CHECK_USAGE =
  'Usage: syslab check <lab> --<kind>-file F [--hidden DIR] [--results results.json] [--answers answers.md --report report.json]';

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${what} "${file}" cannot be read as JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

export async function checkCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.length === 0) {
    process.stdout.write(`${CHECK_USAGE}\n`);
    return args.length ? 0 : 2;
  }
  const kinds = ['policy-file', 'lock-file', 'placement-file', 'backend-file'];
  const { positionals, options } = parseArgs('check', args, [...kinds, 'hidden', 'results', 'answers', 'report']);
  const lab = labId('check', positionals[0], labEntries());
  const assignment = loadAssignment(lab, options.get('hidden'));
  const option = `${assignment.kind}-file`;
  const file = options.get(option);
  if (file === undefined)
    throw new InputError(`check ${lab}: --${option} <file> is required (lab ${lab} grades a ${assignment.kind})`);
  let answers;
  if (options.has('answers') !== options.has('report'))
    throw new InputError('check: --answers and --report go together (the answers are scored against that report)');
  if (options.has('answers')) {
    let text: string;
    try {
      text = readFileSync(options.get('answers')!, 'utf8');
    } catch {
      throw new InputError(`check: --answers "${options.get('answers')}" cannot be read`);
    }
    answers = { text, report: readJson(options.get('report')!, 'report'), questions: loadQuestions(lab) };
  }
  const results = await runCheck({ assignment, file, answers });
  process.stdout.write(`${assignment.title}\n${resultsTable(results)}\n`);
  const out = options.get('results');
  if (out !== undefined) writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  return results.tests.every((t) => t.status === 'passed') ? 0 : 1;
}
