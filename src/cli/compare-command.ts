// `syslab compare <runA> <runB> [--threshold 0.05] [--all] [--out comparison.md]`: prints what changed (every row
// with --all) and writes the whole comparison as Markdown. Tests: test/core/cli.test.ts.
import { compareReports, comparisonMarkdown, loadReports } from '../core/compare.js';
import { writeFileAtomic } from '../core/atomic.js';
import { InputError } from '../core/errors.js';
import { parseArgv, p, resolveParams } from '../core/params.js';

const options = {
  threshold: p.number({
    default: 0.05,
    min: 0,
    max: 10,
    description: 'relative change below which a difference is noise',
  }),
  out: p.string({ description: 'also write the comparison as Markdown to this file', valueName: '<file>' }),
  all: p.bool({ default: false, description: 'print every row, not only those judged better or worse' }),
  help: p.bool({ default: false, description: 'show this help' }),
};

export async function compareCommand(args: string[]): Promise<number> {
  const positional = args.filter(
    (a, i) => !a.startsWith('--') && !(i > 0 && ['--threshold', '--out'].includes(args[i - 1])),
  );
  const flags = args.filter((a) => !positional.includes(a));
  const { given } = parseArgv(flags, options, 'compare');
  const opts = resolveParams(options, given, false);
  if (opts.help) {
    process.stdout.write(
      'Usage: syslab compare <runA> <runB> [--threshold 0.05] [--all] [--out comparison.md]\n' +
        'A and B are run folders (reports/<stamp>-<host>), lab folders or report.json files.\n' +
        'Prints the rows judged better or worse (--all: every row); --out writes every row as Markdown.\n',
    );
    return 0;
  }
  if (positional.length !== 2)
    throw new InputError(`compare needs exactly two runs (folders or report.json files), got ${positional.length}`);
  const [a, b] = positional as [string, string];
  const comparison = compareReports(loadReports(a), loadReports(b), opts.threshold);
  process.stdout.write(comparisonMarkdown(comparison, a, b, { onlyChanges: !opts.all }));
  if (opts.out) writeFileAtomic(opts.out, comparisonMarkdown(comparison, a, b));
  if (comparison.rows.length === 0) {
    process.stderr.write('error: nothing to compare: the two runs share no lab, table or row\n');
    return 1;
  }
  return 0;
}
