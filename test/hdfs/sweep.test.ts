// The balance and failure sweeps: blocks per DataNode, bytes on disk, and what is lost as DataNodes fail in order.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { seededBytes } from '../../src/hdfs/input.js';
import { BUILTIN_POLICIES } from '../../src/hdfs/placement.js';
import { balanceSpread, runSweep, standardDeviation } from '../../src/hdfs/sweep.js';
import { tempDir } from './helpers.js';

describe('balance and failure sweep', () => {
  const data = seededBytes(8 * 1024 + 3, createRng(1));
  const sweep = () =>
    runSweep({
      dir: tempDir(),
      data,
      nodes: 3,
      racks: 1,
      blockSize: 1024,
      bytesPerChecksum: 512,
      policies: [{ name: 'round-robin', factory: BUILTIN_POLICIES['round-robin'] }],
      replications: [1, 3],
      failureOrder: ['dn02', 'dn01', 'dn03'],
      rng: createRng(1),
    });

  it('counts blocks per DataNode and bytes on disk', () => {
    const { balance, storage } = sweep();
    // 9 blocks, round-robin from dn01: r=1 gives 3 each; r=3 puts every block everywhere.
    expect(balance.filter((b) => b.replication === 1).map((b) => b.blocks)).toEqual([3, 3, 3]);
    expect(balance.filter((b) => b.replication === 3).map((b) => b.blocks)).toEqual([9, 9, 9]);
    expect(storage.map((s) => s.dataBytes)).toEqual([data.length, 3 * data.length]);
    expect(storage[0].metaBytes).toBe(9 * 7 + 4 * (8 * 2 + 1));
  });

  it('fails DataNodes one after another and reports what is lost', () => {
    const { failures } = sweep();
    const r1 = failures.filter((f) => f.replication === 1);
    expect(r1.map((f) => [f.failed, f.failedNodes, f.missing, f.identical])).toEqual([
      [0, '', 0, true],
      [1, 'dn02', 3, false],
      [2, 'dn02 dn01', 6, false],
    ]);
    expect(r1[1].unreadableBytes).toBe(3 * 1024);
    const r3 = failures.filter((f) => f.replication === 3);
    expect(r3.map((f) => [f.missing, f.underReplicated, f.identical])).toEqual([
      [0, 0, true],
      [0, 9, true],
      [0, 9, true],
    ]);
  });

  it('summarises blocks per DataNode per policy and replication factor', () => {
    const spread = balanceSpread([
      { policy: 'a', replication: 1, datanode: 'dn01', rack: '/rack1', blocks: 1, bytes: 0 },
      { policy: 'a', replication: 1, datanode: 'dn02', rack: '/rack1', blocks: 3, bytes: 0 },
      { policy: 'b', replication: 1, datanode: 'dn01', rack: '/rack1', blocks: 2, bytes: 0 },
      { policy: 'b', replication: 1, datanode: 'dn02', rack: '/rack1', blocks: 2, bytes: 0 },
    ]);
    expect(spread).toEqual([
      { policy: 'a', replication: 1, mean: 2, stddev: 1, min: 1, max: 3 },
      { policy: 'b', replication: 1, mean: 2, stddev: 0, min: 2, max: 2 },
    ]);
  });

  it('computes the population standard deviation', () => {
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(standardDeviation([])).toBe(0);
  });
});
