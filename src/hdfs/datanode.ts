// A DataNode's storage: one local directory holding blk_<id> (the block's bytes) and blk_<id>_<gs>.meta (its
// checksums) for every replica it stores. Failing a DataNode removes its directory, as a lost disk or machine would.
// Tests: test/hdfs/client.test.ts, test/hdfs/replication.test.ts.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataNodeInfo } from './topology.js';

export interface DataNode extends DataNodeInfo {
  dir: string;
  alive: boolean;
}

export interface BlockRef {
  id: number;
  genStamp: number;
}

export interface StoredReplica extends BlockRef {
  length: number;
}

export const blockFileName = (id: number): string => `blk_${id}`;
export const metaFileName = (b: BlockRef): string => `blk_${b.id}_${b.genStamp}.meta`;

export function createDataNode(info: DataNodeInfo, clusterDir: string): DataNode {
  const dir = path.join(clusterDir, info.name);
  mkdirSync(dir, { recursive: true });
  return { ...info, dir, alive: true };
}

/** Thrown when a DataNode cannot serve a replica: the node is down or the files are gone. */
export class ReplicaUnavailable extends Error {
  override readonly name = 'ReplicaUnavailable';
}

export function writeReplica(dn: DataNode, block: BlockRef, data: Uint8Array, meta: Uint8Array): void {
  if (!dn.alive) throw new ReplicaUnavailable(`${dn.name} is dead`);
  writeFileSync(path.join(dn.dir, blockFileName(block.id)), data);
  writeFileSync(path.join(dn.dir, metaFileName(block)), meta);
}

export function readReplica(dn: DataNode, block: BlockRef): { data: Buffer; meta: Buffer } {
  if (!dn.alive) throw new ReplicaUnavailable(`${dn.name} is dead`);
  try {
    return {
      data: readFileSync(path.join(dn.dir, blockFileName(block.id))),
      meta: readFileSync(path.join(dn.dir, metaFileName(block))),
    };
  } catch (error) {
    throw new ReplicaUnavailable(
      `${dn.name} cannot read blk_${block.id}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

export function deleteReplica(dn: DataNode, block: BlockRef): void {
  rmSync(path.join(dn.dir, blockFileName(block.id)), { force: true });
  rmSync(path.join(dn.dir, metaFileName(block)), { force: true });
}

/** The block report a DataNode sends the NameNode at start-up: every complete replica (data and meta) it holds. */
export function blockReport(dn: DataNode): StoredReplica[] {
  if (!dn.alive || !existsSync(dn.dir)) return [];
  const files = readdirSync(dn.dir);
  const dataFiles = new Set(files.filter((f) => /^blk_\d+$/.test(f)));
  const report: StoredReplica[] = [];
  for (const f of files) {
    const m = /^blk_(\d+)_(\d+)\.meta$/.exec(f);
    if (!m || !dataFiles.has(`blk_${m[1]}`)) continue;
    const id = Number(m[1]);
    report.push({ id, genStamp: Number(m[2]), length: statSync(path.join(dn.dir, blockFileName(id))).size });
  }
  return report.sort((a, b) => a.id - b.id);
}

/** Kills a DataNode: its directory and every replica in it are gone. */
export function failDataNode(dn: DataNode): void {
  rmSync(dn.dir, { recursive: true, force: true });
  dn.alive = false;
}

/** Flips every bit of one byte of a stored replica (silent disk corruption). */
export function flipByte(dn: DataNode, block: BlockRef, offset: number): void {
  const file = path.join(dn.dir, blockFileName(block.id));
  const bytes = readFileSync(file);
  if (offset < 0 || offset >= bytes.length)
    throw new Error(`offset ${offset} outside blk_${block.id} (${bytes.length} bytes)`);
  bytes[offset] = bytes[offset] ^ 0xff;
  writeFileSync(file, bytes);
}

/** Bytes on disk in this DataNode's directory: block files and meta files separately. */
export function storedBytes(dn: DataNode): { data: number; meta: number } {
  const out = { data: 0, meta: 0 };
  if (!existsSync(dn.dir)) return out;
  for (const f of readdirSync(dn.dir)) {
    const size = statSync(path.join(dn.dir, f)).size;
    if (f.endsWith('.meta')) out.meta += size;
    else if (f.startsWith('blk_')) out.data += size;
  }
  return out;
}
