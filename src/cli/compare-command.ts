// `syslab compare`: two or more runs (`A B` or `base=A mine=B friend=C [--base base]`), or a class of runs
// (`--class <folder> [--reference <run>]`), printed for the terminal or written as md, csv, json or html.
// With --out, the terminal still shows what moved. Bad input (unreadable or malformed reports, --out a folder,
// unknown names) is one line and exit 2; --fail-on worse exits 1 when something got significantly worse.
// Tests: test/core/compare-cli.test.ts.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { anyWorse, compareRuns, loadClass, parseRunArgs } from '../core/compare.js';
import { classCompare, classCsv, classJson, classMarkdown } from '../core/compare-class.js';
import { classHtml, comparisonHtml } from '../core/compare-html.js';
import { comparisonCsv, comparisonJson, comparisonMarkdown } from '../core/compare-render.js';
import { InputError } from '../core/errors.js';
import { helpLines, kebab, parseArgv, p, resolveParams } from '../core/params.js';

const options = {
  threshold: p.number({
    default: 0.02,
    min: 0,
    max: 10,
    description: 'relative change that matters: "better"/"worse" need the whole 95% interval beyond it',
  }),
  alpha: p.number({
    default: 0.05,
    min: 0.0001,
    max: 0.5,
    description: 'significance level, after Benjamini-Hochberg adjustment across rows',
  }),
  base: p.string({ description: 'the run the others are compared with (default: the first)', valueName: '<name>' }),
  class: p.string({
    description: 'a folder with one run per student: distributions instead of pairs',
    valueName: '<dir>',
  }),
  reference: p.string({
    description: 'with --class: the run to highlight and check exact metrics against',
    valueName: '<run>',
  }),
  normalize: p.bool({ default: false, description: 'rescale timings by each run’s calibration workload' }),
  filter: p.string({
    description: 'only rows whose lab, table, key or metric text contains every word',
    valueName: '<words>',
  }),
  format: p.enum({
    values: ['text', 'md', 'csv', 'json', 'html'] as const,
    default: 'text',
    description: 'output format (default: from --out’s extension, else text)',
  }),
  out: p.string({ description: 'write the output to this file instead of the terminal', valueName: '<file>' }),
  all: p.bool({ default: false, description: 'text: list every row, not only those that moved' }),
  failOn: p.enum({
    values: ['never', 'worse'] as const,
    default: 'never',
    description: 'exit 1 when something got significantly worse',
  }),
  help: p.bool({ default: false, description: 'show this help' }),
};

export const COMPARE_USAGE = `Usage:
  syslab compare <runA> <runB> [options]
  syslab compare base=<run> mine=<run> friend=<run> [--base base] [options]
  syslab compare --class <folder of runs> [--reference <run>] [options]
A run is a run folder (reports/<stamp>-<host>), a lab folder or a report.json file.`;

const FORMAT_BY_EXT: Record<string, 'md' | 'csv' | 'json' | 'html'> = {
  '.md': 'md',
  '.csv': 'csv',
  '.json': 'json',
  '.html': 'html',
  '.htm': 'html',
};

export async function compareCommand(args: string[]): Promise<number> {
  const valued = new Set(
    Object.entries(options)
      .filter(([, s]) => s.valueName !== '')
      .map(([k]) => `--${kebab(k)}`),
  );
  const positional: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      flags.push(a);
      if (valued.has(a) && i + 1 < args.length) flags.push(args[++i]);
    } else positional.push(a);
  }
  const given = parseArgv(flags, options, 'compare').given;
  const opts = resolveParams(options, given, false);
  if (opts.help) {
    process.stdout.write(`${COMPARE_USAGE}\nOptions:\n${helpLines(options).join('\n')}\n`);
    return 0;
  }
  if (opts.out !== undefined && existsSync(opts.out) && statSync(opts.out).isDirectory())
    throw new InputError(`--out: "${opts.out}" is a folder; give a file name such as comparison.html`);
  const format = given.has('format')
    ? opts.format
    : opts.out !== undefined
      ? (FORMAT_BY_EXT[path.extname(opts.out).toLowerCase()] ?? 'md')
      : 'text';
  const common = { alpha: opts.alpha, threshold: opts.threshold, normalize: opts.normalize, filter: opts.filter };
  let text: string;
  /** What the terminal shows when the output goes to a file: the rows that moved. */
  let terminal: string;
  let worse = false;
  let empty: boolean;
  if (opts.class !== undefined) {
    if (positional.length) throw new InputError(`compare --class takes no other runs, got "${positional[0]}"`);
    const c = classCompare(loadClass(opts.class), { ...common, reference: opts.reference });
    empty = c.rows.length === 0;
    text =
      format === 'csv'
        ? classCsv(c)
        : format === 'json'
          ? classJson(c)
          : format === 'html'
            ? classHtml(c)
            : classMarkdown(c, { onlyNotable: format === 'text' && !opts.all });
    terminal = classMarkdown(c, { onlyNotable: !opts.all });
  } else {
    if (opts.reference !== undefined) throw new InputError('--reference goes with --class <folder>');
    if (positional.length < 2)
      throw new InputError(`compare needs at least two runs (folders or report.json files), got ${positional.length}`);
    const runs = parseRunArgs(positional);
    const base = opts.base === undefined ? 0 : runs.findIndex((r) => r.name === opts.base);
    if (base < 0)
      throw new InputError(`--base: no run named "${opts.base}"; allowed: ${runs.map((r) => r.name).join(', ')}`);
    const c = compareRuns(runs, base, common);
    empty = c.rows.length === 0;
    worse = anyWorse(c);
    text =
      format === 'csv'
        ? comparisonCsv(c)
        : format === 'json'
          ? comparisonJson(c)
          : format === 'html'
            ? comparisonHtml(c)
            : comparisonMarkdown(c, { onlyNotable: format === 'text' && !opts.all });
    terminal = comparisonMarkdown(c, { onlyNotable: !opts.all });
  }
  if (opts.out !== undefined) {
    try {
      writeFileAtomic(opts.out, text);
    } catch (error) {
      throw new InputError(
        `--out: cannot write "${opts.out}" (${(error as Error).message}); give a writable file path`,
      );
    }
    process.stdout.write(`${terminal}\nwrote ${opts.out} (${format}, every row)\n`);
  } else process.stdout.write(text);
  if (empty) {
    process.stderr.write('error: nothing to compare: the runs share no lab, table or row (or --filter left none)\n');
    return 1;
  }
  return opts.failOn === 'worse' && worse ? 1 : 0;
}
