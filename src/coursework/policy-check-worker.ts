// Sandbox entry of lab 03's checks on a student's cache policy: loads the policy (guarded, as in the lab) and runs
// the named checks one after another, reporting each outcome as it finishes (see checks.ts for what happens when the
// policy loops). Checks: capacity (never more keys than slots, on seeded Zipf traces), worked-traces (the handout's
// known answers), never-beats-opt (hits never above Belady's OPT), deterministic (the same seed gives the same hits),
// hidden-trace (hit rate within a tolerance of the reference policy on the instructor's traces).
// Tests: test/coursework/policy-checks.test.ts.
import path from 'node:path';
import { errorLine, importPlugin } from '../core/plugin.js';
import { createRng } from '../core/rng.js';
import type { Guard } from '../core/sandbox.js';
import { guardedPolicy, POLICY_EXPECTED } from '../cache/policy-worker.js';
import { builtinPolicies } from '../cache/policies/index.js';
import type { PolicyDefinition } from '../cache/policy.js';
import { keysHeldAfter, simulate } from '../cache/simulate.js';
import { readTrace, traceFromKeys, type Trace } from '../cache/trace.js';
import { zipfTrace } from '../cache/workloads.js';
import type { CheckOutcome } from './checks.js';

export interface PolicyCheckInput {
  file: string;
  checks: readonly string[];
  workedTraces: readonly { name: string; keys: number[]; capacity: number; hits: number }[];
  /** A built-in policy's name, or an absolute path to the reference file. */
  reference: string;
  tolerance: number;
  sizes: readonly number[];
  /** Absolute paths of the instructor's hidden traces; none: a seeded public Zipf trace. */
  hiddenTraces: readonly string[];
}

/** Seeds and sizes of the capacity check: 10 Zipf traces of 2,000 requests over 300 keys, 4 capacities. */
export const CAPACITY_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
export const CAPACITY_SIZES = [1, 4, 16, 64];

const builtins = builtinPolicies as Record<string, PolicyDefinition>;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

async function reference(input: PolicyCheckInput): Promise<PolicyDefinition> {
  const builtin = builtins[input.reference];
  if (builtin) return builtin;
  return (await importPlugin('policy', input.reference, POLICY_EXPECTED)) as PolicyDefinition;
}

function publicTrace(): Trace {
  return { ...zipfTrace(2000, 50_000, 0.9, createRng(2024)), name: 'zipf-2000-keys (public)' };
}

/** A hidden trace file, in any format the lab reads. */
function hiddenTrace(file: string): Trace {
  const loaded = readTrace(file) as Trace | { trace: Trace };
  return 'trace' in loaded ? loaded.trace : loaded;
}

type Check = (policy: PolicyDefinition, input: PolicyCheckInput) => Promise<Omit<CheckOutcome, 'name'>>;

const CHECKS: Record<string, Check> = {
  capacity: (policy) => {
    for (const seed of CAPACITY_SEEDS) {
      const trace = zipfTrace(300, 2000, 0.8, createRng(seed));
      for (const capacity of CAPACITY_SIZES) {
        const held = keysHeldAfter(policy, capacity, trace, seed);
        if (held > capacity)
          return Promise.resolve({
            passed: false,
            output: `held at least ${held} keys in a cache of ${capacity} (Zipf trace, seed ${seed})`,
          });
      }
    }
    return Promise.resolve({
      passed: true,
      output: `never held more keys than its capacity (${CAPACITY_SEEDS.length} traces x capacities ${CAPACITY_SIZES.join(', ')})`,
    });
  },
  'worked-traces': (policy, input) => {
    const wrong: string[] = [];
    for (const w of input.workedTraces) {
      const hits = simulate(policy, w.capacity, traceFromKeys(w.name, w.keys), 1).hits;
      if (hits !== w.hits) wrong.push(`"${w.name}": ${hits} hits, expected ${w.hits}`);
    }
    return Promise.resolve(
      wrong.length
        ? { passed: false, output: wrong.join('; ') }
        : { passed: true, output: `${input.workedTraces.length} worked trace(s) give the known hit counts` },
    );
  },
  'never-beats-opt': (policy) => {
    for (const seed of [11, 12, 13, 14, 15]) {
      const trace = zipfTrace(500, 5000, 0.9, createRng(seed));
      for (const capacity of [5, 50]) {
        const hits = simulate(policy, capacity, trace, seed).hits;
        const best = simulate(builtinPolicies.opt, capacity, trace, seed).hits;
        if (hits > best)
          return Promise.resolve({
            passed: false,
            output:
              `${hits} hits where Belady's OPT, the most possible, has ${best} (capacity ${capacity}, seed ${seed}): ` +
              'it must hold more keys than its capacity',
          });
      }
    }
    return Promise.resolve({ passed: true, output: "never more hits than Belady's OPT (5 traces x 2 capacities)" });
  },
  deterministic: (policy) => {
    const trace = zipfTrace(500, 5000, 0.9, createRng(21));
    const first = simulate(policy, 50, trace, 7).hits;
    const second = simulate(policy, 50, trace, 7).hits;
    return Promise.resolve(
      first === second
        ? { passed: true, output: `the same seed gave the same ${first} hits twice` }
        : { passed: false, output: `the same seed gave ${first} then ${second} hits: use env.rng, never Math.random` },
    );
  },
  'hidden-trace': async (policy, input) => {
    const ref = await reference(input);
    const traces = input.hiddenTraces.length ? input.hiddenTraces.map(hiddenTrace) : [publicTrace()];
    const lines: string[] = [];
    let passed = true;
    for (const trace of traces) {
      for (const size of input.sizes) {
        const own = simulate(policy, size, trace, 1).hitRate;
        const theirs = simulate(ref, size, trace, 1).hitRate;
        const ok = Math.abs(own - theirs) <= input.tolerance;
        passed &&= ok;
        if (!ok)
          lines.push(`${path.basename(trace.name)} at ${size} slots: ${pct(own)} against ${ref.name}'s ${pct(theirs)}`);
      }
    }
    return passed
      ? {
          passed,
          output: `hit rate within ${pct(input.tolerance)} of ${ref.name} on ${traces.length} trace(s) x ${input.sizes.length} size(s)`,
        }
      : { passed, output: `more than ${pct(input.tolerance)} from the reference: ${lines.join('; ')}` };
  },
};

export const POLICY_CHECKS = Object.keys(CHECKS);

export default async function run(input: PolicyCheckInput, guard: Guard): Promise<void> {
  const exported = await importPlugin('policy', input.file, POLICY_EXPECTED, guard);
  const policy = guardedPolicy(exported, input.file, guard, []);
  for (const name of input.checks) {
    const check = CHECKS[name];
    let outcome: Omit<CheckOutcome, 'name'>;
    if (!check) outcome = { passed: false, output: `no such check; known: ${POLICY_CHECKS.join(', ')}` };
    else {
      try {
        outcome = await check(policy, input);
      } catch (error) {
        outcome = { passed: false, output: errorLine(error) };
      }
    }
    guard.report({ name, ...outcome });
  }
}
