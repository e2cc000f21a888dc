// The lab's walk-through on a small cluster: write, NameNode restart, failures, corruption, repair, with exact
// counts.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { seededBytes } from '../../src/hdfs/input.js';
import { BUILTIN_POLICIES } from '../../src/hdfs/placement.js';
import { runScenario } from '../../src/hdfs/scenario.js';
import { tempDir } from './helpers.js';

describe('walk-through scenario', () => {
  it('writes, restarts the NameNode, survives failures and corruption, and repairs', () => {
    const s = runScenario({
      dir: tempDir(),
      data: seededBytes(40_000, createRng(2)),
      path: '/user/syslab/data.bin',
      nodes: 8,
      racks: 2,
      replication: 3,
      blockSize: 4096,
      bytesPerChecksum: 512,
      policy: BUILTIN_POLICIES.default,
      fail: 1,
      corrupt: 2,
      rng: createRng(9),
    });
    expect(s.blocks.length).toBe(10);
    expect(s.blocks.every((b) => b.locations.length === 3 && b.racks.length === 2)).toBe(true);
    expect(s.stored).toEqual({ data: 3 * 40_000, meta: 3 * (10 * 7 + 4 * Math.ceil(40_000 / 512)) });
    expect(s.restart.namespaceIntact).toBe(true);
    expect(s.restart.load.torn?.reason).toMatch(/record declares/);
    expect(s.restart.files).toBe(2); // the file and its _SUCCESS marker
    expect(s.restart.blockReports.accepted).toBe(30);
    expect(s.fsckBefore.summary).toMatchObject({ status: 'HEALTHY', underReplicated: 0, dataNodes: 8 });
    expect(s.failedNodes.length).toBe(1);
    expect(s.corrupted.length).toBe(2);
    expect(s.readAfterFailures.identical).toBe(true);
    expect(s.readAfterFailures.badReplicas.length + s.scannerFound.length).toBe(2);
    expect(s.fsckAfterFailures.summary.corruptReplicas).toBe(2);
    expect(s.fsckAfterFailures.summary.dataNodes).toBe(7);
    expect(s.repair.invalidated).toBe(2);
    expect(s.fsckAfterRepair.summary).toMatchObject({
      status: 'HEALTHY',
      underReplicated: 0,
      missingBlocks: 0,
      corruptReplicas: 0,
      averageReplication: 3,
    });
    expect(s.finalReadIdentical).toBe(true);
  });
});
