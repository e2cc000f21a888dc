// The built-in policies, by name. A student's own policy is loaded from a file by load-policy.ts.
// Tests: test/cache/policies.test.ts.
import type { PolicyDefinition } from '../policy.js';
import { arc } from './arc.js';
import { clock } from './clock.js';
import { fifo } from './fifo.js';
import { lfu } from './lfu.js';
import { lru } from './lru.js';
import { opt } from './opt.js';
import { random } from './random.js';
import { s3fifo } from './s3fifo.js';
import { sieve } from './sieve.js';

export const builtinPolicies = { fifo, lru, random, clock, lfu, sieve, s3fifo, arc, opt } satisfies Record<
  string,
  PolicyDefinition
>;
export type BuiltinPolicyName = keyof typeof builtinPolicies;
export const builtinPolicyNames = Object.keys(builtinPolicies) as BuiltinPolicyName[];
