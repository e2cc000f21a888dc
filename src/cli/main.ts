// The syslab command: run labs, list them, compare two runs, inspect protobuf bytes.
// `npm run lab -- <lab>` is `syslab run <lab>`. Tests: test/core/cli.test.ts, test/faults/*.test.ts.
import { findLabs, labEntries, loadLab } from '../core/registry.js';
import { defaultRunDir, reportError, runLabCommand } from '../core/lab.js';
import { InputError } from '../core/errors.js';
import { commonParams, parseArgv, resolveParams } from '../core/params.js';
import path from 'node:path';
import { exitWithLaunchers, SUPERVISED_ENV } from '../core/signals.js';
import { supervise } from '../core/supervisor.js';

const USAGE = `syslab: a workbench of labs that measure how this machine's resources behave.

Usage:
  syslab run <lab|all> [options]     run a lab (by number 3 or 03, or slug), or every lab; --help after <lab> lists its options
  syslab list                         the labs, with one line each
  syslab compare <runA> <runB> ...    compare runs (name=run for more than two; --class <folder> for a class); see --help
  syslab check <lab> --<kind>-file F  run the assignment's checks on your plug-in (--hidden DIR, --results results.json)
  syslab questions <lab>              the handout's questions as an answers.md template
  syslab submit <lab> --run <dir>     zip report, plug-in sources (SHA-256), answers, version and machine for hand-in
  syslab verify <submission.zip>      re-run the deterministic parts and flag any exact metric that differs
  syslab grade <folder>               check every submission in a folder: --csv grades.csv, --hidden DIR
  syslab proto inspect ...            annotated dump of protobuf bytes (see: syslab proto inspect --help)

npm scripts: npm run lab -- <lab> [options]   (same as syslab run)
Examples:
  npm run lab -- all --quick
  npm run lab -- 03 --quick --sizes 10,100,1000
  npx syslab compare reports/RUN-A reports/RUN-B`;

async function list(): Promise<number> {
  for (const entry of labEntries()) {
    const lab = await loadLab(entry);
    process.stdout.write(`${lab.id}  ${lab.slug.padEnd(18)} ${lab.title}: ${lab.summary}\n`);
  }
  return 0;
}

async function run(args: string[]): Promise<number> {
  const [query, ...rest] = args;
  if (!query || query === '--help' || query === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return query ? 0 : 2;
  }
  const entries = findLabs(query);
  if (entries.length === 1) return runLabCommand(await loadLab(entries[0]), rest);
  // `all`: one run folder for every lab, only the common options, checked once before any lab starts.
  const common = resolveParams(commonParams, parseArgv(rest, commonParams, 'run all').given, false);
  if (common.help) {
    process.stdout.write(
      [
        'Usage: npm run lab -- all [--quick] [--seed <n>] [--out <dir>]',
        'Runs every lab into one run folder. Lab-specific options need a single lab: npm run lab -- <lab> --help',
        '',
      ].join('\n'),
    );
    return 0;
  }
  const out = common.out ?? defaultRunDir();
  const forwarded = [...(common.quick ? ['--quick'] : []), '--seed', String(common.seed)];
  const t0 = performance.now();
  let failed = 0;
  for (const entry of entries) {
    const code = await runLabCommand(await loadLab(entry), forwarded, { out, partOfAll: true });
    if (code !== 0) failed++;
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  process.stdout.write(
    `\n${entries.length - failed} of ${entries.length} labs done in ${seconds} s. Open ${path.join(out, 'index.html')}\n`,
  );
  return failed ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'run':
        return await run(args);
      case 'list':
        return await list();
      case 'check':
        return await (await import('./check-command.js')).checkCommand(args);
      case 'questions':
        return await (await import('./questions-command.js')).questionsCommand(args);
      case 'submit':
        return await (await import('./submit-command.js')).submitCommand(args);
      case 'verify':
        return await (await import('./verify-command.js')).verifyCommand(args);
      case 'grade':
        return await (await import('./grade-command.js')).gradeCommand(args);
      case 'compare': {
        const { compareCommand } = await import('./compare-command.js');
        return await compareCommand(args);
      }
      case 'proto': {
        const { protoInspectCli } = await import('../protobuf/inspect-cli.js');
        const [sub, ...rest] = args;
        if (sub !== 'inspect') throw new InputError(`proto: unknown subcommand "${sub ?? ''}"; allowed: inspect`);
        return await protoInspectCli(rest);
      }
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new InputError(
          `unknown command "${command}"; allowed: run, list, compare, proto, check, questions, submit, verify, grade`,
        );
    }
  } catch (error) {
    return reportError(error);
  }
}

/**
 * The entry point. `run` is supervised: the labs run in a child process (supervisor.ts) so that a signal, or the death
 * of `npm run lab`, stops them at once and leaves no scratch folder, staging folder or process behind. Other commands
 * run here, ending cleanly on a signal too.
 */
async function entry(argv: string[]): Promise<number> {
  if (argv[0] === 'run' && process.env[SUPERVISED_ENV] !== '1') {
    try {
      return await supervise(argv);
    } catch (error) {
      return reportError(error);
    }
  }
  exitWithLaunchers();
  return main(argv);
}

// Exit explicitly: a lab may leave a worker or native handle behind, and the command must still end.
process.exit(await entry(process.argv.slice(2)));
