// Loads a student's policy file (--policy-file my-policy.ts): its default export (or an export named `policy`)
// must be a PolicyDefinition with a name of its own, and it must never hold more keys than its capacity.
// Tests: test/cache/load-policy.test.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import type { PolicyDefinition } from './policy.js';
import { keysHeldAfter } from './simulate.js';
import { zipfTrace } from './workloads.js';

/** Loads and checks a policy; `reservedNames` (the built-ins) may not be reused, so report rows stay distinct. */
export async function loadPolicyFile(file: string, reservedNames: readonly string[] = []): Promise<PolicyDefinition> {
  const full = path.resolve(file);
  if (!existsSync(full)) throw new InputError(`policy file "${file}" does not exist`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
  } catch (error) {
    // esbuild's message starts with "Transform failed with 1 error:"; the line after it says what and where.
    const lines = String((error as Error).message)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const cause = lines.find((l) => !/failed with \d+ errors?:$/.test(l)) ?? lines[0] ?? 'unknown error';
    throw new InputError(`policy file "${file}" failed to load: ${cause}`);
  }
  const candidate = (mod.default ?? mod.policy) as Partial<PolicyDefinition> | undefined;
  if (!candidate || typeof candidate.name !== 'string' || typeof candidate.create !== 'function') {
    throw new InputError(
      `policy file "${file}" must export default { name, description, create(capacity, env) } (see labs/03-cache-policies.md)`,
    );
  }
  if (reservedNames.includes(candidate.name)) {
    throw new InputError(
      `policy file "${file}" names its policy "${candidate.name}", which a built-in policy already uses; choose another name`,
    );
  }
  const policy = { description: 'student policy', ...candidate } as PolicyDefinition;
  assertKeepsCapacity(policy, file);
  return policy;
}

/** A quick replay that catches a policy holding more keys than its capacity (see keysHeldAfter). */
function assertKeepsCapacity(policy: PolicyDefinition, file: string): void {
  const trace = zipfTrace(400, 4000, 0.8, createRng(1));
  for (const capacity of [1, 10, 100]) {
    const held = keysHeldAfter(policy, capacity, trace);
    if (held > capacity) {
      throw new InputError(
        `policy file "${file}": policy "${policy.name}" held at least ${held} keys in a cache of ${capacity}; it must evict before admitting when full`,
      );
    }
  }
}
