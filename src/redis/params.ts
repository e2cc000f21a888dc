// Lab 07's parameters, declared once (defaults, quick sizes, ranges, --help text). Used by labs/07-redis.ts.
// Tests: test/redis/lab.test.ts.
import { p } from '../core/params.js';
import { DURABILITY_MODES } from './durability.js';
import { REDIS_POLICIES } from './eviction.js';
import { TABLE_NAMES, WORKLOADS } from './experiment.js';

const ints = (description: string, dflt: number[], quick: number[], max = 10_000_000) =>
  p.intList({ default: dflt, quick, min: 1, max, description });

export const redisParams = {
  tables: p.enumList({ values: TABLE_NAMES, default: [...TABLE_NAMES], description: 'tables to measure' }),
  redisServer: p.path({ description: 'the redis-server binary (default: the one on PATH)' }),
  redisUrl: p.string({ description: 'use this server instead of starting one: redis://host:port' }),
  allowFlush: p.bool({ default: false, description: 'with --redis-url: allow FLUSHALL and CONFIG SET there' }),
  port: p.int({ default: 0, min: 0, max: 65535, description: "the lab's main server's port (0: a free one)" }),
  requests: p.int({ default: 20_000, quick: 500, min: 10, max: 1e7, description: 'requests per timed round' }),
  repeats: p.int({ default: 5, quick: 3, min: 1, max: 100, description: 'timed rounds per latency mode' }),
  clients: p.int({ default: 8, min: 1, max: 256, description: 'concurrent clients (latency, durability)' }),
  pipelines: ints('pipeline depths', [1, 10, 100, 1000], [1, 10, 100, 1000], 100_000),
  valueBytes: p.int({
    default: 32,
    min: 1,
    max: 1_000_000,
    description: 'value size (latency, eviction, durability)',
  }),
  memoryCounts: ints('items loaded per memory row', [1e3, 1e4, 1e5, 1e6], [1e3, 1e4]),
  memoryValues: ints('value sizes of the memory rows, bytes', [16, 1024], [16, 1024], 1_000_000),
  workloads: p.enumList({
    values: WORKLOADS,
    default: ['zipf', 'scan', 'cloudphysics'],
    quick: ['zipf'],
    description: 'request streams replayed for eviction',
  }),
  trace: p.path({ description: 'a real trace for eviction: one key per line, or CSV with --trace-column' }),
  traceColumn: p.string({ description: 'CSV column holding the key: a header name or a 0-based index' }),
  keys: p.int({
    default: 20_000,
    quick: 10_000,
    min: 2,
    max: 1e7,
    description: 'distinct keys of the synthetic workloads',
  }),
  evictionRequests: p.int({
    default: 100_000,
    quick: 20_000,
    min: 1,
    max: 1e8,
    description: 'requests per synthetic workload',
  }),
  alpha: p.number({ default: 0.9, min: 0, max: 5, description: 'Zipf skew of the synthetic workloads' }),
  cacheKeys: p.int({
    default: 2000,
    quick: 1000,
    min: 10,
    max: 1e7,
    description: 'keys maxmemory is calibrated to hold',
  }),
  policies: p.enumList({
    values: REDIS_POLICIES,
    default: ['allkeys-lru', 'allkeys-lfu', 'allkeys-random'],
    description: 'Redis eviction policies',
  }),
  samples: ints('maxmemory-samples values', [1, 5, 10, 64], [5], 64),
  modes: p.enumList({ values: DURABILITY_MODES, default: [...DURABILITY_MODES], description: 'persistence modes' }),
  writes: p.int({
    default: 20_000,
    quick: 2000,
    min: 10,
    max: 1e7,
    description: 'acknowledged writes before SIGKILL',
  }),
  replicationWrites: p.int({
    default: 2000,
    quick: 200,
    min: 1,
    max: 1e6,
    description: 'sequential writes timed with and without WAIT 1',
  }),
  probes: p.int({ default: 300, quick: 50, min: 1, max: 1e6, description: 'writes timed until the replica sees them' }),
  clusterKeys: p.int({ default: 30_000, quick: 3000, min: 10, max: 1e7, description: 'keys written to the cluster' }),
  nodeTimeout: p.int({
    default: 1000,
    min: 100,
    max: 60_000,
    description: 'cluster-node-timeout in ms (how soon a silent primary is judged failed)',
  }),
};
