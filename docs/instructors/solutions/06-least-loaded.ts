// Reference solution of the lab 06 assignment (docs/instructors/README.md): least-loaded, rack-aware placement. Each
// replica goes to the candidate holding the fewest replicas so far (ties by name) among those whose rack still has
// room under HDFS's cap, so replicas spread over nodes and racks. Kept out of the student handout.
// Checked by test/coursework/placement-checks.test.ts.
import type { PlacementPolicy } from 'syslab/hdfs';

/** HDFS's cap of replicas of one block per rack (BlockPlacementPolicyDefault). */
function maxPerRack(total: number, racks: number): number {
  if (racks <= 1 || total <= 1) return total;
  const max = Math.floor((total - 1) / racks) + 2;
  return max === total ? max - 1 : max;
}

export default function leastLoaded(): PlacementPolicy {
  const load = new Map<string, number>();
  return {
    name: 'least-loaded',
    chooseTargets(request) {
      const perRack = new Map<string, number>();
      for (const n of request.chosen) perRack.set(n.rack, (perRack.get(n.rack) ?? 0) + 1);
      const cap = maxPerRack(request.totalReplicas, request.racks);
      const picked: string[] = [];
      while (picked.length < request.replicas) {
        const pool = request.candidates.filter((n) => !picked.includes(n.name) && (perRack.get(n.rack) ?? 0) < cap);
        if (pool.length === 0) break;
        pool.sort((a, b) => (load.get(a.name) ?? 0) - (load.get(b.name) ?? 0) || a.name.localeCompare(b.name));
        const next = pool[0];
        picked.push(next.name);
        perRack.set(next.rack, (perRack.get(next.rack) ?? 0) + 1);
        load.set(next.name, (load.get(next.name) ?? 0) + 1);
      }
      return picked;
    },
  };
}
