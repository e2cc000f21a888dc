// fsck's text and counts in the layout of `hdfs fsck / -files -blocks -locations`: healthy, mis-replicated,
// under-replicated, missing, corrupt.
import { describe, expect, it } from 'vitest';
import { writeFile } from '../../src/hdfs/client.js';
import { dataNode, failDataNodes } from '../../src/hdfs/cluster.js';
import { flipByte } from '../../src/hdfs/datanode.js';
import { fsck, javaDate, javaFloat } from '../../src/hdfs/fsck.js';
import { BUILTIN_POLICIES } from '../../src/hdfs/placement.js';
import { scanAllReplicas } from '../../src/hdfs/replication.js';
import { bytes, smallCluster } from './helpers.js';

const now = () => new Date(Date.UTC(2024, 0, 2, 15, 4, 5));

describe('fsck', () => {
  it('formats numbers and dates as Java does', () => {
    expect(javaFloat(3)).toBe('3.0');
    expect(javaFloat(12.5)).toBe('12.5');
    expect(javaFloat(100 / 3)).toBe('33.333332');
    expect(javaDate(now())).toBe('Tue Jan 02 15:04:05 UTC 2024');
  });

  it('reports a healthy file in the layout of hdfs fsck -files -blocks -locations', () => {
    const c = smallCluster({ racks: 1, policy: BUILTIN_POLICIES['round-robin'] });
    writeFile(c, '/user/x/f', bytes(2500), { replication: 2, blockSize: 1024 });
    const { text, summary } = fsck(c, { now });
    const bp = c.namenode.ns.blockPoolId;
    expect(text).toContain(
      'FSCK started by syslab (auth:SIMPLE) from /127.0.0.1 for path / at Tue Jan 02 15:04:05 UTC 2024\n',
    );
    expect(text).toContain('/user/x/f 2500 bytes, 3 block(s):  OK\n');
    expect(text).toContain(
      `0. ${bp}:blk_1073741825_1001 len=1024 Live_repl=2 [DatanodeInfoWithStorage[dn01:9866,DS-dn01,DISK], DatanodeInfoWithStorage[dn02:9866,DS-dn02,DISK]]\n`,
    );
    expect(text).toContain(`2. ${bp}:blk_1073741827_1003 len=452 Live_repl=2`);
    for (const line of [
      'Status: HEALTHY',
      ' Total size:\t2500 B',
      ' Total dirs:\t3',
      ' Total files:\t1',
      ' Total blocks (validated):\t3 (avg. block size 833 B)',
      ' Under-replicated blocks:\t0 (0.0 %)',
      ' Default replication factor:\t2',
      ' Average block replication:\t2.0',
      ' Missing blocks:\t\t0',
      ' Corrupt blocks:\t\t0',
      ' Number of data-nodes:\t\t6',
      ' Number of racks:\t\t1',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
    expect(text.endsWith("The filesystem under path '/' is HEALTHY\n")).toBe(true);
    expect(summary).toMatchObject({
      status: 'HEALTHY',
      blocks: 3,
      underReplicated: 0,
      missingBlocks: 0,
      misReplicated: 0,
    });
  });

  it('flags blocks on fewer racks than the default rule asks (mis-replicated)', () => {
    const c = smallCluster({ racks: 2, policy: BUILTIN_POLICIES['round-robin'] }); // dn01-dn03 on /rack1
    writeFile(c, '/f', bytes(3072), { replication: 2, blockSize: 1024 }); // dn01+dn02, dn02+dn03, dn03+dn04
    const { text, summary } = fsck(c, { now });
    expect(summary.misReplicated).toBe(2);
    expect(text).toContain(' Replica placement policy is violated for ');
    expect(text).toContain('Block should be additionally replicated on 1 more rack(s).');
    expect(summary.status).toBe('HEALTHY');
  });

  it('counts under-replicated, missing and corrupt blocks as HDFS words them', () => {
    const c = smallCluster({ nodes: 4, policy: BUILTIN_POLICIES['round-robin'] });
    const blocks = writeFile(c, '/f', bytes(4096), { replication: 2, blockSize: 1024 });
    failDataNodes(c, ['dn01', 'dn02']); // block 0 (dn01 dn02) missing; blocks 1 and 3 under-replicated
    flipByte(dataNode(c, 'dn03'), blocks[2], 0);
    flipByte(dataNode(c, 'dn04'), blocks[2], 0); // block 2 (dn03 dn04) corrupt everywhere
    scanAllReplicas(c);
    const { text, summary } = fsck(c, { now });
    expect(summary).toMatchObject({
      status: 'CORRUPT',
      underReplicated: 2,
      missingBlocks: 1,
      corruptBlocks: 1,
      corruptReplicas: 2,
      missingReplicas: 2,
    });
    expect(text).toContain(`/f: CORRUPT blockpool ${c.namenode.ns.blockPoolId} block blk_1073741827\n`);
    expect(text).toContain(`0. ${c.namenode.ns.blockPoolId}:blk_1073741825_1001 len=1024 MISSING!\n`);
    expect(text).toContain(
      'Target Replicas is 2 but found 1 live replica(s), 0 decommissioned replica(s) and 0 decommissioning replica(s).',
    );
    expect(text).toContain(' MISSING 1 blocks of total size 1024 B\n');
    for (const line of [
      'Status: CORRUPT',
      ' Under-replicated blocks:\t2 (50.0 %)',
      ' Missing blocks:\t\t1',
      ' Corrupt blocks:\t\t1',
      '  CORRUPT FILES:\t1',
      ' Number of data-nodes:\t\t2',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
    expect(text.endsWith("The filesystem under path '/' is CORRUPT\n")).toBe(true);
  });
});
