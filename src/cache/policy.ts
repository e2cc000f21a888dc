// The one small interface every eviction policy implements (after libCacheSim): a new policy is one file that
// exports a PolicyDefinition. Keys arrive as dense integer ids 0..keySpace-1, so a policy may index typed arrays by
// key instead of hashing. Tests: test/cache/policies.test.ts.
import type { Rng } from '../core/rng.js';

export interface CachePolicy {
  /**
   * One request: returns true on a hit. On a miss the policy decides what to admit and evict; it must never hold
   * more than `capacity` keys.
   */
  access(key: number): boolean;
}

export interface PolicyEnv {
  /** Keys are 0..keySpace-1. */
  keySpace: number;
  /** Seeded randomness, for policies that choose at random. */
  rng: Rng;
  /** The whole request sequence, for offline policies (Belady's OPT) that look into the future. */
  trace: Int32Array;
}

export interface PolicyDefinition {
  /** Short lower-case name used on the command line and in reports, e.g. "lru". */
  name: string;
  /** One line for the handout and --help. */
  description: string;
  create(capacity: number, env: PolicyEnv): CachePolicy;
}
