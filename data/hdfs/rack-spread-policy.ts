// An example placement policy, for
// `npm run lab -- 06 --placement file --placement-file data/hdfs/rack-spread-policy.ts`:
// every replica on a different rack while racks last (then any node), least-loaded node first. Copy it and change
// chooseTargets to try your own rule. Loaded by src/hdfs/placement-file.ts; tested in test/hdfs/placement-file.test.ts.
import type { PlacementPolicy, PlacementRequest } from '../../src/hdfs/placement.js';

export default function createRackSpreadPolicy(): PlacementPolicy {
  const stored = new Map<string, number>(); // blocks this policy has put on each node so far
  return {
    name: 'rack-spread',
    chooseTargets(req: PlacementRequest): string[] {
      const usedRacks = new Set(req.chosen.map((n) => n.rack));
      const picked: string[] = [];
      const pool = req.rng.shuffle([...req.candidates]); // random order breaks ties between equally loaded nodes
      while (picked.length < req.replicas) {
        const free = pool.filter((n) => !picked.includes(n.name));
        if (free.length === 0) break;
        const newRack = free.filter((n) => !usedRacks.has(n.rack));
        const choices = newRack.length > 0 ? newRack : free;
        const best = choices.reduce((a, b) => ((stored.get(b.name) ?? 0) < (stored.get(a.name) ?? 0) ? b : a));
        picked.push(best.name);
        usedRacks.add(best.rack);
        stored.set(best.name, (stored.get(best.name) ?? 0) + 1);
      }
      return picked;
    },
  };
}
