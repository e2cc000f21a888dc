// A student's policy file (--policy-file my-policy.ts), run only inside a sandbox worker (src/core/sandbox.ts) so a
// loop, a throw or a wrong return is one line naming the file and method, never a hang. loadPolicyFile() checks the
// file once (it loads, has a fresh name, never holds more keys than its capacity); runPolicyFile() runs the lab's jobs
// on it. Tests: test/cache/load-policy.test.ts.
import { PluginError, pluginLabel } from '../core/plugin.js';
import { runSandboxed } from '../core/sandbox.js';
import { createRng } from '../core/rng.js';
import type { PolicyJob, PolicyJobResult, PolicyWorkerInput, PolicyWorkerOutput } from './policy-worker.js';
import type { SimResult } from './simulate.js';
import type { Trace } from './trace.js';
import { zipfTrace } from './workloads.js';
import type { Summary } from '../core/stats.js';

const ENTRY = new URL('./policy-worker.ts', import.meta.url);

export interface PolicyLimits {
  /** The longest one create() or access() call may take (default 2 s). */
  callMs?: number;
  /** The longest the whole run may take (default 10 minutes). */
  runMs?: number;
  /** The longest the file's top level may run while it loads (default 10 s). */
  loadMs?: number;
}

/** Runs `jobs` on the policy in `file` inside a fresh worker; PluginError names the file and method on any fault. */
export function runPolicyFile(
  file: string,
  jobs: readonly PolicyJob[],
  reserved: readonly string[] = [],
  limits: PolicyLimits = {},
): Promise<PolicyWorkerOutput> {
  const input: PolicyWorkerInput = { file, reserved, jobs };
  return runSandboxed<PolicyWorkerOutput>(ENTRY, input, {
    label: pluginLabel('policy', file),
    callMs: limits.callMs ?? 2000,
    runMs: limits.runMs ?? 600_000,
    loadMs: limits.loadMs ?? 10_000,
  });
}

/** The capacity check's trace: 4,000 Zipf requests over 400 keys (seed 1), replayed at capacities 1, 10 and 100. */
export function capacityJobs(): PolicyJob[] {
  const trace = zipfTrace(400, 4000, 0.8, createRng(1));
  return [1, 10, 100].map((capacity) => ({ kind: 'held', trace, capacity, seed: 1 }));
}

/** A loaded and checked student policy: its name and description, and a way to run jobs on it. */
export interface StudentPolicy {
  file: string;
  name: string;
  description: string;
  /** Hit counts of each (trace, capacity) pair, in order, run in one worker. */
  simulate(runs: readonly { trace: Trace; capacity: number }[], seed: number): Promise<SimResult[]>;
  /** Simulator speed, timed inside the worker with the core timing engine. */
  throughput(trace: Trace, capacity: number, seed: number, warmup: number, repeats: number): Promise<Summary>;
}

/**
 * Loads and checks a policy file in a sandbox: it must load, export a PolicyDefinition whose name is not in
 * `reservedNames`, and never hold more keys than its capacity. Throws PluginError (an InputError) otherwise.
 */
export async function loadPolicyFile(
  file: string,
  reservedNames: readonly string[] = [],
  limits: PolicyLimits = {},
): Promise<StudentPolicy> {
  const jobs = capacityJobs();
  const checked = await runPolicyFile(file, jobs, reservedNames, limits);
  checked.results.forEach((result, i) => {
    const { held } = result as { held: number };
    const capacity = jobs[i].capacity;
    if (held > capacity)
      throw new PluginError(
        `${pluginLabel('policy', file)}: policy "${checked.name}" held at least ${held} keys in a cache of ${capacity}; ` +
          'it must evict before admitting when full',
      );
  });
  const run = (more: PolicyJob[]): Promise<PolicyJobResult[]> =>
    runPolicyFile(file, more, reservedNames, limits).then((out) => out.results);
  return {
    file,
    name: checked.name,
    description: checked.description,
    simulate: async (runs, seed) =>
      (await run(runs.map((r) => ({ kind: 'simulate', trace: r.trace, capacity: r.capacity, seed })))) as SimResult[],
    throughput: async (trace, capacity, seed, warmup, repeats) =>
      ((await run([{ kind: 'throughput', trace, capacity, seed, warmup, repeats }]))[0] as { seconds: Summary })
        .seconds,
  };
}
