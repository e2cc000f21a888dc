// `syslab compare <runA> <runB> [--threshold 0.05] [--out comparison.md]`: prints the comparison and writes it as
// Markdown. Tests: test/core/cli.test.ts.
import { compareReports, comparisonMarkdown, loadReports } from '../core/compare.js';
import { writeFileAtomic } from '../core/atomic.js';
import { InputError } from '../core/errors.js';
import { parseArgv, p, resolveParams } from '../core/params.js';

const options = {
  threshold: p.number({ default: 0.05, min: 0, max: 10, description: 'relative change below which a difference is noise' }),
  out: p.string({ description: 'also write the comparison as Markdown to this file', valueName: '<file>' }),
  help: p.bool({ default: false, description: 'show this help' }),
};

export async function compareCommand(args: string[]): Promise<number> {
  const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--threshold', '--out'].includes(args[i - 1]!)));
  const flags = args.filter((a) => !positional.includes(a));
  const { given } = parseArgv(flags, options, 'compare');
  const opts = resolveParams(options, given, false);
  if (opts.help) {
    process.stdout.write('Usage: syslab compare <runA> <runB> [--threshold 0.05] [--out comparison.md]\n' +
      'A and B are run folders (reports/<stamp>-<host>), lab folders or report.json files.\n');
    return 0;
  }
  if (positional.length !== 2) throw new InputError(`compare needs exactly two runs (folders or report.json files), got ${positional.length}`);
  const [a, b] = positional as [string, string];
  const comparison = compareReports(loadReports(a), loadReports(b), opts.threshold);
  const markdown = comparisonMarkdown(comparison, a, b);
  process.stdout.write(markdown);
  if (opts.out) writeFileAtomic(opts.out, markdown);
  if (comparison.rows.length === 0) {
    process.stderr.write('error: nothing to compare: the two runs share no lab, table or row\n');
    return 1;
  }
  return 0;
}
