// Sandbox entry of lab 06's checks on a student's placement policy: loads it (guarded, as in the lab), then asks it
// to place many blocks on seeded clusters, as the NameNode would, and judges the answers. distinct-nodes: every
// target is a live candidate and no node gets two replicas of a block; rack-rule: HDFS's cap of replicas per rack
// (maxReplicasPerRack) and at least two racks when the cluster has them; balance: after many blocks the most loaded
// node holds at most (1 + balanceTolerance) x the mean. Rules are judged on the distinct targets, so one broken rule
// costs one check. Tests: test/coursework/placement-checks.test.ts.
import { createRng } from '../core/rng.js';
import { errorLine } from '../core/plugin.js';
import type { Guard } from '../core/sandbox.js';
import { maxReplicasPerRack, type PlacementPolicy } from '../hdfs/placement.js';
import serve from '../hdfs/placement-worker.js';
import { buildTopology, type DataNodeInfo } from '../hdfs/topology.js';
import type { CheckOutcome } from './checks.js';

export interface PlacementCheckInput {
  file: string;
  checks: readonly string[];
  balanceTolerance: number;
}

/** The clusters every check places blocks on: [nodes, racks, replication]. */
export const CLUSTERS: readonly [number, number, number][] = [
  [6, 2, 3],
  [9, 3, 3],
  [12, 3, 2],
  [4, 1, 3],
];
export const BLOCKS = 200;

interface Placed {
  cluster: string;
  blockId: number;
  candidates: readonly DataNodeInfo[];
  targets: string[];
  replicas: number;
  racks: number;
}

/** Places BLOCKS new blocks on each cluster with a fresh policy per cluster, writer outside the cluster. */
function placeAll(make: () => PlacementPolicy): Placed[] {
  const out: Placed[] = [];
  for (const [nodes, racks, replication] of CLUSTERS) {
    const topology = buildTopology(nodes, racks);
    const policy = make();
    const rng = createRng(nodes * 100 + racks);
    for (let b = 0; b < BLOCKS; b++) {
      const blockId = 1_073_741_825 + b;
      const targets = policy.chooseTargets({
        blockId,
        replicas: replication,
        totalReplicas: replication,
        chosen: [],
        candidates: topology,
        racks,
        rng,
      });
      out.push({
        cluster: `${nodes} nodes on ${racks} rack(s)`,
        blockId,
        candidates: topology,
        targets,
        replicas: replication,
        racks,
      });
    }
  }
  return out;
}

type Check = (placed: Placed[], input: PlacementCheckInput) => Omit<CheckOutcome, 'name'>;

const CHECKS: Record<string, Check> = {
  'distinct-nodes': (placed) => {
    for (const p of placed) {
      const stranger = p.targets.find((t) => !p.candidates.some((c) => c.name === t));
      if (stranger !== undefined)
        return { passed: false, output: `block ${p.blockId} (${p.cluster}): "${stranger}" is not a live candidate` };
      if (new Set(p.targets).size !== p.targets.length)
        return {
          passed: false,
          output: `block ${p.blockId} (${p.cluster}): [${p.targets.join(', ')}] uses a node twice`,
        };
      if (p.targets.length < Math.min(p.replicas, p.candidates.length))
        return {
          passed: false,
          output: `block ${p.blockId} (${p.cluster}): ${p.targets.length} targets for ${p.replicas} replicas`,
        };
    }
    return { passed: true, output: `${placed.length} blocks on ${CLUSTERS.length} clusters: distinct live nodes` };
  },
  'rack-rule': (placed) => {
    for (const p of placed) {
      const perRack = new Map<string, number>();
      for (const t of new Set(p.targets)) {
        const rack = p.candidates.find((c) => c.name === t)?.rack;
        if (rack !== undefined) perRack.set(rack, (perRack.get(rack) ?? 0) + 1);
      }
      const cap = maxReplicasPerRack(p.replicas, p.racks);
      const worst = Math.max(0, ...perRack.values());
      if (worst > cap)
        return {
          passed: false,
          output: `block ${p.blockId} (${p.cluster}): ${worst} replicas on one rack, at most ${cap}`,
        };
      if (p.racks > 1 && p.replicas > 1 && perRack.size < 2)
        return { passed: false, output: `block ${p.blockId} (${p.cluster}): all replicas on one rack` };
    }
    return { passed: true, output: 'at most maxReplicasPerRack per rack and at least two racks, on every block' };
  },
  balance: (placed, input) => {
    const lines: string[] = [];
    let passed = true;
    for (const cluster of new Set(placed.map((p) => p.cluster))) {
      const blocks = placed.filter((p) => p.cluster === cluster);
      const load = new Map(blocks[0].candidates.map((c) => [c.name, 0]));
      for (const p of blocks) for (const t of new Set(p.targets)) if (load.has(t)) load.set(t, load.get(t)! + 1);
      const counts = [...load.values()];
      const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
      const max = Math.max(...counts);
      const ratio = mean === 0 ? Infinity : max / mean;
      if (ratio > 1 + input.balanceTolerance) {
        passed = false;
        lines.push(`${cluster}: busiest node ${max} replicas, mean ${mean.toFixed(1)} (${ratio.toFixed(2)}x)`);
      }
    }
    return passed
      ? {
          passed,
          output: `busiest node within ${(input.balanceTolerance * 100).toFixed(0)}% of the mean on every cluster`,
        }
      : { passed, output: `unbalanced: ${lines.join('; ')}` };
  },
};

export const PLACEMENT_CHECKS = Object.keys(CHECKS);

export default async function run(input: PlacementCheckInput, guard: Guard): Promise<void> {
  const handlers = await serve({ file: input.file }, guard);
  const make = (): PlacementPolicy => {
    const { id, name } = handlers.create();
    return {
      name,
      chooseTargets: (request) => handlers.chooseTargets(id, { ...request, rngSeed: request.rng.int(2 ** 31) }),
    };
  };
  let placed: Placed[] | undefined;
  let failure: string | undefined;
  try {
    placed = placeAll(make);
  } catch (error) {
    failure = errorLine(error);
  }
  for (const name of input.checks) {
    const check = CHECKS[name];
    const outcome: Omit<CheckOutcome, 'name'> = !check
      ? { passed: false, output: `no such check; known: ${PLACEMENT_CHECKS.join(', ')}` }
      : placed
        ? check(placed, input)
        : { passed: false, output: failure ?? 'no placements' };
    guard.report({ name, ...outcome });
  }
}
