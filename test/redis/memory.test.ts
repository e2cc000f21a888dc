// Tests src/redis/memory.ts against a real server: exact key counts and payloads per layout, the encodings the
// listpack threshold decides, the empty row, and the server's config restored and emptied afterwards.
import { describe, expect, it } from 'vitest';
import { FIELDS_PER_HASH, loadItems, memoryTable } from '../../src/redis/memory.js';
import { freshServer, noServer, testGroup } from './helpers.js';

describe.skipIf(noServer)('memory on a real server', () => {
  const group = testGroup();
  it('loads exactly the items asked for', async () => {
    const { client } = await freshServer(group, 'load');
    const payload = await loadItems(client, 'strings', 2500, 10);
    expect(await client.dbsize()).toBe(2500);
    // key:0..key:2499: 10 one-digit, 90 two-digit, 900 three-digit and 1500 four-digit suffixes; 10-byte values
    expect(payload).toBe(2500 * (4 + 10) + 10 + 90 * 2 + 900 * 3 + 1500 * 4);
    await client.flushall();
    await loadItems(client, 'hashes', 250, 10);
    expect(await client.dbsize()).toBe(Math.ceil(250 / FIELDS_PER_HASH));
    expect(await client.hlen('hash:2')).toBe(50);
  });

  it('measures each layout, shows the encodings, and restores the server', async () => {
    const { client } = await freshServer(group, 'table');
    const before = await client.config('GET', 'hash-max-listpack-entries');
    const rows = await memoryTable(client, {
      counts: [300],
      valueSizes: [8, 100],
      layouts: ['strings', 'hashes', 'hashes-hashtable'],
    });
    expect(rows[0].layout).toBe('empty instance');
    expect(rows[0].usedBytes).toBeGreaterThan(0);
    const row = (layout: string, v: number) => rows.find((r) => r.layout === layout && r.valueBytes === v)!;
    expect(row('strings', 8).redisKeys).toBe(300);
    expect(row('hashes', 8).redisKeys).toBe(3);
    expect(row('hashes', 8).encoding).toBe('listpack');
    expect(row('hashes', 100).encoding).toBe('hashtable'); // values over hash-max-listpack-value (64)
    expect(row('hashes-hashtable', 8).encoding).toBe('hashtable');
    expect(row('strings', 8).encoding).toBe('embstr');
    expect(row('hashes', 8).bytesPerItem).toBeLessThan(row('strings', 8).bytesPerItem);
    expect(await client.config('GET', 'hash-max-listpack-entries')).toEqual(before);
    expect(await client.dbsize()).toBe(0);
  });
});
