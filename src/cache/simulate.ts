// Replays a trace through a policy and counts hits. Hit rate is hits over all requests, cold misses included,
// as libCacheSim counts it. Tests: test/cache/policies.test.ts.
import { createRng } from '../core/rng.js';
import { defaultParams, type PolicyDefinition } from './policy.js';
import type { Trace } from './trace.js';

export interface SimResult {
  requests: number;
  hits: number;
  hitRate: number;
}

/**
 * Replays `trace` through a new `policy` cache of `capacity` slots and counts hits. `params` sets the policy's
 * declared parameters (each defaults to its declared default); `seed` feeds policies that choose at random.
 */
export function simulate(
  policy: PolicyDefinition,
  capacity: number,
  trace: Trace,
  seed = 1,
  params: Readonly<Record<string, number>> = defaultParams(policy),
): SimResult {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new Error(`cache capacity must be a positive integer, got ${capacity}`);
  const cache = policy.create(capacity, {
    keySpace: trace.keySpace,
    rng: createRng(seed).fork(policy.name),
    trace: trace.keys,
    params,
  });
  const keys = trace.keys;
  let hits = 0;
  for (let i = 0; i < keys.length; i++) if (cache.access(keys[i])) hits++;
  return { requests: keys.length, hits, hitRate: keys.length === 0 ? 0 : hits / keys.length };
}

/** Average access time for a hit rate, given the hit and miss latencies. */
export function averageAccessNs(hitRate: number, hitNs: number, missNs: number): number {
  return hitRate * hitNs + (1 - hitRate) * missNs;
}

/**
 * Checks the rule every policy must keep, never more than `capacity` keys: replays `trace`, then asks once for every
 * key of the key space. A key admitted during that pass is never asked again, so each hit in the pass is a key that
 * was cached when the pass began. Returns those hits: more than `capacity` means the policy held too many keys.
 */
export function keysHeldAfter(
  policy: PolicyDefinition,
  capacity: number,
  trace: Trace,
  seed = 1,
  params: Readonly<Record<string, number>> = defaultParams(policy),
): number {
  const keys = new Int32Array(trace.keys.length + trace.keySpace);
  keys.set(trace.keys);
  for (let k = 0; k < trace.keySpace; k++) keys[trace.keys.length + k] = k;
  const cache = policy.create(capacity, {
    keySpace: trace.keySpace,
    rng: createRng(seed).fork(policy.name),
    trace: keys,
    params,
  });
  let held = 0;
  for (let i = 0; i < keys.length; i++) {
    const hit = cache.access(keys[i]);
    if (hit && i >= trace.keys.length) held++;
  }
  return held;
}
