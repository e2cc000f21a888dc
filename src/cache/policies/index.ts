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
/** Every built-in policy's name, in the order reports list them. */
export const BUILTIN_POLICY_NAMES = Object.keys(builtinPolicies) as BuiltinPolicyName[];
/** Policies that read the future (PolicyEnv.trace): bounds, not candidates. */
export const OFFLINE_POLICY_NAMES: readonly string[] = ['opt'];
/** @deprecated The old name, kept until test/cache/load-policy.test.ts moves to BUILTIN_POLICY_NAMES. */
export const builtinPolicyNames = BUILTIN_POLICY_NAMES;
