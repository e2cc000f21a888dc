// Lab 01's experiment: loads a student's backend file if one is given, plans the timing (quick or full), and runs
// every backend through src/compute/run.ts. Plain results out; src/compute/report.ts turns them into the report.
// Tests: test/compute/lab.test.ts.
import type { LabContext } from '../core/lab.js';
import type { ComputeParams, computeParams } from './params.js';
import type { ComputeResults } from './run.js';

export interface ComputeExperiment {
  results: ComputeResults;
  /** The names of the student's backends (from --backend-file), which are checked for correctness. */
  studentBackends: string[];
}

export async function computeExperiment(
  params: ComputeParams,
  ctx: LabContext<typeof computeParams>,
): Promise<ComputeExperiment> {
  // Loaded lazily, so `syslab list` does not load the tensor libraries.
  const { runAll, plannedTicks } = await import('./run.js');
  const { loadBackendFile } = await import('./backends/load-file.js');
  const extraBackends = params.backendFile ? [await loadBackendFile(params.backendFile)] : [];
  const plan = {
    ...params,
    extraBackends,
    timing: ctx.quick
      ? { warmup: 1, repeats: params.repeats, minSeconds: 0.02, maxRepeats: 50, maxSeconds: 1 }
      : { warmup: 1, repeats: params.repeats, minSeconds: 0.25, maxRepeats: 500, maxSeconds: 10 },
    randomFor: (label: string) => {
      const rng = ctx.rng.fork(label);
      return () => rng.next();
    },
  };
  const bar = ctx.progress('measuring', plannedTicks(plan));
  const results = await runAll(plan, { log: ctx.log, tick: () => bar.tick() });
  bar.done();
  return { results, studentBackends: extraBackends.map((b) => b.name) };
}
