// `syslab grade <folder> [--lab NN] [--hidden DIR] [--csv grades.csv] [--html grades.html] [--jobs N]`: checks every
// submission in the folder and writes one CSV row per student with per-check points and an HTML summary with the
// class distribution. Tests: test/coursework/grade.test.ts.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { InputError } from '../core/errors.js';
import { labEntries } from '../core/registry.js';
import { loadAssignment } from '../coursework/assignment.js';
import { labId, parseArgs } from '../coursework/args.js';
import { gradeFolder, gradesCsv, gradesHtml, labOfFolder } from '../coursework/grade.js';

export async function gradeCommand(args: readonly string[]): Promise<number> {
  const { positionals, options } = parseArgs('grade', args, ['lab', 'hidden', 'csv', 'html', 'jobs']);
  const folder = positionals[0];
  if (folder === undefined)
    throw new InputError('grade: which folder? Usage: syslab grade <folder> [--lab NN] --csv grades.csv');
  const given = options.get('lab') ?? labOfFolder(folder);
  if (given === undefined) throw new InputError('grade: no submission zip names its lab; give --lab NN');
  const lab = labId('grade', given, labEntries());
  const assignment = loadAssignment(lab, options.get('hidden'));
  const jobs = Number(options.get('jobs') ?? os.availableParallelism());
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256)
    throw new InputError(`grade: --jobs ${options.get('jobs')}; allowed: 1 to 256`);
  const t0 = performance.now();
  const rows = await gradeFolder(folder, assignment, jobs, (row, done, total) =>
    process.stderr.write(
      `  [${done}/${total}] ${row.student}: ${row.results ? `${row.results.score} / ${row.results.max_score}` : `not checked (${row.error})`}\n`,
    ),
  );
  const csv = options.get('csv') ?? 'grades.csv';
  const html = options.get('html') ?? csv.replace(/\.csv$/, '') + '.html';
  writeFileSync(csv, gradesCsv(rows, assignment));
  writeFileSync(html, gradesHtml(rows, assignment));
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  process.stdout.write(`${rows.length} submissions of lab ${lab} graded in ${seconds} s: ${csv}, ${html}\n`);
  return 0;
}
