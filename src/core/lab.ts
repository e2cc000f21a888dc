// The lab contract: a lab declares its id, slug, title, parameters and a run(ctx) that returns tables, charts and
// findings; this module parses the command line, runs it, and writes the report atomically (staged folder, renamed
// into place only when everything succeeded). Tests: test/core/lab.test.ts, test/core/cli.test.ts.
import { realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageDir } from './atomic.js';
import { checkBudget, machineRoom, type Budget } from './budget.js';
import { renderSvg, type ChartSpec } from './charts.js';
import { InputError, isInputError } from './errors.js';
import { machineInfo, runStart } from './machine.js';
import { commonParams, helpLines, parseArgv, resolveParams, type ParamSpecs, type ParamValues } from './params.js';
import { createProgress, type Progress } from './progress.js';
import { prepareRunDir, removeCreated } from './outdir.js';
import { publishLab } from './publish.js';
import { chartEntry, REPORT_SCHEMA, reportMarkdown, type Report, type Section } from './report.js';
import { createRng, type Rng } from './rng.js';
import { makeScratchDir } from './scratch.js';
import { exitWithLaunchers, removeIfEmptyOnExit, removeOnExit, SUPERVISED_ENV } from './signals.js';
import { supervise } from './supervisor.js';
import type { Table } from './table.js';

export interface LabContext<P extends ParamSpecs> {
  params: ParamValues<P>;
  quick: boolean;
  seed: number;
  rng: Rng;
  /** The lab's own output folder (staged): files written here appear with the report, or not at all. */
  outDir: string;
  /** A temporary folder, removed after the run. */
  scratchDir: string;
  log: (message: string) => void;
  progress: (label: string, total: number) => Progress;
  /**
   * True when the lab runs as one of `syslab run all`'s: a server or tool it cannot find is then reported as
   * unavailable (a report saying why, exit 0) rather than failing the whole run, as it does alone (exit 2).
   */
  partOfAll: boolean;
}

export interface LabResult {
  tables: Record<string, Table>;
  charts?: ChartSpec[];
  findings: string[];
  sections?: Section[];
  /**
   * Plug-ins (a student's policy, lock, placement, backend) that ran but failed their correctness checks, one line
   * each naming the plug-in and why: the report is still written, and the lab exits with code 3.
   */
  failed?: string[];
}

export interface Lab<P extends ParamSpecs = ParamSpecs> {
  id: string;
  slug: string;
  title: string;
  summary: string;
  /** What the lab asks, in one line (shown under its title in the HTML report). */
  question?: string;
  libraries?: string[];
  params: P;
  /**
   * The memory and disk a run with these parameters needs, estimated before any work (see budget.ts and each
   * domain's budget.ts); a run the machine cannot hold is refused with exit 2 and the estimate.
   */
  budget?(params: ParamValues<P>): Budget;
  run(ctx: LabContext<P>): Promise<LabResult>;
}

export function defineLab<P extends ParamSpecs>(lab: Lab<P>): Lab<P> {
  if (!/^\d\d$/.test(lab.id)) throw new Error(`lab id "${lab.id}" must be two digits`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(lab.slug)) throw new Error(`lab slug "${lab.slug}" must be kebab-case`);
  for (const key of Object.keys(lab.params)) {
    if (key in commonParams) throw new Error(`lab ${lab.id}: parameter "${key}" clashes with a common option`);
  }
  return lab;
}

export const labDirName = (lab: Pick<Lab, 'id' | 'slug'>): string => `${lab.id}-${lab.slug}`;

export function helpText(lab: Lab): string {
  return [
    `Lab ${lab.id} ${lab.slug}: ${lab.title}`,
    lab.summary,
    '',
    `Usage: npm run lab -- ${lab.id} [options]`,
    `   or: npx tsx labs/${labDirName(lab)}.ts [options]`,
    '',
    'Options:',
    ...(Object.keys(lab.params).length ? helpLines(lab.params) : ['  (none beyond the common options)']),
    '',
    'Common options:',
    ...helpLines(commonParams),
  ].join('\n');
}

/** reports/<yyyymmdd-hhmmss>-<host>/, relative to the working directory. */
export function defaultRunDir(now = new Date()): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p2(now.getMonth() + 1)}${p2(now.getDate())}-${p2(now.getHours())}${p2(now.getMinutes())}${p2(now.getSeconds())}`;
  const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '_');
  return path.join('reports', `${stamp}-${host}`);
}

export interface RunOptions {
  /** The run folder; overrides --out and the default. */
  out?: string;
  /** Write lines for the person watching (default: stderr). */
  log?: (message: string) => void;
  /** The lab runs as one of `syslab run all`'s (LabContext.partOfAll). */
  partOfAll?: boolean;
}

export interface RunOutcome {
  report: Report;
  /** The lab's folder inside the run folder. */
  dir: string;
  runDir: string;
}

/**
 * Parses argv, checks the run folder and the lab's resource budget, runs the lab and publishes its report (all or
 * nothing: see publish.ts). Returns undefined when --help was asked for (after printing it). Throws InputError for
 * bad parameters, an unusable --out or a run the machine cannot hold, before anything is written. The scratch and
 * staging folders are removed on every exit path (signals included, see signals.ts).
 */
export async function runLab<P extends ParamSpecs>(
  lab: Lab<P>,
  argv: readonly string[],
  options: RunOptions = {},
): Promise<RunOutcome | undefined> {
  const specs = { ...commonParams, ...lab.params };
  const context = `lab ${lab.id}`;
  const { given } = parseArgv(argv, specs, context);
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const common = resolveParams(commonParams, given, false);
  if (common.help) {
    process.stdout.write(`${helpText(lab)}\n`);
    return undefined;
  }
  const params = resolveParams(lab.params, given, common.quick);
  const runDir = path.resolve(options.out ?? common.out ?? defaultRunDir());
  const labDir = path.join(runDir, labDirName(lab));

  const startedAt = new Date();
  const start = runStart(); // load average and calibration, before the lab adds load
  const t0 = performance.now();
  const created = prepareRunDir(runDir);
  let staged: string;
  try {
    if (lab.budget) checkBudget(`lab ${lab.id}`, lab.budget(params), machineRoom(runDir, os.tmpdir()));
    staged = stageDir(labDir);
  } catch (error) {
    removeCreated(created);
    if (isInputError(error)) throw error;
    throw new InputError(`--out: cannot write in "${runDir}": ${(error as Error).message}`);
  }
  // Folders this run created for --out go again if it ends without a report (an error, Ctrl-C, a kill): registered
  // before the staging folder inside them, so that cleanups (newest first) empty them before removing them.
  const createdCleanup = removeIfEmptyOnExit(created);
  const removeStaged = removeOnExit(staged);
  const scratch = makeScratchDir(lab.id);
  try {
    const result = await lab.run({
      params,
      quick: common.quick,
      seed: common.seed,
      rng: createRng(common.seed),
      outDir: staged,
      scratchDir: scratch.dir,
      log: (m) => log(`  [${lab.id}] ${m}`),
      progress: createProgress,
      partOfAll: options.partOfAll ?? false,
    });
    const charts: Report['charts'] = [];
    for (const chart of result.charts ?? []) {
      const file = `${chart.name}.svg`;
      const warnings: string[] = [];
      writeFileSync(path.join(staged, file), await renderSvg(chart, { warnings }));
      // Vega's own warnings (a channel dropped, a bad scale) become lines of the lab's log, never raw output.
      for (const w of warnings) log(`  [${lab.id}] chart ${chart.name}: ${w}`);
      charts.push(chartEntry(chart, file));
    }
    const report: Report = {
      schema: REPORT_SCHEMA,
      lab: {
        id: lab.id,
        slug: lab.slug,
        title: lab.title,
        ...(lab.question ? { question: lab.question } : {}),
        summary: lab.summary,
      },
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      machine: machineInfo(lab.libraries ?? [], start),
      params: { ...params, seed: common.seed, quick: common.quick },
      results: { tables: result.tables },
      findings: result.findings,
      ...(result.failed?.length ? { failed: result.failed } : {}),
      charts,
      sections: result.sections ?? [],
    };
    writeFileSync(path.join(staged, 'report.md'), reportMarkdown(report));
    writeFileSync(path.join(staged, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    publishLab(staged, labDir, runDir);
    createdCleanup.cancel();
    return { report, dir: labDir, runDir };
  } catch (error) {
    // A failed run leaves the run folder as it found it: no staging folder, and no folder it created itself.
    removeStaged();
    createdCleanup.now();
    throw error;
  } finally {
    removeStaged();
    scratch.remove();
  }
}

/** Exit code of a lab that ran, but a plug-in failed its checks (the report is written and marks it FAILED). */
export const EXIT_PLUGIN_FAILED = 3;

/** Prints an error the way a user should see it; returns the process exit code. */
export function reportError(error: unknown): number {
  if (isInputError(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** Runs one lab as a command: prints where the report went and its findings; returns the exit code. */
export async function runLabCommand<P extends ParamSpecs>(
  lab: Lab<P>,
  argv: readonly string[],
  options: RunOptions = {},
): Promise<number> {
  try {
    const outcome = await runLab(lab, argv, options);
    if (outcome) {
      const rel = path.relative(process.cwd(), outcome.dir);
      const shown = rel.startsWith('..') ? outcome.dir : rel;
      process.stdout.write(
        `Lab ${lab.id} ${lab.slug}: ${(outcome.report.durationMs / 1000).toFixed(1)} s, report in ${shown}/report.md\n`,
      );
      for (const f of outcome.report.findings) process.stdout.write(`  - ${f}\n`);
      if (outcome.report.failed?.length) {
        for (const f of outcome.report.failed) process.stderr.write(`FAILED: ${f}\n`);
        return EXIT_PLUGIN_FAILED;
      }
    }
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

/**
 * Lets a lab file run on its own (`npx tsx labs/03-cache-policies.ts --quick`) when it is the entry script. The lab
 * runs in a supervised child process (see supervisor.ts), so Ctrl-C, SIGTERM or the launcher's death end it at once
 * and leave nothing behind.
 */
export async function runIfMain<P extends ParamSpecs>(moduleUrl: string, lab: Lab<P>): Promise<void> {
  const entry = process.argv[1];
  if (!entry) return;
  let same: boolean;
  try {
    same = realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    same = false;
  }
  if (!same) return;
  if (process.env[SUPERVISED_ENV] !== '1') {
    process.exit(await supervise(process.argv.slice(2)));
  }
  exitWithLaunchers();
  process.exit(await runLabCommand(lab, process.argv.slice(2)));
}

export { InputError };
