// Lab 02: threads, races and locks. Worker threads share memory (SharedArrayBuffer) and race on a counter and on
// bank accounts, a handmade Atomics mutex and lock ordering fix the races, two threads hand a turn back and forth,
// and a piscina pool shows how far CPU-bound work speeds up with threads.
// Parameters: src/concurrency/params.ts. Experiment (rows): src/concurrency/experiment.ts. Report (tables, charts,
// findings): src/concurrency/report.ts. Handout: labs/02-threads.md. Tests: test/concurrency/lab.test.ts.
import { defineLab, runIfMain } from '../src/core/index.js';
import { threadsBudget } from '../src/concurrency/budget.js';
import { runThreadsExperiment } from '../src/concurrency/experiment.js';
import { threadsParams } from '../src/concurrency/params.js';
import { threadsReport } from '../src/concurrency/report.js';
import { lockFailures } from '../src/concurrency/lock-check.js';

const lab = defineLab({
  id: '02',
  slug: 'threads',
  title: 'Threads, races and locks',
  summary:
    'lost updates on shared memory, what atomics, a handmade mutex and lock ordering cost, deadlock, and ' +
    'thread-pool speedup (Amdahl)',
  libraries: ['piscina', 'tsx'],
  params: threadsParams,
  budget: threadsBudget, // memory and disk estimated before any work: src/concurrency/budget.ts
  async run(ctx) {
    // 1. The parts asked for (counter, bank, handoff, pool) on real threads, as rows. Throws InputError for options
    //    that do not fit together, a lock file that does not load, or a run in which nothing finished in --timeout.
    const results = await runThreadsExperiment(ctx.params, ctx);
    // 2. Tables, charts and findings for the parts that ran, every number from this run.
    // A student's lock that let two workers in is FAILED: in its table, first in the findings, and the lab exits 3.
    const failed = lockFailures(ctx.params.lockFile, results.exclusion);
    if (failed.length && results.exclusion) results.exclusion.note = `FAILED ${results.exclusion.note}`.trim();
    const report = threadsReport(results);
    return failed.length
      ? { ...report, failed, findings: [...failed.map((f) => `FAILED: ${f}`), ...report.findings] }
      : report;
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
