// A whole single-process HDFS: one NameNode and N DataNodes in directories under one folder, plus the NameNode's
// block-management duties that need both (choosing targets through the placement policy, losing DataNodes,
// recording bad replicas, rebuilding locations from block reports after a restart).
// Tests: test/hdfs/replication.test.ts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Rng } from '../core/index.js';
import { blockReport, createDataNode, deleteReplica, failDataNode, type DataNode } from './datanode.js';
import { formatNameNode, loadNameNode, type BlockInfo, type LoadReport, type NameNode } from './namenode.js';
import { checkTargets, type PlacementFactory, type PlacementPolicy, type PlacementRequest } from './placement.js';
import { buildTopology, rackCount, type DataNodeInfo } from './topology.js';
import { DEFAULT_BYTES_PER_CHECKSUM } from './checksum.js';

export interface Cluster {
  dir: string;
  namenode: NameNode;
  /** By name, in name order. */
  datanodes: Map<string, DataNode>;
  policy: PlacementPolicy;
  bytesPerChecksum: number;
  /** For placement decisions. */
  placementRng: Rng;
  /** For the reader's tie-breaks and re-replication sources. */
  ioRng: Rng;
}

/** The shape shared by the walk-through, the sweeps and the throughput runs: the cluster and how files are cut. */
export interface ClusterSetup {
  nodes: number;
  racks: number;
  blockSize: number;
  bytesPerChecksum: number;
  /** The DataNode the client runs on; undefined for a client outside the cluster. */
  writer?: string;
}

export interface ClusterOptions {
  dir: string;
  nodes: number;
  racks: number;
  policy: PlacementFactory;
  rng: Rng;
  bytesPerChecksum?: number;
}

/** Formats a NameNode in <dir>/namenode and starts DataNodes in <dir>/dn01, <dir>/dn02, ... */
export function createCluster(o: ClusterOptions): Cluster {
  mkdirSync(o.dir, { recursive: true });
  const blockPoolId = `BP-${1 + o.rng.fork('block-pool').int(2 ** 31 - 1)}-127.0.0.1-1`;
  const namenode = formatNameNode(path.join(o.dir, 'namenode'), blockPoolId);
  const datanodes = new Map(buildTopology(o.nodes, o.racks).map((info) => [info.name, createDataNode(info, o.dir)]));
  return {
    dir: o.dir,
    namenode,
    datanodes,
    policy: o.policy(),
    bytesPerChecksum: o.bytesPerChecksum ?? DEFAULT_BYTES_PER_CHECKSUM,
    placementRng: o.rng.fork('placement'),
    ioRng: o.rng.fork('io'),
  };
}

export const liveNodes = (c: Cluster): DataNode[] => [...c.datanodes.values()].filter((d) => d.alive);

export function dataNode(c: Cluster, name: string): DataNode {
  const dn = c.datanodes.get(name);
  if (!dn) throw new Error(`no DataNode ${name}`);
  return dn;
}

const info = (dn: DataNodeInfo): DataNodeInfo => ({ name: dn.name, rack: dn.rack });

/**
 * Asks the placement policy for `replicas` new targets for a block. Candidates are live nodes holding no replica
 * (good or corrupt) of it; `chosen` are nodes already holding a good one.
 */
export function chooseTargets(
  c: Cluster,
  block: BlockInfo,
  replicas: number,
  totalReplicas: number,
  writer?: string,
): DataNode[] {
  const live = liveNodes(c);
  const holders = new Set(block.replicas.keys());
  const chosen = live.filter((d) => block.replicas.get(d.name) === 'live').map(info);
  const writerNode = writer === undefined ? undefined : c.datanodes.get(writer);
  const request: PlacementRequest = {
    blockId: block.id,
    replicas,
    totalReplicas,
    writer: writerNode?.alive ? info(writerNode) : undefined,
    chosen,
    candidates: live.filter((d) => !holders.has(d.name)).map(info),
    racks: rackCount(live),
    rng: c.placementRng,
  };
  return checkTargets(c.policy, request, c.policy.chooseTargets(request)).map((t) => dataNode(c, t.name));
}

/** DataNodes die: their directories are removed and the NameNode drops them from every block's locations. */
export function failDataNodes(c: Cluster, names: readonly string[]): void {
  for (const name of names) failDataNode(dataNode(c, name));
  for (const block of c.namenode.ns.blocks.values()) for (const name of names) block.replicas.delete(name);
}

/** A reader or a block scanner found a bad replica (ClientProtocol.reportBadBlocks). */
export function reportBadReplica(block: BlockInfo, node: string): void {
  if (block.replicas.has(node)) block.replicas.set(node, 'corrupt');
}

export interface BlockReportSummary {
  /** Replicas accepted into the block map. */
  accepted: number;
  /** Replicas of blocks the namespace does not know (e.g. of a file whose creation was lost): deleted. */
  invalidated: number;
  /** Replicas whose generation stamp or length disagrees with the namespace: marked corrupt. */
  stale: number;
}

/** Every live DataNode sends its block report; the NameNode rebuilds the locations it never persisted. */
export function processBlockReports(c: Cluster): BlockReportSummary {
  const summary: BlockReportSummary = { accepted: 0, invalidated: 0, stale: 0 };
  for (const dn of liveNodes(c)) {
    for (const replica of blockReport(dn)) {
      const block = c.namenode.ns.blocks.get(replica.id);
      if (!block) {
        deleteReplica(dn, replica);
        summary.invalidated++;
      } else if (block.genStamp !== replica.genStamp || block.length !== replica.length) {
        block.replicas.set(dn.name, 'corrupt');
        summary.stale++;
      } else {
        block.replicas.set(dn.name, 'live');
        summary.accepted++;
      }
    }
  }
  return summary;
}

/** Stops the NameNode (its memory is lost) and starts it again from fsimage + edits, then block reports. */
export function restartNameNode(c: Cluster): { load: LoadReport; blockReports: BlockReportSummary } {
  const { nn, report } = loadNameNode(c.namenode.dir);
  c.namenode = nn;
  return { load: report, blockReports: processBlockReports(c) };
}
