// The client: split then read is byte-identical for 0, 1, block-1, block, block+1 and a random size; replica files;
// corrupt replicas skipped.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { blockRanges, readFile, removeFile, writeFile } from '../../src/hdfs/client.js';
import { dataNode } from '../../src/hdfs/cluster.js';
import { flipByte } from '../../src/hdfs/datanode.js';
import { bytes, smallCluster } from './helpers.js';

const BLOCK = 4096;

describe('HDFS client write and read', () => {
  it('splits into full blocks and one partial last block', () => {
    expect(blockRanges(0, 10)).toEqual([]);
    expect(blockRanges(10, 10)).toEqual([{ offset: 0, length: 10 }]);
    expect(blockRanges(25, 10)).toEqual([
      { offset: 0, length: 10 },
      { offset: 10, length: 10 },
      { offset: 20, length: 5 },
    ]);
  });

  const random = createRng(99).int(5 * BLOCK) + 1;
  it.each([0, 1, BLOCK - 1, BLOCK, BLOCK + 1, random])('round-trips %i bytes byte-identically', (size) => {
    const c = smallCluster();
    const data = bytes(size);
    const blocks = writeFile(c, '/f', data, { replication: 3, blockSize: BLOCK });
    expect(blocks.length).toBe(Math.ceil(size / BLOCK));
    expect(blocks.map((b) => b.length).reduce((a, b) => a + b, 0)).toBe(size);
    const read = readFile(c, '/f');
    expect(read.data && Buffer.compare(read.data, Buffer.from(data))).toBe(0);
    expect(c.namenode.ns.files.get('/f')?.length).toBe(size);
  });

  it('stores each replica as blk_<id> and blk_<id>_<gs>.meta files', () => {
    const c = smallCluster();
    writeFile(c, '/f', bytes(BLOCK + 100), { replication: 2, blockSize: BLOCK });
    const files = [...c.datanodes.values()].flatMap((d) =>
      readdirSync(d.dir).map((f) => ({ f, size: statSync(path.join(d.dir, f)).size })),
    );
    expect(files.filter((x) => x.f === 'blk_1073741825').map((x) => x.size)).toEqual([BLOCK, BLOCK]);
    expect(files.filter((x) => x.f === 'blk_1073741826_1002.meta').map((x) => x.size)).toEqual([7 + 4, 7 + 4]); // 100 bytes: one chunk
    expect(files.filter((x) => x.f === 'blk_1073741825_1001.meta').map((x) => x.size)).toEqual([7 + 32, 7 + 32]);
  });

  it('detects a flipped byte, reports the replica and reads another one', () => {
    const c = smallCluster();
    const data = bytes(3 * BLOCK);
    const [block] = writeFile(c, '/f', data, { replication: 3, blockSize: BLOCK });
    const holders = [...block.replicas.keys()];
    for (const name of holders.slice(0, 2)) flipByte(dataNode(c, name), block, 100);
    const read = readFile(c, '/f');
    expect(read.data && createHash('sha256').update(read.data).digest('hex')).toBe(
      createHash('sha256').update(data).digest('hex'),
    );
    expect(read.badReplicas.length).toBeGreaterThanOrEqual(1);
    expect(read.badReplicas.every((b) => b.blockId === block.id && holders.slice(0, 2).includes(b.node))).toBe(true);
    for (const b of read.badReplicas) expect(block.replicas.get(b.node)).toBe('corrupt');
    expect(read.sources[0]?.node).toBe(holders[2]);
  });

  it('cannot read a block whose only replica is corrupt', () => {
    const c = smallCluster();
    const [block] = writeFile(c, '/f', bytes(BLOCK + 10), { replication: 1, blockSize: BLOCK });
    flipByte(dataNode(c, [...block.replicas.keys()][0]), block, 0);
    const read = readFile(c, '/f');
    expect(read.data).toBeUndefined();
    expect(read.unreadableBytes).toBe(BLOCK);
    expect(read.badReplicas.length).toBe(1);
  });

  it('reads the local replica first when the reader is a DataNode holding one', () => {
    const c = smallCluster({ nodes: 8 });
    writeFile(c, '/f', bytes(4 * BLOCK), { replication: 3, blockSize: BLOCK, writer: 'dn05' });
    const read = readFile(c, '/f', { reader: 'dn05' });
    expect(read.sources.map((s) => `${s.node}:${s.distance}`)).toEqual(['dn05:0', 'dn05:0', 'dn05:0', 'dn05:0']);
  });

  it('removes a file and its replicas', () => {
    const c = smallCluster();
    writeFile(c, '/f', bytes(2 * BLOCK), { replication: 3, blockSize: BLOCK });
    removeFile(c, '/f');
    expect(c.namenode.ns.files.size).toBe(0);
    expect([...c.datanodes.values()].flatMap((d) => readdirSync(d.dir))).toEqual([]);
  });
});
