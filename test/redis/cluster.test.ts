// Tests src/redis/cluster.ts: CRC16 and key slots against known answers (hash tags included), CLUSTER NODES
// parsing, and a real 3+3 cluster on loopback: every slot assigned once, every key on the primary its slot names,
// MOVED for exactly the keys the asked node does not own, and a failover that ends with the replica taking writes.
import { describe, expect, it } from 'vitest';
import { clusterTable, crc16, findRedisCli, keySlot, parseClusterNodes } from '../../src/redis/cluster.js';
import { binary, noServer, testGroup } from './helpers.js';

describe('key slots', () => {
  it('computes CRC16-XMODEM and slots as Redis does', () => {
    expect(crc16('123456789')).toBe(0x31c3); // the CRC16-XMODEM check value
    expect(keySlot('foo')).toBe(12182); // CLUSTER KEYSLOT foo
    expect(keySlot('user:{42}:name')).toBe(keySlot('42'));
    expect(keySlot('a{}b')).toBe(crc16('a{}b') % 16384); // an empty tag hashes the whole key
  });

  it('parses CLUSTER NODES', () => {
    const nodes = parseClusterNodes(
      'aaa 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460\n' +
        'bbb 127.0.0.1:7001@17001 slave aaa 0 0 1 connected\n' +
        'ccc 127.0.0.1:7002@17002 master - 0 0 2 connected 5461-10922 10923\n',
    );
    expect(nodes.map((n) => [n.id, n.port, n.role, n.primaryId ?? null])).toEqual([
      ['aaa', 7000, 'primary', null],
      ['bbb', 7001, 'replica', 'aaa'],
      ['ccc', 7002, 'primary', null],
    ]);
    expect(nodes[2].slots).toEqual([
      [5461, 10922],
      [10923, 10923],
    ]);
  });
});

describe.skipIf(noServer || !binary.available || !findRedisCli(binary.path))('a real cluster on loopback', () => {
  const group = testGroup();
  it('assigns every slot once, routes keys by slot, counts MOVED exactly, and fails over', async () => {
    const keys = 600;
    const c = await clusterTable(group, { keys, writes: 20, nodeTimeoutMs: 1000, valueBytes: 8 });
    expect(c.nodes).toHaveLength(3);
    expect(c.nodes.reduce((s, n) => s + n.slots, 0)).toBe(16384);
    expect(c.nodes.reduce((s, n) => s + n.keys, 0)).toBe(keys);
    expect(c.redirects.moved).toBe(keys - c.nodes[0].keys);
    expect(c.failover.acknowledged).toBe(20);
    expect(c.failover.failoverMs).toBeGreaterThan(0);
    expect(group.servers.every((s) => !s.alive())).toBe(true);
  });
});
