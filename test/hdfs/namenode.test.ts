// The edit log's framing and torn-record handling, and the NameNode's image plus edit-log replay on restart.
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/index.js';
import { encodeRecord, readEditLog, type EditRecord } from '../../src/hdfs/editlog.js';
import {
  allocateBlock,
  checkpoint,
  completeFile,
  formatNameNode,
  loadNameNode,
  namespaceSnapshot,
  startFile,
  FIRST_BLOCK_ID,
  FIRST_GEN_STAMP,
} from '../../src/hdfs/namenode.js';
import { tempDir } from './helpers.js';

const records: EditRecord[] = [
  { op: 'OP_ADD', path: '/a', replication: 3, blockSize: 1024, txid: 1 },
  { op: 'OP_ADD_BLOCK', path: '/a', blockId: FIRST_BLOCK_ID, genStamp: FIRST_GEN_STAMP, txid: 2 },
  { op: 'OP_CLOSE', path: '/a', length: 10, blockLengths: [10], txid: 3 },
];
const log = () => Buffer.concat(records.map(encodeRecord));

function writeTwoFiles(dir: string) {
  const nn = formatNameNode(dir, 'BP-1-127.0.0.1-1');
  startFile(nn, '/user/a', 3, 1024);
  allocateBlock(nn, '/user/a');
  allocateBlock(nn, '/user/a');
  completeFile(nn, '/user/a', [1024, 5]);
  checkpoint(nn);
  startFile(nn, '/user/b', 2, 1024);
  allocateBlock(nn, '/user/b');
  completeFile(nn, '/user/b', [7]);
  return nn;
}

describe('edit log', () => {
  it('reads back every framed record', () => {
    expect(readEditLog(log(), 'edits', { allowTornTail: false }).records).toEqual(records);
  });

  it('drops a torn final record, at any cut point', () => {
    const full = log();
    const lastStart = full.length - encodeRecord(records[2]).length;
    for (let cut = lastStart + 1; cut < full.length; cut++) {
      const got = readEditLog(full.subarray(0, cut), 'edits', { allowTornTail: true });
      expect(got.records.map((r) => r.txid)).toEqual([1, 2]);
      expect(got.torn?.offset).toBe(lastStart);
    }
  });

  it('drops a final record whose checksum fails, but not in a finalized segment', () => {
    const bad = log();
    bad[bad.length - 6] ^= 1;
    expect(readEditLog(bad, 'edits', { allowTornTail: true }).torn?.reason).toMatch(/CRC32C/);
    expect(() => readEditLog(bad, 'edits_1-3', { allowTornTail: false })).toThrow(InputError);
  });

  it('rejects corruption in the middle of the log and gaps in transaction ids', () => {
    const bad = log();
    bad[10] ^= 1;
    expect(() => readEditLog(bad, 'edits', { allowTornTail: true })).toThrow(/corrupt/);
    const gap = Buffer.concat([encodeRecord(records[0]), encodeRecord(records[2])]);
    expect(() => readEditLog(gap, 'edits', { allowTornTail: true, firstTxid: 1 })).toThrow(/missing/);
  });
});

describe('NameNode image and edit log', () => {
  it('names its files as HDFS does', () => {
    const dir = tempDir();
    writeTwoFiles(dir);
    expect(readdirSync(path.join(dir, 'current')).sort()).toEqual([
      'edits_0000000000000000001-0000000000000000004',
      'edits_inprogress_0000000000000000005',
      'fsimage_0000000000000000000',
      'fsimage_0000000000000000004',
    ]);
  });

  it('restores the namespace from image plus edit log replay', () => {
    const dir = tempDir();
    const nn = writeTwoFiles(dir);
    const { nn: restored, report } = loadNameNode(dir);
    expect(namespaceSnapshot(restored.ns)).toEqual(namespaceSnapshot(nn.ns));
    expect(report.imageTxid).toBe(4);
    expect(report.replayed).toBe(3);
    expect(report.torn).toBeUndefined();
    expect(restored.ns.files.get('/user/a')?.blocks).toEqual([FIRST_BLOCK_ID, FIRST_BLOCK_ID + 1]);
    expect(restored.ns.blocks.get(FIRST_BLOCK_ID + 2)?.genStamp).toBe(FIRST_GEN_STAMP + 2);
    // New ids continue after the replayed ones.
    expect(allocateBlock(restored, '/user/b').id).toBe(FIRST_BLOCK_ID + 3);
  });

  it('rejects a torn final record, truncates it away and keeps appending cleanly', () => {
    const dir = tempDir();
    const nn = writeTwoFiles(dir);
    const before = namespaceSnapshot(nn.ns);
    const torn = encodeRecord({ op: 'OP_ADD', path: '/user/c', replication: 3, blockSize: 1024, txid: 8 });
    appendFileSync(nn.segmentFile, torn.subarray(0, 9));
    const sizeBefore = statSync(nn.segmentFile).size;
    const { nn: restored, report } = loadNameNode(dir);
    expect(namespaceSnapshot(restored.ns)).toEqual(before);
    expect(restored.ns.files.has('/user/c')).toBe(false);
    expect(report.torn).toMatchObject({ bytes: 9 });
    expect(statSync(nn.segmentFile).size).toBe(sizeBefore - 9);
    startFile(restored, '/user/d', 1, 1024);
    expect(loadNameNode(dir).nn.ns.files.has('/user/d')).toBe(true);
  });

  it('refuses a corrupt fsimage', () => {
    const dir = tempDir();
    writeTwoFiles(dir);
    const image = path.join(dir, 'current', 'fsimage_0000000000000000004');
    const bytes = readFileSync(image);
    bytes[bytes.length - 3] ^= 1;
    writeFileSync(image, bytes);
    expect(() => loadNameNode(dir)).toThrow(/fsimage .* corrupt/);
  });

  it('refuses an edit log with a missing segment', () => {
    const dir = tempDir();
    writeTwoFiles(dir);
    rmSync(path.join(dir, 'current', 'fsimage_0000000000000000004'));
    rmSync(path.join(dir, 'current', 'edits_0000000000000000001-0000000000000000004'));
    expect(() => loadNameNode(dir)).toThrow(/transaction 5 follows 0; edits 1..4 are missing/);
  });
});
