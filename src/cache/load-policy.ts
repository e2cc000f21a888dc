// Loads a student's policy file (--policy-file my-policy.ts): its default export (or an export named `policy`)
// must be a PolicyDefinition. Tests: test/cache/load-policy.test.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../core/errors.js';
import type { PolicyDefinition } from './policy.js';

export async function loadPolicyFile(file: string): Promise<PolicyDefinition> {
  const full = path.resolve(file);
  if (!existsSync(full)) throw new InputError(`policy file "${file}" does not exist`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`policy file "${file}" failed to load: ${(error as Error).message.split('\n')[0]}`);
  }
  const candidate = (mod.default ?? mod.policy) as Partial<PolicyDefinition> | undefined;
  if (!candidate || typeof candidate.name !== 'string' || typeof candidate.create !== 'function') {
    throw new InputError(`policy file "${file}" must export default { name, description, create(capacity, env) } (see labs/03-cache-policies.md)`);
  }
  return { description: 'student policy', ...candidate } as PolicyDefinition;
}
