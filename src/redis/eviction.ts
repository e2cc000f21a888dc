// The `eviction` table: lab 03's request streams replayed against a real server as GET, then SET on a miss (one
// Lua script per request, pipelined, so the order is kept), with maxmemory calibrated to hold C keys, for Redis's
// sampled allkeys-lru / allkeys-lfu / allkeys-random at several maxmemory-samples; beside each, lab 03's exact LRU,
// LFU and Random at the number of keys Redis actually held (DBSIZE). Tests: test/redis/eviction.test.ts.
import type { Redis } from 'ioredis';
import { builtinPolicies } from '../cache/policies/index.js';
import { simulate } from '../cache/simulate.js';
import type { Trace } from '../cache/trace.js';
import { mapSummary, type Summary } from '../core/stats.js';
import { measure } from '../core/timing.js';
import { parseInfo } from './client.js';

export const REDIS_POLICIES = [
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
] as const;
export type RedisPolicy = (typeof REDIS_POLICIES)[number];

/** GET the key; on a miss SET it: returns 1 for a hit, 0 for a miss. */
export const GET_OR_SET = `if redis.call('GET', KEYS[1]) then return 1 end
if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[1]) else redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 0`;

/** The TTL every key gets under a volatile-* policy (which only evicts keys with one): too long to expire here. */
export const VOLATILE_TTL_SECONDS = 86_400;

/** lab 03's policy that a Redis policy approximates. */
export const exactFamily = (policy: RedisPolicy): 'lru' | 'lfu' | 'random' =>
  policy.endsWith('-lru') ? 'lru' : policy.endsWith('-lfu') ? 'lfu' : 'random';

export interface EvictionRow {
  [column: string]: string | number | Summary;
  workload: string;
  policy: string;
  samples: number;
  /** The keys maxmemory was calibrated to hold. */
  targetKeys: number;
  maxmemoryBytes: number;
  /** DBSIZE after the replay. */
  keysHeld: number;
  requests: number;
  hits: number;
  hitRate: number;
  evictedKeys: number;
  /** lab 03's exact policy of the same family, at keysHeld slots. */
  exactHitRate: number;
  /** hitRate - exactHitRate. */
  gap: number;
  exactLru: number;
  exactLfu: number;
  exactRandom: number;
  /** One replay, timed once (a replay changes the server's state, so it cannot be repeated as it was). */
  seconds: Summary;
  requestsPerSecond: Summary;
}

const keyName = (id: number) => `e:${id}`;

/** Replays `trace` as GET-or-SET on the (flushed) server; returns the hits. */
export async function replay(client: Redis, trace: Trace, value: string, ttlSeconds = 0, batch = 20): Promise<number> {
  const sha = String(await client.script('LOAD', GET_OR_SET));
  let hits = 0;
  for (let start = 0; start < trace.keys.length; start += batch) {
    const pipe = client.pipeline();
    const end = Math.min(trace.keys.length, start + batch);
    for (let i = start; i < end; i++) pipe.evalsha(sha, 1, keyName(trace.keys[i]), value, String(ttlSeconds));
    const results = (await pipe.exec()) ?? [];
    for (const [error, hit] of results) {
      if (error) throw error;
      if (hit === 1) hits++;
    }
  }
  return hits;
}

/**
 * maxmemory for `keys` keys of this value size, from measurement: used_memory with exactly `keys` keys written
 * through the pipelined script the replay uses (so client buffers weigh the same), on the flushed server. Client
 * buffers, the dict's growth and allocator slack move the keys a limit really holds, so the replays report DBSIZE and
 * the exact columns use it.
 */
export async function calibrate(client: Redis, keys: number, value: string): Promise<number> {
  await client.config('SET', 'maxmemory', '0');
  await client.flushall('SYNC');
  const ids = Int32Array.from({ length: keys }, (_, i) => i);
  await replay(client, { name: 'calibration', keys: ids, keySpace: keys }, value);
  const used = Number(parseInfo(await client.info('memory')).get('used_memory'));
  await client.flushall('SYNC');
  return used;
}

export interface EvictionOptions {
  traces: Trace[];
  policies: readonly RedisPolicy[];
  samples: number[];
  targetKeys: number;
  valueBytes: number;
  seed: number;
  onRow?: () => void;
}

/** Every (trace, policy, samples) replay on `client`'s server, which it flushes and reconfigures (restored after). */
export async function evictionTable(client: Redis, o: EvictionOptions): Promise<EvictionRow[]> {
  const saved = await client.config('GET', 'maxmemory*');
  const value = 'v'.repeat(o.valueBytes);
  const rows: EvictionRow[] = [];
  try {
    const maxmemory = await calibrate(client, o.targetKeys, value);
    for (const trace of o.traces) {
      const exactCache = new Map<number, { lru: number; lfu: number; random: number }>();
      const exact = (slots: number) => {
        let e = exactCache.get(slots);
        if (!e) {
          const rate = (p: keyof typeof builtinPolicies) => simulate(builtinPolicies[p], slots, trace, o.seed).hitRate;
          e = { lru: rate('lru'), lfu: rate('lfu'), random: rate('random') };
          exactCache.set(slots, e);
        }
        return e;
      };
      for (const policy of o.policies) {
        for (const samples of o.samples) {
          await client.config('SET', 'maxmemory', '0');
          await client.flushall('SYNC');
          await client.config('SET', 'maxmemory-policy', policy, 'maxmemory-samples', String(samples));
          await client.config('RESETSTAT');
          await client.config('SET', 'maxmemory', String(maxmemory));
          let hits = 0;
          const seconds = await measure(
            async () => {
              hits = await replay(client, trace, value, policy.startsWith('volatile-') ? VOLATILE_TTL_SECONDS : 0);
            },
            { warmup: 0, repeats: 1 },
          );
          const keysHeld = await client.dbsize();
          const evictedKeys = Number(parseInfo(await client.info('stats')).get('evicted_keys'));
          const e = exact(Math.max(1, keysHeld));
          const family = e[exactFamily(policy)];
          const hitRate = hits / trace.keys.length;
          rows.push({
            workload: trace.name,
            policy,
            samples,
            targetKeys: o.targetKeys,
            maxmemoryBytes: maxmemory,
            keysHeld,
            requests: trace.keys.length,
            hits,
            hitRate,
            evictedKeys,
            exactHitRate: family,
            gap: hitRate - family,
            exactLru: e.lru,
            exactLfu: e.lfu,
            exactRandom: e.random,
            seconds,
            requestsPerSecond: mapSummary(seconds, (x) => trace.keys.length / x),
          });
          o.onRow?.();
        }
      }
    }
  } finally {
    await client.config('SET', 'maxmemory', '0');
    await client.flushall('SYNC');
    for (let i = 0; i + 1 < saved.length; i += 2) {
      if (saved[i] === 'maxmemory') continue;
      await client.config('SET', saved[i], saved[i + 1]).catch(() => undefined);
    }
    const original = saved[saved.indexOf('maxmemory') + 1];
    if (original !== undefined) await client.config('SET', 'maxmemory', original);
  }
  return rows;
}
