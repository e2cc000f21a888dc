// Tests src/redis/eviction.ts against a real server: the GET-or-SET replay's known answer without a limit (every
// first request misses, every other hits), and under maxmemory: evictions, DBSIZE below the keys seen, exact columns
// from lab 03's simulator at DBSIZE slots, and the server's limit restored.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { builtinPolicies } from '../../src/cache/policies/index.js';
import { simulate } from '../../src/cache/simulate.js';
import { distinctKeys } from '../../src/cache/trace.js';
import { zipfTrace } from '../../src/cache/workloads.js';
import { evictionTable, replay } from '../../src/redis/eviction.js';
import { freshServer, noServer, testGroup } from './helpers.js';

describe.skipIf(noServer)('eviction on a real server', () => {
  const group = testGroup();
  const trace = zipfTrace(3000, 6000, 0.9, createRng(7));

  it('hits every request but the first of each key when nothing is evicted', async () => {
    const { client } = await freshServer(group, 'replay');
    const hits = await replay(client, trace, 'v'.repeat(16));
    expect(hits).toBe(trace.keys.length - distinctKeys(trace));
    expect(await client.dbsize()).toBe(distinctKeys(trace));
  });

  it('gives every key a TTL when asked (volatile-* policies evict only those)', async () => {
    const { client } = await freshServer(group, 'ttl');
    await replay(client, trace, 'v', 100);
    const ttl = await client.ttl(`e:${trace.keys[0]}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(100);
    const rows = await evictionTable(client, {
      traces: [trace],
      policies: ['volatile-lru'],
      samples: [5],
      targetKeys: 300,
      valueBytes: 16,
      seed: 1,
    });
    expect(rows[0].evictedKeys).toBeGreaterThan(0);
    expect(rows[0].exactHitRate).toBe(rows[0].exactLru);
  });

  it('evicts under maxmemory and compares with the exact policies at the keys held', async () => {
    const { client } = await freshServer(group, 'table');
    const rows = await evictionTable(client, {
      traces: [trace],
      policies: ['allkeys-lru', 'allkeys-random'],
      samples: [5],
      targetKeys: 300,
      valueBytes: 16,
      seed: 1,
    });
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.requests).toBe(6000);
      expect(r.keysHeld).toBeLessThan(distinctKeys(trace));
      expect(r.evictedKeys).toBeGreaterThan(0);
      expect(r.hits).toBeLessThan(trace.keys.length - distinctKeys(trace));
      expect(r.exactLru).toBe(simulate(builtinPolicies.lru, r.keysHeld, trace, 1).hitRate);
      expect(r.exactHitRate).toBe(r.policy === 'allkeys-lru' ? r.exactLru : r.exactRandom);
    }
    expect(await client.config('GET', 'maxmemory')).toEqual(['maxmemory', '0']);
    expect(await client.dbsize()).toBe(0);
  });
});
