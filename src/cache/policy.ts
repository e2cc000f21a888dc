// The one small interface every eviction policy implements (after libCacheSim): a new policy is one file that
// exports a PolicyDefinition. Keys arrive as dense integer ids 0..keySpace-1, so a policy may index typed arrays by
// key instead of hashing. A policy may declare numeric parameters (S3-FIFO's small-queue share, say); the command
// line sets them as `--policies s3fifo:small=0.2,threshold=1` (parsed by policy-spec.ts).
// Tests: test/cache/policies.test.ts, test/cache/policy-spec.test.ts.
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
  /** The value of every parameter the policy declares (its default unless the command line set it). */
  params: Readonly<Record<string, number>>;
}

/** One numeric parameter a policy declares: its default and the range the command line may set. */
export interface PolicyParam {
  default: number;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** One line for --help and the handout. */
  description: string;
}

export interface PolicyDefinition {
  /** Short lower-case name used on the command line and in reports, e.g. "lru". */
  name: string;
  /** One line for the handout and --help. */
  description: string;
  /** Parameters by name (lower-case words), read in `create` from env.params. */
  params?: Readonly<Record<string, PolicyParam>>;
  create(capacity: number, env: PolicyEnv): CachePolicy;
}

/** Every declared parameter at its default: what a policy gets when the command line sets none. */
export function defaultParams(policy: Pick<PolicyDefinition, 'params'>): Record<string, number> {
  return Object.fromEntries(Object.entries(policy.params ?? {}).map(([name, param]) => [name, param.default]));
}
