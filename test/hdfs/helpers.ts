// Shared test helpers for test/hdfs: temporary folders and small clusters.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { createCluster, type Cluster } from '../../src/hdfs/cluster.js';
import { BUILTIN_POLICIES, type PlacementFactory } from '../../src/hdfs/placement.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'syslab-hdfs-test-'));
  dirs.push(d);
  return d;
}

export function smallCluster(
  o: { nodes?: number; racks?: number; policy?: PlacementFactory; seed?: number; bytesPerChecksum?: number } = {},
): Cluster {
  return createCluster({
    dir: tempDir(),
    nodes: o.nodes ?? 6,
    racks: o.racks ?? 2,
    policy: o.policy ?? BUILTIN_POLICIES.default,
    rng: createRng(o.seed ?? 1),
    bytesPerChecksum: o.bytesPerChecksum ?? 512,
  });
}

export function bytes(n: number, seed = 7): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: n }, () => rng.int(256));
}
