// npm run bench [-- --filter <text>] [--time <ms>] [--save <name>] [--compare <name> [--fail-on worse]]
// Runs every bench/*.bench.ts with tinybench, prints each task's median time and rate, and saves or compares a
// baseline in bench/baselines/<name>.json with the same engine as `syslab compare` (U test, Hodges-Lehmann
// interval, Benjamini-Hochberg): tinybench's raw samples are kept in every cell (at most 1000, evenly strided), and
// --filter applies to the baseline's rows too, so a filtered run is compared only with the same tasks.
// A bench file's default export adds tasks to the Bench; an optional `items` export maps a task name to the items
// one iteration processes (e.g. requests simulated), so the table also shows items per second.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { compareRuns, anyWorse, loadReports } from '../src/core/compare.js';
import { comparisonMarkdown } from '../src/core/compare-render.js';
import { reportError } from '../src/core/lab.js';
import { writeFileAtomic } from '../src/core/atomic.js';
import { InputError } from '../src/core/errors.js';
import { machineInfo, runStart } from '../src/core/machine.js';
import { p, parseArgv, resolveParams } from '../src/core/params.js';
import { projectRoot } from '../src/core/paths.js';
import { REPORT_SCHEMA, tableMarkdown, type Report } from '../src/core/report.js';
import { mapSummary, summarize } from '../src/core/stats.js';
import { table, type Row } from '../src/core/table.js';

const options = {
  filter: p.string({ description: 'only bench files or tasks whose name contains this text' }),
  time: p.int({ default: 1000, min: 10, max: 60_000, description: 'milliseconds to sample each task' }),
  save: p.string({ description: 'save the results as baseline bench/baselines/<name>.json' }),
  compare: p.string({ description: 'compare the results with baseline bench/baselines/<name>.json' }),
  threshold: p.number({ default: 0.02, min: 0, max: 10, description: 'relative change that matters when comparing' }),
  failOn: p.enum({
    values: ['never', 'worse'] as const,
    default: 'never',
    description: 'exit 1 when a task got significantly worse than the baseline',
  }),
};

/** Whether a bench file or task passes --filter (the same test for this run and for the baseline). */
const passes = (filter: string | undefined, file: string, task: string) =>
  !filter || file.includes(filter) || task.includes(filter);

const benchDir = path.join(projectRoot, 'bench');
const baselinePath = (name: string) =>
  path.join(benchDir, 'baselines', `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);

async function main(argv: string[]): Promise<number> {
  const opts = resolveParams(options, parseArgv(argv, options, 'bench').given, false);
  if (opts.compare && !existsSync(baselinePath(opts.compare))) {
    throw new InputError(
      `no baseline "${opts.compare}" (looked for ${baselinePath(opts.compare)}); save one with --save ${opts.compare}`,
    );
  }
  const files = readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const rows: Row[] = [];
  const start = runStart();
  const t0 = Date.now();
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(benchDir, file)).href)) as {
      default: (b: Bench) => void | Promise<void>;
      items?: Record<string, number>;
    };
    const bench = new Bench({ time: opts.time, warmupTime: Math.min(200, opts.time), retainSamples: true });
    await mod.default(bench);
    for (const task of [...bench.tasks]) {
      if (!passes(opts.filter, file, task.name)) bench.remove(task.name);
    }
    if (bench.tasks.length === 0) continue;
    process.stderr.write(`bench ${file}: ${bench.tasks.length} tasks\n`);
    await bench.run();
    for (const task of bench.tasks) {
      const r = task.result as { state: string; latency?: { samples?: number[] }; error?: Error };
      if (r.state !== 'completed' || !r.latency?.samples?.length)
        throw new Error(`bench ${file} task "${task.name}" did not complete: ${r.error?.message ?? r.state}`);
      const seconds = summarize(r.latency.samples.map((ms) => ms / 1000));
      const items = mod.items?.[task.name] ?? 1;
      rows.push({
        file,
        task: task.name,
        seconds,
        opsPerSecond: mapSummary(seconds, (s) => 1 / s),
        itemsPerSecond: mapSummary(seconds, (s) => items / s),
      });
    }
  }
  const report: Report = {
    schema: REPORT_SCHEMA,
    lab: { id: 'bench', slug: 'bench', title: 'Micro-benchmarks' },
    startedAt: new Date(t0).toISOString(),
    durationMs: Date.now() - t0,
    machine: machineInfo(['tinybench'], start),
    params: { time: opts.time, ...(opts.filter ? { filter: opts.filter } : {}) },
    findings: [],
    charts: [],
    sections: [],
    results: {
      tables: {
        bench: table({
          title: 'Micro-benchmarks (tinybench)',
          keys: ['file', 'task'],
          rows,
          metrics: {
            seconds: { unit: 's', better: 'lower' },
            opsPerSecond: { unit: 'ops/s', better: 'higher' },
            itemsPerSecond: { unit: 'items/s', better: 'higher' },
          },
        }),
      },
    },
  };
  process.stdout.write(`${tableMarkdown(report.results.tables.bench)}\n`);
  if (opts.save) {
    writeFileAtomic(baselinePath(opts.save), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`saved baseline ${path.relative(process.cwd(), baselinePath(opts.save))}\n`);
  }
  if (opts.compare) {
    const baseline = loadReports(baselinePath(opts.compare)).map((r) => {
      const t = r.results.tables.bench;
      if (!t) return r;
      const rows = t.rows.filter((row) => passes(opts.filter, `${row.file as string}`, `${row.task as string}`));
      // Only the sampling time is a parameter of the measurement (older baselines also stored save/compare).
      const params = { time: r.params.time, ...(opts.filter ? { filter: opts.filter } : {}) };
      return { ...r, params, results: { tables: { ...r.results.tables, bench: { ...t, rows } } } };
    });
    const comparison = compareRuns(
      [
        { name: 'baseline', source: baselinePath(opts.compare), reports: baseline },
        { name: 'now', source: 'this run', reports: [report] },
      ],
      0,
      { threshold: opts.threshold },
    );
    process.stdout.write(`\n${comparisonMarkdown(comparison, { onlyNotable: true })}`);
    if (opts.failOn === 'worse' && anyWorse(comparison)) {
      process.stderr.write(
        `bench: something got significantly worse than baseline ${opts.compare} (--fail-on worse)\n`,
      );
      return 1;
    }
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.exitCode = reportError(error);
}
