// Placement policies: properties over random topologies and seeds (distinct nodes, rack rules, the per-rack cap),
// round-robin order.
import { describe, expect, it } from 'vitest';
import { createRng, InputError, type Rng } from '../../src/core/index.js';
import {
  BUILTIN_POLICIES,
  BUILTIN_POLICY_NAMES,
  checkTargets,
  defaultPolicy,
  maxReplicasPerRack,
  roundRobinPolicy,
  type PlacementRequest,
} from '../../src/hdfs/placement.js';
import { buildTopology, rackCount, type DataNodeInfo } from '../../src/hdfs/topology.js';

function request(nodes: DataNodeInfo[], replicas: number, rng: Rng, writer?: DataNodeInfo): PlacementRequest {
  return {
    blockId: 1,
    replicas,
    totalReplicas: replicas,
    writer,
    chosen: [],
    candidates: nodes,
    racks: rackCount(nodes),
    rng,
  };
}

describe('placement policies', () => {
  it('caps replicas per rack as Hadoop does', () => {
    expect(maxReplicasPerRack(3, 2)).toBe(2); // (2/2)+2 = 3 would allow all three on one rack
    expect(maxReplicasPerRack(3, 1)).toBe(3);
    expect(maxReplicasPerRack(1, 4)).toBe(1);
    expect(maxReplicasPerRack(2, 2)).toBe(1);
    expect(maxReplicasPerRack(4, 2)).toBe(3);
    expect(maxReplicasPerRack(10, 3)).toBe(5);
  });

  it('every policy returns distinct candidates, as many as possible (property over random topologies and seeds)', () => {
    const rng = createRng(2024);
    for (let trial = 0; trial < 300; trial++) {
      const nodes = 1 + rng.int(20);
      const topo = buildTopology(nodes, 1 + rng.int(Math.min(nodes, 5)));
      const replicas = 1 + rng.int(6);
      for (const name of BUILTIN_POLICY_NAMES) {
        const policy = BUILTIN_POLICIES[name]();
        const writer = rng.next() < 0.5 ? rng.pick(topo) : undefined;
        const req = request(topo, replicas, rng.fork(`${trial}${name}`), writer);
        const targets = policy.chooseTargets(req);
        expect(new Set(targets).size).toBe(targets.length);
        expect(targets.every((t) => topo.some((n) => n.name === t))).toBe(true);
        if (name !== 'default') expect(targets.length).toBe(Math.min(replicas, nodes));
        expect(() => checkTargets(policy, req, targets)).not.toThrow();
      }
    }
  });

  it('default: writer first, two racks for r = 2 or 3, never over the rack cap (property)', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 400; trial++) {
      const racks = 2 + rng.int(4);
      const nodes = racks * (2 + rng.int(4)); // every rack has at least two nodes
      const topo = buildTopology(nodes, racks);
      const r = 2 + rng.int(2);
      const writer = rng.next() < 0.5 ? rng.pick(topo) : undefined;
      const targets = defaultPolicy().chooseTargets(request(topo, r, rng.fork(String(trial)), writer));
      expect(targets.length).toBe(r);
      if (writer) expect(targets[0]).toBe(writer.name);
      const rackOf = (t: string) => topo.find((n) => n.name === t)!.rack;
      expect(new Set(targets.map(rackOf)).size).toBe(2);
      if (r === 3) expect(rackOf(targets[2])).toBe(rackOf(targets[1])); // third beside the second
    }
  });

  it('default: at least two racks and at most the cap per rack for larger r', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 300; trial++) {
      const racks = 2 + rng.int(3);
      const nodes = racks + rng.int(15);
      const topo = buildTopology(nodes, racks);
      const r = 2 + rng.int(Math.min(nodes - 1, 6));
      const targets = defaultPolicy().chooseTargets(request(topo, r, rng.fork(String(trial))));
      const perRack = new Map<string, number>();
      for (const t of targets) {
        const rack = topo.find((n) => n.name === t)!.rack;
        perRack.set(rack, (perRack.get(rack) ?? 0) + 1);
      }
      expect(perRack.size).toBeGreaterThanOrEqual(2);
      expect(Math.max(...perRack.values())).toBeLessThanOrEqual(maxReplicasPerRack(r, racks));
    }
  });

  it('default: re-replication continues from the surviving replicas', () => {
    const topo = buildTopology(8, 2);
    const rng = createRng(3);
    for (let i = 0; i < 50; i++) {
      const survivor = rng.pick(topo);
      const req: PlacementRequest = {
        blockId: 1,
        replicas: 2,
        totalReplicas: 3,
        chosen: [survivor],
        candidates: topo.filter((n) => n !== survivor),
        racks: 2,
        rng,
      };
      const [second, third] = defaultPolicy()
        .chooseTargets(req)
        .map((t) => topo.find((n) => n.name === t)!);
      expect(second.rack).not.toBe(survivor.rack);
      expect(third.rack).toBe(second.rack);
    }
  });

  it('round-robin: block k starts at candidate k mod n and takes the next ones', () => {
    const topo = buildTopology(4, 2);
    const policy = roundRobinPolicy();
    const rng = createRng(1);
    const picks = Array.from({ length: 5 }, () => policy.chooseTargets(request(topo, 3, rng)).join(' '));
    expect(picks).toEqual(['dn01 dn02 dn03', 'dn02 dn03 dn04', 'dn03 dn04 dn01', 'dn04 dn01 dn02', 'dn01 dn02 dn03']);
  });

  it('rejects targets that are not distinct candidates', () => {
    const topo = buildTopology(4, 2);
    const policy = defaultPolicy();
    const req = request(topo.slice(0, 3), 2, createRng(1));
    expect(() => checkTargets(policy, req, ['dn04'])).toThrow(InputError);
    expect(() => checkTargets(policy, req, ['dn01', 'dn01'])).toThrow(/twice/);
    expect(() => checkTargets(policy, req, ['dn01', 'dn02', 'dn03'])).toThrow(/at most 2/);
    expect(() => checkTargets(policy, req, 'dn01')).toThrow(/array/);
  });
});
