// The `memory` table: what N keys cost in a real server. For each layout (plain strings; hashes of 100 fields, as
// listpacks while small, or forced to hashtables) and value size, loads N items into an emptied server and reads
// INFO memory, MEMORY USAGE and OBJECT ENCODING; the empty instance is a row of its own. Needs a server it may flush
// and reconfigure. Tests: test/redis/memory.test.ts.
import type { Redis } from 'ioredis';
import { parseInfo } from './client.js';

export const LAYOUTS = ['strings', 'hashes', 'hashes-hashtable'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** Fields per hash in the hash layouts (below the default hash-max-listpack-entries of 128). */
export const FIELDS_PER_HASH = 100;

export interface MemoryRow {
  [column: string]: string | number;
  layout: string;
  valueBytes: number;
  items: number;
  /** Keys in the server (DBSIZE): items for strings, items / 100 for hashes. */
  redisKeys: number;
  encoding: string;
  /** Key names (or field names) and values, in bytes. */
  payloadBytes: number;
  /** used_memory after loading minus used_memory of the emptied server (for the empty row: used_memory itself). */
  usedBytes: number;
  rssBytes: number;
  bytesPerItem: number;
  /** Bytes per item beyond its payload. */
  overheadPerItem: number;
  bytesPerPayloadByte: number;
  /** MEMORY USAGE of one sampled key (a string, or one whole hash). */
  memoryUsageSample: number;
}

async function memoryInfo(client: Redis): Promise<{ used: number; rss: number }> {
  const info = parseInfo(await client.info('memory'));
  return { used: Number(info.get('used_memory')), rss: Number(info.get('used_memory_rss')) };
}

/** Loads `items` items of `layout` with values of `valueBytes`; returns the payload bytes sent. */
export async function loadItems(client: Redis, layout: Layout, items: number, valueBytes: number): Promise<number> {
  const value = 'v'.repeat(valueBytes);
  let payload = 0;
  const batch = 1000;
  let pipe = client.pipeline();
  let queued = 0;
  for (let start = 0; start < items; start += batch) {
    const end = Math.min(items, start + batch);
    if (layout === 'strings') {
      const args: string[] = [];
      for (let i = start; i < end; i++) {
        const key = `key:${i}`;
        args.push(key, value);
        payload += key.length + valueBytes;
      }
      pipe.mset(...args);
      queued++;
    } else {
      for (let h = Math.floor(start / FIELDS_PER_HASH) * FIELDS_PER_HASH; h < end; h += FIELDS_PER_HASH) {
        const args: string[] = [];
        for (let i = Math.max(h, start); i < Math.min(end, h + FIELDS_PER_HASH); i++) {
          const field = `f:${i}`;
          args.push(field, value);
          payload += field.length + valueBytes;
        }
        pipe.hset(`hash:${Math.floor(h / FIELDS_PER_HASH)}`, ...args);
        queued++;
      }
    }
    if (queued >= 20) {
      await pipe.exec();
      pipe = client.pipeline();
      queued = 0;
    }
  }
  if (queued) await pipe.exec();
  return payload;
}

/**
 * Measures every (layout, value size, item count) on `client`'s server, which it flushes and reconfigures
 * (hash-max-listpack-entries, restored afterwards). The first row is the empty instance.
 */
export async function memoryTable(
  client: Redis,
  o: { counts: number[]; valueSizes: number[]; layouts: readonly Layout[] },
): Promise<MemoryRow[]> {
  const [, listpackEntries] = (await client.config('GET', 'hash-max-listpack-entries')) as [string, string];
  const rows: MemoryRow[] = [];
  await client.flushall('SYNC');
  const empty = await memoryInfo(client);
  rows.push({
    layout: 'empty instance',
    valueBytes: 0,
    items: 0,
    redisKeys: 0,
    encoding: '',
    payloadBytes: 0,
    usedBytes: empty.used,
    rssBytes: empty.rss,
    bytesPerItem: 0,
    overheadPerItem: 0,
    bytesPerPayloadByte: 0,
    memoryUsageSample: 0,
  });
  try {
    for (const layout of o.layouts) {
      await client.config(
        'SET',
        'hash-max-listpack-entries',
        layout === 'hashes-hashtable' ? String(FIELDS_PER_HASH / 2) : listpackEntries,
      );
      for (const valueBytes of o.valueSizes) {
        for (const items of o.counts) {
          await client.flushall('SYNC');
          const before = await memoryInfo(client);
          const payloadBytes = await loadItems(client, layout, items, valueBytes);
          const after = await memoryInfo(client);
          const sample = layout === 'strings' ? 'key:0' : 'hash:0';
          const usedBytes = after.used - before.used;
          rows.push({
            layout,
            valueBytes,
            items,
            redisKeys: await client.dbsize(),
            encoding: String(await client.object('ENCODING', sample)),
            payloadBytes,
            usedBytes,
            rssBytes: after.rss - before.rss,
            bytesPerItem: usedBytes / items,
            overheadPerItem: (usedBytes - payloadBytes) / items,
            bytesPerPayloadByte: usedBytes / payloadBytes,
            memoryUsageSample: Number(await client.memory('USAGE', sample, 'SAMPLES', '0')),
          });
        }
      }
    }
  } finally {
    await client.config('SET', 'hash-max-listpack-entries', listpackEntries);
    await client.flushall('SYNC');
  }
  return rows;
}
