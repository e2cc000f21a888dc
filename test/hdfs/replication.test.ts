// Failures and repair: no loss with f < r failures under the default policy, missing blocks, re-replication, block
// reports.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { readFile, writeFile } from '../../src/hdfs/client.js';
import { dataNode, failDataNodes, liveNodes, restartNameNode } from '../../src/hdfs/cluster.js';
import { flipByte } from '../../src/hdfs/datanode.js';
import { BUILTIN_POLICIES } from '../../src/hdfs/placement.js';
import { allBlockHealth, reReplicate, scanAllReplicas } from '../../src/hdfs/replication.js';
import { bytes, smallCluster } from './helpers.js';

const BLOCK = 2048;

describe('failures and re-replication', () => {
  it('loses nothing with f < r failed DataNodes under the default policy, two racks or more (property)', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 20; trial++) {
      const racks = 2 + rng.int(3);
      const nodes = racks + 1 + rng.int(8);
      const r = 1 + rng.int(3);
      const c = smallCluster({ nodes, racks, seed: trial });
      const data = bytes(6 * BLOCK + 5, trial);
      writeFile(c, '/f', data, { replication: r, blockSize: BLOCK });
      const f = rng.int(r); // 0..r-1
      failDataNodes(c, rng.shuffle([...c.datanodes.keys()]).slice(0, f));
      expect(allBlockHealth(c).filter((h) => h.state === 'missing')).toEqual([]);
      expect(Buffer.compare(readFile(c, '/f').data!, Buffer.from(data))).toBe(0);
    }
  });

  it('survives a whole rack failing under the default policy', () => {
    for (let seed = 0; seed < 10; seed++) {
      const c = smallCluster({ nodes: 9, racks: 3, seed });
      writeFile(c, '/f', bytes(10 * BLOCK), { replication: 3, blockSize: BLOCK });
      const rack = `/rack${1 + (seed % 3)}`;
      failDataNodes(
        c,
        [...c.datanodes.values()].filter((d) => d.rack === rack).map((d) => d.name),
      );
      expect(allBlockHealth(c).every((h) => h.live.length >= 1)).toBe(true);
    }
  });

  it('counts a block as missing once every replica is gone', () => {
    const c = smallCluster({ nodes: 4, policy: BUILTIN_POLICIES['round-robin'] });
    writeFile(c, '/f', bytes(4 * BLOCK), { replication: 2, blockSize: BLOCK });
    failDataNodes(c, ['dn01', 'dn02']); // round-robin put block 0 on dn01 and dn02
    const health = allBlockHealth(c);
    expect(health.map((h) => h.state)).toEqual(['missing', 'under-replicated', 'healthy', 'under-replicated']);
    const read = readFile(c, '/f');
    expect(read.data).toBeUndefined();
    expect(read.unreadableBytes).toBe(BLOCK);
  });

  it('restores the replication factor and deletes corrupt replicas', () => {
    const c = smallCluster({ nodes: 8, racks: 2 });
    const data = bytes(8 * BLOCK + 1);
    const blocks = writeFile(c, '/f', data, { replication: 3, blockSize: BLOCK });
    failDataNodes(c, ['dn02', 'dn07']);
    const victim = blocks.find((b) => b.replicas.size === 3)!;
    const bad = [...victim.replicas.keys()][0];
    flipByte(dataNode(c, bad), victim, 5);
    expect(scanAllReplicas(c)).toEqual([expect.objectContaining({ blockId: victim.id, node: bad })]);
    const summary = reReplicate(c);
    expect(summary.stillUnderReplicated + summary.missing + summary.corrupt).toBe(0);
    expect(summary.invalidated).toBe(1);
    for (const h of allBlockHealth(c)) {
      expect(h.live.length).toBe(3);
      expect(h.corrupt).toEqual([]);
      expect(h.live.every((n) => dataNode(c, n).alive)).toBe(true);
    }
    expect(scanAllReplicas(c)).toEqual([]);
    expect(Buffer.compare(readFile(c, '/f').data!, Buffer.from(data))).toBe(0);
  });

  it('cannot exceed the live DataNodes: stays under-replicated with two nodes left', () => {
    const c = smallCluster({ nodes: 4, racks: 2 });
    writeFile(c, '/f', bytes(3 * BLOCK), { replication: 3, blockSize: BLOCK });
    failDataNodes(c, ['dn01', 'dn03']);
    const summary = reReplicate(c);
    expect(liveNodes(c).length).toBe(2);
    expect(summary.stillUnderReplicated).toBe(3);
    expect(allBlockHealth(c).every((h) => h.live.length === 2)).toBe(true);
  });

  it('relearns replica locations from block reports after a NameNode restart', () => {
    const c = smallCluster();
    const blocks = writeFile(c, '/f', bytes(5 * BLOCK), { replication: 2, blockSize: BLOCK });
    const before = blocks.map((b) => [...b.replicas.keys()].sort());
    const { blockReports } = restartNameNode(c);
    expect(blockReports).toEqual({ accepted: 10, invalidated: 0, stale: 0 });
    const after = c.namenode.ns.files
      .get('/f')!
      .blocks.map((id) => [...c.namenode.ns.blocks.get(id)!.replicas.keys()].sort());
    expect(after).toEqual(before);
  });
});
