// Lab 07: a real Redis server. Starts its own redis-server processes (or uses --redis-url) and measures round trips
// and pipelining (against a Map and lab 03's simulator), memory per key, sampled eviction against lab 03's exact
// policies, and what a SIGKILL loses per persistence mode. Logic: src/redis/ (experiment.ts runs, report.ts words,
// server.ts the processes). Handout: labs/07-redis.md. Tests: test/redis/.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineLab, InputError, runIfMain } from '../src/core/index.js';
import { parseRedisUrl } from '../src/redis/client.js';
import { evictionTraces, runExperiments, type Target } from '../src/redis/experiment.js';
import { redisParams } from '../src/redis/params.js';
import { redisReport, unavailableReport } from '../src/redis/report.js';
import { findRedisServer } from '../src/redis/server.js';

const lab = defineLab({
  id: '07',
  slug: 'redis',
  title: 'A real Redis server',
  summary: 'round trips, pipelining, memory per key, sampled eviction against exact LRU/LFU, what SIGKILL loses',
  libraries: ['ioredis', 'hdr-histogram-js'],
  params: redisParams,
  async run(ctx) {
    const { params: o } = ctx;
    let target: Target;
    if (o.redisUrl !== undefined) {
      target = { kind: 'url', endpoint: parseRedisUrl(o.redisUrl), url: o.redisUrl, allowFlush: o.allowFlush };
    } else {
      if (o.allowFlush) ctx.log('--allow-flush is ignored without --redis-url');
      const binary = findRedisServer(o.redisServer);
      if (!binary.available) {
        if (!ctx.partOfAll) throw new InputError(`${binary.reason}; or point the lab at a server with --redis-url`);
        return unavailableReport(binary.reason);
      }
      target = { kind: 'own', binary: binary.path, scratchDir: ctx.scratchDir, port: o.port };
    }
    const traces = o.tables.includes('eviction')
      ? evictionTraces({ ...o, requests: o.evictionRequests }, ctx.rng, ctx.log)
      : [];
    const results = await runExperiments(target, {
      tables: o.tables,
      seed: ctx.seed,
      log: ctx.log,
      latency: { ...o, keys: 1000 },
      memory: { counts: o.memoryCounts, valueSizes: o.memoryValues },
      eviction: { traces, policies: o.policies, samples: o.samples, targetKeys: o.cacheKeys, valueBytes: o.valueBytes },
      durability: { modes: o.modes, writes: o.writes, clients: o.clients, valueBytes: o.valueBytes },
      replication: { writes: o.replicationWrites, probes: o.probes, valueBytes: o.valueBytes },
      cluster: { keys: o.clusterKeys, writes: o.probes, nodeTimeoutMs: o.nodeTimeout, valueBytes: o.valueBytes },
    });
    if (results.latency)
      writeFileSync(path.join(ctx.outDir, 'latency-histograms.txt'), results.latency.histograms.join('\n'));
    return redisReport(results);
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
