// The NameNode: the namespace (path -> file -> ordered block ids), the block map (block id -> length, generation
// stamp and the DataNodes holding replicas) and its durable storage, an fsimage checkpoint plus edit-log segments
// under <dir>/current/ named as HDFS names them. Restarting replays the newest image and the edits after it.
// Tests: test/hdfs/namenode.test.ts.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  appendFileSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/index.js';
import { encodeRecord, readEditLog, type EditOp, type EditRecord, type TornRecord } from './editlog.js';
import { decodeImage, encodeImage, type FsImage } from './fsimage.js';

/** HDFS starts sequential block ids after 2^30 and generation stamps after 1000. */
export const FIRST_BLOCK_ID = 2 ** 30 + 1;
export const FIRST_GEN_STAMP = 1001;

export type ReplicaState = 'live' | 'corrupt';

export interface BlockInfo {
  id: number;
  genStamp: number;
  length: number;
  path: string;
  /** DataNode name -> replica state; only replicas on live DataNodes are kept (a dead node's entries are removed). */
  replicas: Map<string, ReplicaState>;
}

export interface INodeFile {
  path: string;
  replication: number;
  blockSize: number;
  length: number;
  blocks: number[];
  underConstruction: boolean;
}

export interface Namespace {
  blockPoolId: string;
  files: Map<string, INodeFile>;
  blocks: Map<number, BlockInfo>;
  lastBlockId: number;
  lastGenStamp: number;
  lastTxid: number;
}

export interface NameNode {
  dir: string;
  ns: Namespace;
  /** The open edit-log segment (edits_inprogress_<first txid>). */
  segmentFile: string;
  segmentFirstTxid: number;
}

const pad = (txid: number) => String(txid).padStart(19, '0');
const currentDir = (dir: string) => path.join(dir, 'current');

export function emptyNamespace(blockPoolId: string): Namespace {
  return {
    blockPoolId,
    files: new Map(),
    blocks: new Map(),
    lastBlockId: FIRST_BLOCK_ID - 1,
    lastGenStamp: FIRST_GEN_STAMP - 1,
    lastTxid: 0,
  };
}

/** Applies one logged operation to the in-memory namespace (used both when logging and when replaying). */
export function applyEdit(ns: Namespace, record: EditRecord): void {
  switch (record.op) {
    case 'OP_ADD':
      if (ns.files.has(record.path)) throw new Error(`${record.path} already exists`);
      ns.files.set(record.path, {
        path: record.path,
        replication: record.replication,
        blockSize: record.blockSize,
        length: 0,
        blocks: [],
        underConstruction: true,
      });
      break;
    case 'OP_ADD_BLOCK': {
      const file = fileOrThrow(ns, record.path);
      file.blocks.push(record.blockId);
      ns.blocks.set(record.blockId, {
        id: record.blockId,
        genStamp: record.genStamp,
        length: 0,
        path: record.path,
        replicas: new Map(),
      });
      ns.lastBlockId = Math.max(ns.lastBlockId, record.blockId);
      ns.lastGenStamp = Math.max(ns.lastGenStamp, record.genStamp);
      break;
    }
    case 'OP_CLOSE': {
      const file = fileOrThrow(ns, record.path);
      if (record.blockLengths.length !== file.blocks.length)
        throw new Error(`${record.path}: ${record.blockLengths.length} lengths for ${file.blocks.length} blocks`);
      file.blocks.forEach((id, i) => {
        (ns.blocks.get(id) as BlockInfo).length = record.blockLengths[i];
      });
      file.length = record.length;
      file.underConstruction = false;
      break;
    }
    case 'OP_DELETE': {
      const file = fileOrThrow(ns, record.path);
      for (const id of file.blocks) ns.blocks.delete(id);
      ns.files.delete(record.path);
      break;
    }
  }
  ns.lastTxid = record.txid;
}

function fileOrThrow(ns: Namespace, p: string): INodeFile {
  const file = ns.files.get(p);
  if (!file) throw new Error(`no such file ${p}`);
  return file;
}

/** Applies an operation and appends it to the open segment (a real NameNode also fsyncs; this lab does not). */
export function logEdit(nn: NameNode, op: EditOp): EditRecord {
  const record = { ...op, txid: nn.ns.lastTxid + 1 };
  applyEdit(nn.ns, record);
  appendFileSync(nn.segmentFile, encodeRecord(record));
  return record;
}

export function toImage(ns: Namespace): FsImage {
  return {
    txid: ns.lastTxid,
    blockPoolId: ns.blockPoolId,
    lastBlockId: ns.lastBlockId,
    lastGenStamp: ns.lastGenStamp,
    files: [...ns.files.values()].map((f) => ({
      path: f.path,
      replication: f.replication,
      blockSize: f.blockSize,
      length: f.length,
      underConstruction: f.underConstruction,
      blocks: f.blocks.map((id) => {
        const b = ns.blocks.get(id) as BlockInfo;
        return { id, genStamp: b.genStamp, length: b.length };
      }),
    })),
  };
}

export function fromImage(image: FsImage): Namespace {
  const ns = emptyNamespace(image.blockPoolId);
  ns.lastTxid = image.txid;
  ns.lastBlockId = image.lastBlockId;
  ns.lastGenStamp = image.lastGenStamp;
  for (const f of image.files) {
    ns.files.set(f.path, {
      path: f.path,
      replication: f.replication,
      blockSize: f.blockSize,
      length: f.length,
      underConstruction: f.underConstruction,
      blocks: f.blocks.map((b) => b.id),
    });
    for (const b of f.blocks)
      ns.blocks.set(b.id, { id: b.id, genStamp: b.genStamp, length: b.length, path: f.path, replicas: new Map() });
  }
  return ns;
}

function writeImage(dir: string, ns: Namespace): string {
  const file = path.join(currentDir(dir), `fsimage_${pad(ns.lastTxid)}`);
  writeFileSync(`${file}.ckpt`, encodeImage(toImage(ns)));
  renameSync(`${file}.ckpt`, file); // an image appears whole or not at all
  return file;
}

function openSegment(dir: string, firstTxid: number): string {
  const file = path.join(currentDir(dir), `edits_inprogress_${pad(firstTxid)}`);
  if (!existsSync(file)) writeFileSync(file, '');
  return file;
}

/** `hdfs namenode -format`: an empty namespace saved as fsimage_0, and an empty in-progress edit segment. */
export function formatNameNode(dir: string, blockPoolId: string): NameNode {
  rmSync(currentDir(dir), { recursive: true, force: true });
  mkdirSync(currentDir(dir), { recursive: true });
  const ns = emptyNamespace(blockPoolId);
  writeImage(dir, ns);
  return { dir, ns, segmentFile: openSegment(dir, 1), segmentFirstTxid: 1 };
}

/** A checkpoint: finalize the open segment as edits_<first>-<last>, save fsimage_<last>, open a new segment. */
export function checkpoint(nn: NameNode): { image: string; finalized?: string } {
  const last = nn.ns.lastTxid;
  let finalized: string | undefined;
  if (last >= nn.segmentFirstTxid) {
    finalized = path.join(currentDir(nn.dir), `edits_${pad(nn.segmentFirstTxid)}-${pad(last)}`);
    renameSync(nn.segmentFile, finalized);
  } else {
    rmSync(nn.segmentFile, { force: true });
  }
  const image = writeImage(nn.dir, nn.ns);
  nn.segmentFirstTxid = last + 1;
  nn.segmentFile = openSegment(nn.dir, last + 1);
  return { image, finalized };
}

export interface LoadReport {
  image: string;
  imageTxid: number;
  segments: { file: string; records: number }[];
  /** Edits applied on top of the image. */
  replayed: number;
  /** A torn final record found in the in-progress segment: dropped, and the segment truncated before it. */
  torn?: TornRecord & { file: string };
}

/** NameNode start-up: load the newest fsimage, then replay every later edit in transaction order. */
export function loadNameNode(dir: string): { nn: NameNode; report: LoadReport } {
  const cur = currentDir(dir);
  const names = existsSync(cur) ? readdirSync(cur) : [];
  const images = names
    .map((n) => /^fsimage_(\d{19})$/.exec(n))
    .filter((m) => m !== null)
    .map((m) => ({ file: m[0], txid: Number(m[1]) }));
  if (images.length === 0) throw new Error(`no fsimage in ${cur}; format the NameNode first`);
  const newest = images.reduce((a, b) => (b.txid > a.txid ? b : a));
  const imagePath = path.join(cur, newest.file);
  const ns = fromImage(decodeImage(readFileSync(imagePath), imagePath));

  const segments = names
    .flatMap((n) => {
      const fin = /^edits_(\d{19})-(\d{19})$/.exec(n);
      if (fin) return [{ file: n, first: Number(fin[1]), last: Number(fin[2]), inProgress: false }];
      const open = /^edits_inprogress_(\d{19})$/.exec(n);
      return open ? [{ file: n, first: Number(open[1]), last: Infinity, inProgress: true }] : [];
    })
    .filter((s) => s.last > newest.txid)
    .sort((a, b) => a.first - b.first);

  const report: LoadReport = { image: imagePath, imageTxid: newest.txid, segments: [], replayed: 0 };
  let open: { file: string; first: number } | undefined;
  for (const seg of segments) {
    const file = path.join(cur, seg.file);
    const contents = readEditLog(readFileSync(file), file, { allowTornTail: seg.inProgress, firstTxid: seg.first });
    let applied = 0;
    for (const record of contents.records) {
      if (record.txid <= ns.lastTxid) continue; // already in the image
      if (record.txid !== ns.lastTxid + 1) {
        throw new InputError(
          `edit log "${file}": transaction ${record.txid} follows ${ns.lastTxid}; edits ${ns.lastTxid + 1}..${record.txid - 1} are missing`,
        );
      }
      applyEdit(ns, record);
      applied++;
    }
    report.segments.push({ file, records: contents.records.length });
    report.replayed += applied;
    if (contents.torn) {
      report.torn = { ...contents.torn, file };
      truncateSync(file, contents.torn.offset); // recovery: the log ends at the last whole record
    }
    if (seg.inProgress) open = { file, first: seg.first };
  }
  const nn: NameNode = open
    ? { dir, ns, segmentFile: open.file, segmentFirstTxid: open.first }
    : { dir, ns, segmentFile: openSegment(dir, ns.lastTxid + 1), segmentFirstTxid: ns.lastTxid + 1 };
  return { nn, report };
}

// Namespace operations used by the client; each is logged before it returns.

export function startFile(nn: NameNode, p: string, replication: number, blockSize: number): void {
  logEdit(nn, { op: 'OP_ADD', path: p, replication, blockSize });
}

export function allocateBlock(nn: NameNode, p: string): BlockInfo {
  const blockId = nn.ns.lastBlockId + 1;
  logEdit(nn, { op: 'OP_ADD_BLOCK', path: p, blockId, genStamp: nn.ns.lastGenStamp + 1 });
  return nn.ns.blocks.get(blockId) as BlockInfo;
}

export function completeFile(nn: NameNode, p: string, blockLengths: number[]): void {
  logEdit(nn, { op: 'OP_CLOSE', path: p, length: blockLengths.reduce((s, x) => s + x, 0), blockLengths });
}

export function deleteFile(nn: NameNode, p: string): BlockInfo[] {
  const file = fileOrThrow(nn.ns, p);
  const blocks = file.blocks.map((id) => nn.ns.blocks.get(id) as BlockInfo);
  logEdit(nn, { op: 'OP_DELETE', path: p });
  return blocks;
}

/** The namespace without block locations, for comparing two NameNodes (e.g. before and after a restart). */
export function namespaceSnapshot(ns: Namespace): FsImage {
  return toImage(ns);
}
