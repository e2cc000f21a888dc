// The NameNode's repair work: classify each block (healthy, under-replicated, missing, corrupt), let every DataNode's
// block scanner verify its replicas, and re-replicate under-replicated blocks from a good replica to targets the
// placement policy picks, then delete corrupt replicas once enough good ones exist.
// Tests: test/hdfs/replication.test.ts.
import { verifyBlock } from './checksum.js';
import { chooseTargets, dataNode, liveNodes, reportBadReplica, type Cluster } from './cluster.js';
import { blockReport, deleteReplica, readReplica, ReplicaUnavailable, writeReplica } from './datanode.js';
import type { BlockInfo, INodeFile } from './namenode.js';
import { readBlock, type BadReplica } from './client.js';

export interface BlockHealth {
  block: BlockInfo;
  expected: number;
  /** Good replicas on live DataNodes. */
  live: string[];
  /** Replicas known to be corrupt. */
  corrupt: string[];
  /** HDFS's words: under-replicated (too few live), missing (no replica at all), corrupt (only corrupt ones). */
  state: 'healthy' | 'under-replicated' | 'missing' | 'corrupt' | 'over-replicated';
}

export function blockHealth(c: Cluster, block: BlockInfo, file: INodeFile): BlockHealth {
  const live: string[] = [];
  const corrupt: string[] = [];
  for (const [name, state] of block.replicas) {
    if (!dataNode(c, name).alive) continue;
    (state === 'live' ? live : corrupt).push(name);
  }
  live.sort();
  corrupt.sort();
  const expected = file.replication;
  const state =
    live.length === 0
      ? corrupt.length > 0
        ? 'corrupt'
        : 'missing'
      : live.length < expected
        ? 'under-replicated'
        : live.length > expected
          ? 'over-replicated'
          : 'healthy';
  return { block, expected, live, corrupt, state };
}

/** Every block of every file, in path then block order. */
export function allBlockHealth(c: Cluster): BlockHealth[] {
  const ns = c.namenode.ns;
  return [...ns.files.values()]
    .sort((a, b) => a.path.localeCompare(b.path))
    .flatMap((f) => f.blocks.map((id) => blockHealth(c, ns.blocks.get(id) as BlockInfo, f)));
}

/**
 * The DataNode block scanner: each live DataNode re-reads every replica the NameNode counts as good on it and
 * reports the ones whose checksums fail. Returns what it found.
 */
export function scanAllReplicas(c: Cluster): BadReplica[] {
  const found: BadReplica[] = [];
  for (const dn of liveNodes(c)) {
    for (const stored of blockReport(dn)) {
      const block = c.namenode.ns.blocks.get(stored.id);
      if (!block || block.replicas.get(dn.name) !== 'live') continue;
      const { data, meta } = readReplica(dn, block);
      const check = verifyBlock(data, meta);
      if (!check.ok) {
        reportBadReplica(block, dn.name);
        found.push({ blockId: block.id, node: dn.name, reason: check.reason });
      }
    }
  }
  return found;
}

export interface ReplicationSummary {
  /** Replicas copied to new DataNodes. */
  copies: number;
  bytesCopied: number;
  /** Corrupt replicas deleted: once the block had enough good ones, or when their nodes were the only targets left. */
  invalidated: number;
  /** Bad sources found while copying (their checksums failed). */
  badSources: BadReplica[];
  /** After this pass. */
  stillUnderReplicated: number;
  missing: number;
  corrupt: number;
}

const goodReplicas = (block: BlockInfo) => [...block.replicas.values()].filter((s) => s === 'live').length;

function invalidateCorrupt(c: Cluster, block: BlockInfo, summary: ReplicationSummary): void {
  for (const [name, state] of [...block.replicas]) {
    if (state !== 'corrupt') continue;
    deleteReplica(dataNode(c, name), block);
    block.replicas.delete(name);
    summary.invalidated++;
  }
}

/** Copies a block from a verified good replica to as many new targets as it lacks. */
function copyToNewTargets(c: Cluster, h: BlockHealth, summary: ReplicationSummary): void {
  const need = h.expected - goodReplicas(h.block);
  if (need <= 0) return;
  // The source DataNode verifies the checksums as it streams the block (a bad source is reported, the next one tried).
  const source = readBlock(c, h.block, undefined, summary.badSources);
  if (!source) return;
  for (const target of chooseTargets(c, h.block, need, h.expected)) {
    try {
      writeReplica(target, h.block, source.data, source.meta);
    } catch (error) {
      if (error instanceof ReplicaUnavailable) continue;
      throw error;
    }
    h.block.replicas.set(target.name, 'live');
    summary.copies++;
    summary.bytesCopied += source.data.length;
  }
}

/**
 * One pass of the replication monitor: blocks with the fewest live replicas first (HDFS's priority queues), each
 * copied from a verified good replica to the targets the placement policy chooses given the surviving replicas.
 */
export function reReplicate(c: Cluster): ReplicationSummary {
  const summary: ReplicationSummary = {
    copies: 0,
    bytesCopied: 0,
    invalidated: 0,
    badSources: [],
    stillUnderReplicated: 0,
    missing: 0,
    corrupt: 0,
  };
  const queue = allBlockHealth(c)
    .filter((h) => h.state === 'under-replicated' || (h.corrupt.length > 0 && h.live.length > 0))
    .sort((a, b) => a.live.length - b.live.length || a.block.id - b.block.id);
  for (const h of queue) {
    copyToNewTargets(c, h, summary);
    if (
      goodReplicas(h.block) < h.expected &&
      goodReplicas(h.block) > 0 &&
      [...h.block.replicas.values()].includes('corrupt')
    ) {
      // Still short, and the only legal targets may be the nodes holding corrupt copies (e.g. the rack cap leaves no
      // other node): HDFS would wait for an operator; this lab's checksums are certain, so it frees those nodes.
      invalidateCorrupt(c, h.block, summary);
      copyToNewTargets(c, h, summary);
    }
    // Only now is it safe to delete the corrupt copies.
    if (goodReplicas(h.block) >= h.expected) invalidateCorrupt(c, h.block, summary);
  }
  for (const h of allBlockHealth(c)) {
    if (h.state === 'under-replicated') summary.stillUnderReplicated++;
    else if (h.state === 'missing') summary.missing++;
    else if (h.state === 'corrupt') summary.corrupt++;
  }
  return summary;
}
