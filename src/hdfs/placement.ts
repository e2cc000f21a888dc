// Where a block's replicas go: the pluggable placement strategy (Hadoop's BlockPlacementPolicy) behind one small
// interface, with HDFS's default rack-aware rule, a random one and a round-robin one. The NameNode calls it for every
// new block and again when it re-replicates. Tests: test/hdfs/placement.test.ts.
import { InputError, type Rng } from '../core/index.js';
import type { DataNodeInfo } from './topology.js';

/** What the NameNode asks a placement policy. */
export interface PlacementRequest {
  blockId: number;
  /** How many new targets to return. */
  replicas: number;
  /** The block's replication factor: chosen.length + replicas when the cluster is large enough. */
  totalReplicas: number;
  /** The writing client when it runs on a DataNode (HDFS puts the first replica there); undefined outside. */
  writer?: DataNodeInfo;
  /** Nodes that already hold a good replica (when re-replicating); they count toward the rack rules. */
  chosen: readonly DataNodeInfo[];
  /** Live nodes that may take a new replica (none holds this block yet), sorted by name. */
  candidates: readonly DataNodeInfo[];
  /** Number of racks with live DataNodes. */
  racks: number;
  /** Seeded random numbers: use these, never Math.random, so one seed gives one placement. */
  rng: Rng;
}

/**
 * A placement policy. chooseTargets returns up to `replicas` distinct names from `candidates`; fewer when the
 * cluster cannot satisfy the request (the block is then under-replicated, as in HDFS).
 */
export interface PlacementPolicy {
  readonly name: string;
  chooseTargets(request: PlacementRequest): string[];
}

/** A fresh policy per cluster, so stateful policies (round-robin) start from the same place every run. */
export type PlacementFactory = () => PlacementPolicy;

/**
 * Hadoop's cap: at most (r - 1) / racks + 2 replicas of one block per rack, minus one if that would allow all r on one
 * rack.
 */
export function maxReplicasPerRack(totalReplicas: number, racks: number): number {
  if (racks <= 1 || totalReplicas <= 1) return totalReplicas;
  const max = Math.floor((totalReplicas - 1) / racks) + 2;
  return max === totalReplicas ? max - 1 : max;
}

/**
 * HDFS's default rule (BlockPlacementPolicyDefault), one replica at a time:
 * 1. The first replica goes on the writer's node when the writer is a live DataNode, else on a random node.
 * 2. The second goes on a random node of a different rack than the first (the same rack only if no other rack has
 *    room).
 * 3. The third: if the first two share a rack, a node on another rack; otherwise another node on the second's rack
 *    (a random node when that rack has no other candidate).
 * 4. Further replicas go on random nodes.
 * Throughout: never two replicas on one node, and at most maxReplicasPerRack(r, racks) replicas per rack.
 * Re-replication continues from the replicas that survive, so rules 2 and 3 apply to the nodes already chosen.
 */
export function defaultPolicy(): PlacementPolicy {
  return {
    name: 'default',
    chooseTargets(req) {
      const placed: DataNodeInfo[] = [...req.chosen];
      const perRack = new Map<string, number>();
      for (const n of placed) perRack.set(n.rack, (perRack.get(n.rack) ?? 0) + 1);
      const cap = maxReplicasPerRack(req.totalReplicas, req.racks);
      const picked = new Set<string>();
      const fits = (n: DataNodeInfo) => !picked.has(n.name) && (perRack.get(n.rack) ?? 0) < cap;
      const randomWhere = (where: (n: DataNodeInfo) => boolean): DataNodeInfo | undefined => {
        const pool = req.candidates.filter((n) => fits(n) && where(n));
        return pool.length ? req.rng.pick(pool) : undefined;
      };
      const anywhere = () => true;
      const results: string[] = [];
      while (results.length < req.replicas) {
        let next: DataNodeInfo | undefined;
        const [first, second] = placed;
        if (first === undefined) {
          const writer = req.writer && req.candidates.find((n) => n.name === req.writer?.name);
          next = writer && fits(writer) ? writer : randomWhere(anywhere); // rule 1
        } else if (second === undefined) {
          next = randomWhere((n) => n.rack !== first.rack) ?? randomWhere(anywhere); // rule 2
        } else if (placed.length === 2) {
          next =
            first.rack === second.rack
              ? (randomWhere((n) => n.rack !== first.rack) ?? randomWhere(anywhere)) // rule 3, first two share a rack
              : (randomWhere((n) => n.rack === second.rack) ?? randomWhere(anywhere)); // rule 3
        } else {
          next = randomWhere(anywhere); // rule 4
        }
        if (next === undefined) break;
        placed.push(next);
        picked.add(next.name);
        perRack.set(next.rack, (perRack.get(next.rack) ?? 0) + 1);
        results.push(next.name);
      }
      return results;
    },
  };
}

/** Rack-blind: `replicas` distinct candidates drawn uniformly at random. */
export function randomPolicy(): PlacementPolicy {
  return {
    name: 'random',
    chooseTargets(req) {
      return req.rng
        .shuffle([...req.candidates])
        .slice(0, req.replicas)
        .map((n) => n.name);
    },
  };
}

/**
 * Rack-blind and deterministic: the k-th request starts at candidate k mod n (in name order) and takes the next
 * `replicas` candidates, wrapping around. Consecutive names share racks, so replicas often share one too.
 */
export function roundRobinPolicy(): PlacementPolicy {
  let requests = 0;
  return {
    name: 'round-robin',
    chooseTargets(req) {
      const n = req.candidates.length;
      if (n === 0) return [];
      const start = requests++ % n;
      const count = Math.min(req.replicas, n);
      return Array.from({ length: count }, (_, i) => req.candidates[(start + i) % n].name);
    },
  };
}

export const BUILTIN_POLICIES = {
  default: defaultPolicy,
  random: randomPolicy,
  'round-robin': roundRobinPolicy,
} as const;
export type BuiltinPolicyName = keyof typeof BUILTIN_POLICIES;
export const BUILTIN_POLICY_NAMES = Object.keys(BUILTIN_POLICIES) as BuiltinPolicyName[];

/**
 * The NameNode's check on what a policy returned (a student's policy may be wrong): distinct live candidates, no
 * more than asked. Throws InputError naming the policy and the bad target.
 */
export function checkTargets(policy: PlacementPolicy, req: PlacementRequest, targets: unknown): DataNodeInfo[] {
  const where = `placement policy "${policy.name}" for block blk_${req.blockId}`;
  if (!Array.isArray(targets))
    throw new InputError(`${where} returned ${typeof targets}; expected an array of DataNode names`);
  if (targets.length > req.replicas)
    throw new InputError(`${where} returned ${targets.length} targets; at most ${req.replicas} were asked for`);
  const byName = new Map(req.candidates.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const candidates = [...byName.keys()].join(', ') || 'none';
  return (targets as unknown[]).map((t) => {
    const node = typeof t === 'string' ? byName.get(t) : undefined;
    if (typeof t !== 'string' || node === undefined) {
      throw new InputError(
        `${where} returned ${JSON.stringify(t)}, which is not one of the candidates (${candidates})`,
      );
    }
    if (seen.has(t)) throw new InputError(`${where} returned "${t}" twice; never two replicas on one node`);
    seen.add(t);
    return node;
  });
}
