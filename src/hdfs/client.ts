// The HDFS client: write splits a file into blocks, checksums each 512-byte chunk and pushes every block to the
// targets the NameNode chose; read reassembles the file from the closest good replica of each block, verifying
// checksums, reporting a bad replica and falling back to the next one. Tests: test/hdfs/client.test.ts.
import { InputError } from '../core/index.js';
import { metaFor, verifyBlock } from './checksum.js';
import { chooseTargets, dataNode, reportBadReplica, type Cluster } from './cluster.js';
import { deleteReplica, readReplica, ReplicaUnavailable, writeReplica, type DataNode } from './datanode.js';
import { allocateBlock, completeFile, deleteFile, startFile, type BlockInfo } from './namenode.js';
import { networkDistance } from './topology.js';

/** Byte ranges of the blocks of a file: all full except the last, and none for an empty file. */
export function blockRanges(fileLength: number, blockSize: number): { offset: number; length: number }[] {
  const ranges: { offset: number; length: number }[] = [];
  for (let offset = 0; offset < fileLength; offset += blockSize)
    ranges.push({ offset, length: Math.min(blockSize, fileLength - offset) });
  return ranges;
}

export interface WriteOptions {
  replication: number;
  blockSize: number;
  /** The DataNode the client runs on; undefined for a client outside the cluster. */
  writer?: string;
}

export function writeFile(c: Cluster, path: string, data: Uint8Array, o: WriteOptions): BlockInfo[] {
  const nn = c.namenode;
  startFile(nn, path, o.replication, o.blockSize);
  const blocks: BlockInfo[] = [];
  for (const range of blockRanges(data.length, o.blockSize)) {
    const block = allocateBlock(nn, path);
    const bytes = data.subarray(range.offset, range.offset + range.length);
    const meta = metaFor(bytes, c.bytesPerChecksum);
    const targets = chooseTargets(c, block, o.replication, o.replication, o.writer);
    if (targets.length === 0) {
      // Only a policy that returns nothing gets here (the built-in ones always find a live node); HDFS's own words
      // follow.
      const running = [...c.datanodes.values()].filter((d) => d.alive).length;
      throw new InputError(
        `placement policy "${c.policy.name}" chose no DataNode for blk_${block.id}: File ${path} could only be ` +
          `written to 0 of the 1 minReplication nodes. There are ${running} datanode(s) running.`,
      );
    }
    for (const dn of targets) {
      // the write pipeline: writer -> first target -> second -> third
      writeReplica(dn, block, bytes, meta);
      block.replicas.set(dn.name, 'live');
    }
    block.length = range.length;
    blocks.push(block);
  }
  completeFile(
    nn,
    path,
    blocks.map((b) => b.length),
  );
  return blocks;
}

export interface ReadOptions {
  /** The DataNode the reader runs on; undefined for a client outside the cluster. */
  reader?: string;
}

export interface BadReplica {
  blockId: number;
  node: string;
  reason: string;
}

export interface ReadResult {
  /** The whole file, or undefined when some block had no readable good replica. */
  data?: Buffer;
  blocks: number;
  /** Blocks that could not be read from any replica. */
  unreadableBlocks: BlockInfo[];
  unreadableBytes: number;
  /** Replicas that failed checksum verification on this read (reported to the NameNode). */
  badReplicas: BadReplica[];
  /** Where each block was read from, and the network distance. */
  sources: { blockId: number; node: string; distance: number }[];
}

/** Live good replicas of a block, closest to the reader first (ties in random order, as HDFS shuffles them). */
export function replicasByDistance(c: Cluster, block: BlockInfo, reader?: string): DataNode[] {
  const readerNode = reader === undefined ? undefined : c.datanodes.get(reader);
  const from = readerNode?.alive ? readerNode : undefined;
  const good = [...block.replicas]
    .filter(([, state]) => state === 'live')
    .map(([name]) => dataNode(c, name))
    .filter((d) => d.alive);
  return c.ioRng.shuffle(good).sort((a, b) => networkDistance(from, a) - networkDistance(from, b));
}

/** Reads one block from its best good replica; bad replicas found on the way are reported and skipped. */
export function readBlock(
  c: Cluster,
  block: BlockInfo,
  reader: string | undefined,
  bad: BadReplica[],
): { data: Buffer; meta: Buffer; node: DataNode } | undefined {
  for (const dn of replicasByDistance(c, block, reader)) {
    let replica: { data: Buffer; meta: Buffer };
    try {
      replica = readReplica(dn, block);
    } catch (error) {
      if (error instanceof ReplicaUnavailable) continue;
      throw error;
    }
    const check =
      replica.data.length === block.length
        ? verifyBlock(replica.data, replica.meta)
        : {
            ok: false as const,
            offset: 0,
            reason: `replica has ${replica.data.length} bytes, the NameNode expects ${block.length}`,
          };
    if (check.ok) return { data: replica.data, meta: replica.meta, node: dn };
    reportBadReplica(block, dn.name);
    bad.push({ blockId: block.id, node: dn.name, reason: check.reason });
  }
  return undefined;
}

export function readFile(c: Cluster, path: string, o: ReadOptions = {}): ReadResult {
  const file = c.namenode.ns.files.get(path);
  if (!file) throw new Error(`File does not exist: ${path}`);
  const result: ReadResult = {
    blocks: file.blocks.length,
    unreadableBlocks: [],
    unreadableBytes: 0,
    badReplicas: [],
    sources: [],
  };
  const parts: Buffer[] = [];
  const readerNode = o.reader === undefined ? undefined : c.datanodes.get(o.reader);
  for (const id of file.blocks) {
    const block = c.namenode.ns.blocks.get(id) as BlockInfo;
    const got = readBlock(c, block, o.reader, result.badReplicas);
    if (got) {
      parts.push(got.data);
      result.sources.push({
        blockId: id,
        node: got.node.name,
        distance: networkDistance(readerNode?.alive ? readerNode : undefined, got.node),
      });
    } else {
      result.unreadableBlocks.push(block);
      result.unreadableBytes += block.length;
    }
  }
  if (result.unreadableBlocks.length === 0) result.data = Buffer.concat(parts);
  return result;
}

/** `hdfs dfs -rm`: the NameNode logs the delete and the DataNodes drop the replicas. */
export function removeFile(c: Cluster, path: string): void {
  for (const block of deleteFile(c.namenode, path)) {
    for (const name of block.replicas.keys()) {
      const dn = dataNode(c, name);
      if (dn.alive) deleteReplica(dn, block);
    }
  }
}
