// Tests src/redis/latency.ts against a real server: one row per op and mode, exact request counts, ordered
// percentiles, and the keys it wrote removed afterwards; the in-process rows.
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/redis/client.js';
import { inProcessLatency, redisLatency } from '../../src/redis/latency.js';
import { freshServer, noServer, testGroup } from './helpers.js';

const options = { requests: 200, repeats: 2, clients: 3, pipelines: [1, 10, 100], keys: 50, valueBytes: 8 };

describe.skipIf(noServer)('latency on a real server', () => {
  const group = testGroup();
  it('measures every op and mode, counts requests exactly, and leaves no key behind', async () => {
    const { server, client } = await freshServer(group, 'latency');
    const others = await Promise.all([connect(server), connect(server)]);
    const { rows, histograms } = await redisLatency([client, ...others], options);
    others.forEach((c) => c.disconnect());
    expect(rows.map((r) => `${r.op} ${r.mode}`)).toEqual(
      ['GET', 'SET'].flatMap((op) =>
        ['1 client', '3 clients', 'pipeline 1', 'pipeline 10', 'pipeline 100'].map((m) => `${op} ${m}`),
      ),
    );
    for (const r of rows) {
      expect(r.requests).toBe(r.mode === '3 clients' ? 66 * 3 * 2 : 200 * 2);
      expect(r.p50Us!).toBeLessThanOrEqual(r.p90Us!);
      expect(r.p90Us!).toBeLessThanOrEqual(r.p99Us!);
      expect(r.p99Us!).toBeLessThanOrEqual(r.maxUs!);
      expect(r.requestsPerSecond.n).toBe(2);
    }
    expect(histograms).toHaveLength(rows.length);
    expect(await client.dbsize()).toBe(0);
  });
});

describe('in-process rows', () => {
  it('times a Map and lab 03 simulator without per-request percentiles', () => {
    const rows = inProcessLatency({ ...options, requests: 1000 }, 1);
    expect(rows.map((r) => `${r.system} ${r.op}`)).toEqual(['Map GET', 'Map SET', 'lab 03 simulator (exact LRU) GET']);
    for (const r of rows) {
      expect(r.p50Us).toBeNull();
      expect(r.requests).toBe(200_000 * 2);
      expect(r.requestsPerSecond.median).toBeGreaterThan(0);
    }
  });
});
