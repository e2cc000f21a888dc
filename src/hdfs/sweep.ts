// The lab's comparisons across placement policies and replication factors: how evenly blocks spread over DataNodes,
// raw bytes on disk, and what is lost as 0, 1, ... N-1 DataNodes fail (in one seeded order, no repair in between);
// plus the spread of blocks per DataNode for each policy. Tests: test/hdfs/sweep.test.ts.
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Rng } from '../core/index.js';
import type { Progress } from '../core/progress.js';
import { readFile, writeFile } from './client.js';
import { createCluster, failDataNodes, type ClusterSetup } from './cluster.js';
import { storedBytes } from './datanode.js';
import type { PlacementFactory } from './placement.js';
import { allBlockHealth } from './replication.js';
import { sha256 } from './scenario.js';

export interface SweepOptions extends ClusterSetup {
  dir: string;
  data: Uint8Array;
  policies: { name: string; factory: PlacementFactory }[];
  replications: number[];
  /** DataNode names in the order they fail; failures 0..nodes-1 use its prefixes. */
  failureOrder: string[];
  rng: Rng;
  /** Opens a progress bar; the sweep gives it the number of steps it will take. */
  progress?: (label: string, total: number) => Progress;
}

export type BalanceRow = {
  policy: string;
  replication: number;
  datanode: string;
  rack: string;
  blocks: number;
  bytes: number;
};
export type FailureRow = {
  policy: string;
  replication: number;
  failed: number;
  failedNodes: string;
  underReplicated: number;
  missing: number;
  unreadableBytes: number;
  identical: boolean;
};
export type StorageRow = {
  policy: string;
  replication: number;
  logicalBytes: number;
  dataBytes: number;
  metaBytes: number;
};

export function runSweep(o: SweepOptions): { balance: BalanceRow[]; failures: FailureRow[]; storage: StorageRow[] } {
  const balance: BalanceRow[] = [];
  const failures: FailureRow[] = [];
  const storage: StorageRow[] = [];
  const digest = sha256(o.data);
  const file = '/user/syslab/data.bin';
  const bar = o.progress?.('failure sweep', o.policies.length * o.replications.length * o.nodes);
  for (const { name, factory } of o.policies) {
    for (const r of o.replications) {
      const dir = path.join(o.dir, `${name.replace(/[^A-Za-z0-9-]/g, '_')}-r${r}`);
      const c = createCluster({
        dir,
        nodes: o.nodes,
        racks: o.racks,
        policy: factory,
        rng: o.rng.fork(`${name}/r${r}`),
        bytesPerChecksum: o.bytesPerChecksum,
      });
      writeFile(c, file, o.data, { replication: r, blockSize: o.blockSize, writer: o.writer });
      let data = 0,
        meta = 0;
      for (const dn of c.datanodes.values()) {
        const held = [...c.namenode.ns.blocks.values()].filter((b) => b.replicas.has(dn.name));
        balance.push({
          policy: name,
          replication: r,
          datanode: dn.name,
          rack: dn.rack,
          blocks: held.length,
          bytes: held.reduce((s, b) => s + b.length, 0),
        });
        const onDisk = storedBytes(dn);
        data += onDisk.data;
        meta += onDisk.meta;
      }
      storage.push({ policy: name, replication: r, logicalBytes: o.data.length, dataBytes: data, metaBytes: meta });
      for (let f = 0; f < o.nodes; f++) {
        if (f > 0) failDataNodes(c, [o.failureOrder[f - 1]]);
        const health = allBlockHealth(c);
        const read = readFile(c, file);
        failures.push({
          policy: name,
          replication: r,
          failed: f,
          failedNodes: o.failureOrder.slice(0, f).join(' '),
          underReplicated: health.filter((h) => h.state === 'under-replicated').length,
          missing: health.filter((h) => h.state === 'missing').length,
          unreadableBytes: read.unreadableBytes,
          identical: read.data !== undefined && sha256(read.data) === digest,
        });
        bar?.tick();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
  bar?.done();
  return { balance, failures, storage };
}

export function standardDeviation(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  return Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
}

export type SpreadRow = { policy: string; replication: number; mean: number; stddev: number; min: number; max: number };

/** Per policy and replication factor: mean, standard deviation, least and most blocks per DataNode. */
export function balanceSpread(balance: readonly BalanceRow[]): SpreadRow[] {
  const groups = new Map<string, BalanceRow[]>();
  for (const row of balance) {
    const key = `${row.policy}\u0000${row.replication}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((rows) => {
    const counts = rows.map((r) => r.blocks);
    return {
      policy: rows[0].policy,
      replication: rows[0].replication,
      mean: counts.reduce((a, b) => a + b, 0) / counts.length,
      stddev: standardDeviation(counts),
      min: Math.min(...counts),
      max: Math.max(...counts),
    };
  });
}
