// Sandbox entry (src/core/sandbox.ts) for a student's cache policy: imports the policy file inside the worker, checks
// its shape, and runs whole jobs there (simulations, the capacity check, the throughput timing), since access() is
// called millions of times and may loop. Every create() and access() call goes through the guard, and an access()
// that returns anything but true or false is a one-line error naming the file and method.
// Tests: test/cache/load-policy.test.ts.
import { importPlugin, PluginError, describeValue, errorLine, pluginLabel } from '../core/plugin.js';
import type { Guard } from '../core/sandbox.js';
import { measureSync } from '../core/timing.js';
import type { Summary } from '../core/stats.js';
import type { CachePolicy, PolicyDefinition, PolicyEnv } from './policy.js';
import { keysHeldAfter, simulate, type SimResult } from './simulate.js';
import type { Trace } from './trace.js';

/** One piece of work on the student's policy. */
export type PolicyJob =
  | { kind: 'simulate'; trace: Trace; capacity: number; seed: number }
  | { kind: 'held'; trace: Trace; capacity: number; seed: number }
  | { kind: 'throughput'; trace: Trace; capacity: number; seed: number; warmup: number; repeats: number };

export type PolicyJobResult = SimResult | { held: number } | { seconds: Summary };

export interface PolicyWorkerInput {
  file: string;
  /** Names the policy may not use (the built-ins). */
  reserved: readonly string[];
  jobs: readonly PolicyJob[];
}

export interface PolicyWorkerOutput {
  name: string;
  description: string;
  results: PolicyJobResult[];
}

export const POLICY_EXPECTED =
  'export default { name, description, create(capacity, env) } (see labs/03-cache-policies.md)';

/** Checks the default export and returns a PolicyDefinition whose create() and access() run under the guard. */
export function guardedPolicy(
  exported: unknown,
  file: string,
  guard: Guard,
  reserved: readonly string[],
): PolicyDefinition {
  const label = pluginLabel('policy', file);
  const candidate = exported as Partial<PolicyDefinition> | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.name !== 'string' || candidate.name === '')
    throw new PluginError(`${label}: its default export is ${describeValue(exported)}; expected ${POLICY_EXPECTED}`);
  if (typeof candidate.create !== 'function')
    throw new PluginError(
      `${label}: policy "${candidate.name}" has no create(capacity, env) method; expected ${POLICY_EXPECTED}`,
    );
  if (reserved.includes(candidate.name))
    throw new PluginError(
      `${label} names its policy "${candidate.name}", which a built-in policy already uses; choose another name`,
    );
  const create = candidate.create.bind(candidate);
  const createId = guard.id('create');
  const accessId = guard.id('access');
  return {
    ...candidate,
    name: candidate.name,
    description: typeof candidate.description === 'string' ? candidate.description : 'student policy',
    create(capacity: number, env: PolicyEnv): CachePolicy {
      let cache: Partial<CachePolicy> | undefined | null;
      guard.enter(createId);
      try {
        cache = create(capacity, env);
      } catch (error) {
        throw new PluginError(`${label}: create() threw: ${errorLine(error)}`);
      } finally {
        guard.leave();
      }
      if (!cache || typeof cache.access !== 'function')
        throw new PluginError(
          `${label}: create() returned ${describeValue(cache)}; expected an object with access(key)`,
        );
      const access = cache.access.bind(cache);
      return {
        access(key: number): boolean {
          let hit: unknown;
          guard.enter(accessId);
          try {
            hit = access(key);
          } catch (error) {
            throw new PluginError(`${label}: access(${key}) threw: ${errorLine(error)}`);
          } finally {
            guard.leave();
          }
          if (hit !== true && hit !== false)
            throw new PluginError(
              `${label}: access(${key}) returned ${describeValue(hit)}; expected true (a hit) or false`,
            );
          return hit;
        },
      };
    },
  };
}

export default async function run(input: PolicyWorkerInput, guard: Guard): Promise<PolicyWorkerOutput> {
  const exported = await importPlugin('policy', input.file, POLICY_EXPECTED, guard);
  const policy = guardedPolicy(exported, input.file, guard, input.reserved);
  const results = input.jobs.map((job): PolicyJobResult => {
    if (job.kind === 'simulate') return simulate(policy, job.capacity, job.trace, job.seed);
    if (job.kind === 'held') return { held: keysHeldAfter(policy, job.capacity, job.trace, job.seed) };
    return {
      seconds: measureSync(() => simulate(policy, job.capacity, job.trace, job.seed), {
        warmup: job.warmup,
        repeats: job.repeats,
      }),
    };
  });
  return { name: policy.name, description: policy.description, results };
}
