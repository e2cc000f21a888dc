// The lab's walk-through on one cluster: write a file, checkpoint, crash the NameNode with a torn edit-log record and
// restart it, fail DataNodes, corrupt replicas, read back, scan, re-replicate, read again; with fsck at each stage.
// Tests: test/hdfs/scenario.test.ts.
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, type Rng } from '../core/index.js';
import { readFile, writeFile, type BadReplica } from './client.js';
import {
  createCluster,
  dataNode,
  failDataNodes,
  restartNameNode,
  type BlockReportSummary,
  type Cluster,
  type ClusterSetup,
} from './cluster.js';
import { flipByte, storedBytes } from './datanode.js';
import { encodeRecord } from './editlog.js';
import { fsck, type FsckSummary } from './fsck.js';
import { checkpoint, completeFile, namespaceSnapshot, startFile, type LoadReport } from './namenode.js';
import type { PlacementFactory } from './placement.js';
import { reReplicate, scanAllReplicas, type ReplicationSummary } from './replication.js';

export interface ScenarioOptions extends ClusterSetup {
  /** The cluster goes in <dir>/namenode and <dir>/dn01... */
  dir: string;
  data: Uint8Array;
  /** HDFS path of the file, e.g. /user/syslab/data.bin */
  path: string;
  replication: number;
  policy: PlacementFactory;
  fail: number;
  /** Surviving replicas to corrupt... */
  corrupt: number;
  /** ...or fewer, when fewer survive (a default the file is too small for); else that is an InputError. */
  corruptAtMost?: boolean;
  rng: Rng;
  now?: () => Date;
}

export interface FsckRun {
  text: string;
  summary: FsckSummary;
}

export interface BlockPlacement {
  index: number;
  id: number;
  length: number;
  locations: string[];
  racks: string[];
}

export interface ScenarioResult {
  cluster: Cluster;
  blocks: BlockPlacement[];
  stored: { data: number; meta: number };
  restart: {
    load: LoadReport;
    blockReports: BlockReportSummary;
    namespaceIntact: boolean;
    files: number;
    blocks: number;
    tornPath: string;
  };
  fsckBefore: FsckRun;
  failedNodes: string[];
  corrupted: { blockId: number; node: string; offset: number }[];
  readAfterFailures: {
    identical: boolean;
    unreadableBytes: number;
    badReplicas: BadReplica[];
    localReads: number;
    rackReads: number;
    remoteReads: number;
  };
  scannerFound: BadReplica[];
  fsckAfterFailures: FsckRun;
  repair: ReplicationSummary;
  fsckAfterRepair: FsckRun;
  finalReadIdentical: boolean;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function runScenario(o: ScenarioOptions): ScenarioResult {
  const c = createCluster({
    dir: o.dir,
    nodes: o.nodes,
    racks: o.racks,
    policy: o.policy,
    rng: o.rng.fork('cluster'),
    bytesPerChecksum: o.bytesPerChecksum,
  });
  const digest = sha256(o.data);
  const fsckNow = () => fsck(c, { now: o.now });

  const written = writeFile(c, o.path, o.data, {
    replication: o.replication,
    blockSize: o.blockSize,
    writer: o.writer,
  });
  const blocks = written.map((b, index) => {
    const locations = [...b.replicas.keys()].sort();
    return {
      index,
      id: b.id,
      length: b.length,
      locations,
      racks: [...new Set(locations.map((n) => dataNode(c, n).rack))].sort(),
    };
  });
  const stored = [...c.datanodes.values()]
    .map(storedBytes)
    .reduce((a, b) => ({ data: a.data + b.data, meta: a.meta + b.meta }), { data: 0, meta: 0 });

  // A checkpoint, one more small file, then a crash halfway through appending the next edit.
  checkpoint(c.namenode);
  const marker = path.posix.join(path.posix.dirname(o.path), '_SUCCESS');
  startFile(c.namenode, marker, o.replication, o.blockSize);
  completeFile(c.namenode, marker, []);
  const before = JSON.stringify(namespaceSnapshot(c.namenode.ns));
  const tornPath = path.posix.join(path.posix.dirname(o.path), 'part-00001');
  const record = encodeRecord({
    op: 'OP_ADD',
    path: tornPath,
    replication: o.replication,
    blockSize: o.blockSize,
    txid: c.namenode.ns.lastTxid + 1,
  });
  appendFileSync(c.namenode.segmentFile, record.subarray(0, Math.floor(record.length / 2)));
  const restarted = restartNameNode(c);
  const restart = {
    ...restarted,
    tornPath,
    namespaceIntact: JSON.stringify(namespaceSnapshot(c.namenode.ns)) === before,
    files: c.namenode.ns.files.size,
    blocks: c.namenode.ns.blocks.size,
  };
  const fsckBefore = fsckNow();

  // DataNodes die (chosen by the seed), then silent corruption hits some surviving replicas.
  const failedNodes = o.rng
    .fork('fail')
    .shuffle([...c.datanodes.keys()])
    .slice(0, o.fail)
    .sort();
  failDataNodes(c, failedNodes);
  const replicas = [...c.namenode.ns.blocks.values()].flatMap((b) =>
    [...b.replicas.keys()].map((node) => ({ block: b, node })),
  );
  if (o.corrupt > replicas.length && !o.corruptAtMost) {
    throw new InputError(
      `--corrupt ${o.corrupt}: only ${replicas.length} replicas survive --fail ${o.fail}; allowed: 0 to ${replicas.length}`,
    );
  }
  const corruptRng = o.rng.fork('corrupt');
  const corrupted = corruptRng
    .shuffle(replicas)
    .slice(0, o.corrupt)
    .map(({ block, node }) => {
      const offset = corruptRng.int(block.length);
      flipByte(dataNode(c, node), block, offset);
      return { blockId: block.id, node, offset };
    });

  const read = readFile(c, o.path, { reader: o.writer });
  const readAfterFailures = {
    identical: read.data !== undefined && sha256(read.data) === digest,
    unreadableBytes: read.unreadableBytes,
    badReplicas: read.badReplicas,
    localReads: read.sources.filter((s) => s.distance === 0).length,
    rackReads: read.sources.filter((s) => s.distance === 2).length,
    remoteReads: read.sources.filter((s) => s.distance === 4).length,
  };
  const scannerFound = scanAllReplicas(c);
  const fsckAfterFailures = fsckNow();
  const repair = reReplicate(c);
  const fsckAfterRepair = fsckNow();
  const final = readFile(c, o.path, { reader: o.writer });
  return {
    cluster: c,
    blocks,
    stored,
    restart,
    fsckBefore,
    failedNodes,
    corrupted,
    readAfterFailures,
    scannerFound,
    fsckAfterFailures,
    repair,
    fsckAfterRepair,
    finalReadIdentical: final.data !== undefined && sha256(final.data) === digest,
  };
}
