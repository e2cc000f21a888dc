// Lab 07's experiments as data: decides where they run (the lab's own redis-server processes, or --redis-url),
// runs the tables asked for and returns their rows, plus the tables it skipped and why. Servers start and stop
// here through server.ts; every server is gone when this returns or throws. Tests: test/redis/experiment.test.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { projectRoot } from '../core/paths.js';
import type { Rng } from '../core/rng.js';
import { readTrace, type Trace } from '../cache/trace.js';
import { scanTrace, shiftTrace, uniformTrace, zipfTrace } from '../cache/workloads.js';
import { InputError } from '../core/errors.js';
import { connect, parseInfo, type Endpoint } from './client.js';
import { inProcessLatency, redisLatency, type LatencyOptions, type LatencyRow } from './latency.js';
import { memoryTable, LAYOUTS, type MemoryRow } from './memory.js';
import { evictionTable, type EvictionOptions, type EvictionRow } from './eviction.js';
import { durabilityRun, type DurabilityMode, type DurabilityRow } from './durability.js';
import { clusterTable, findRedisCli, type ClusterResult } from './cluster.js';
import { replicationTable, type ReplicationRow } from './replication.js';
import { rawCommand, serverGroup, type ServerGroup } from './server.js';

export const TABLE_NAMES = ['latency', 'memory', 'eviction', 'durability', 'replication', 'cluster'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const WORKLOADS = ['uniform', 'zipf', 'shift', 'scan', 'cloudphysics'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** The real trace the project ships (one block number per line), for the `cloudphysics` workload. */
export const SHIPPED_TRACE = path.join(projectRoot, 'data', 'traces', 'cloudPhysicsIO.txt');

/**
 * Lab 03's request streams for the eviction table: its synthetic workloads (seeded), the shipped real trace and a
 * user's --trace. The shipped trace is left out, with a log line, when this checkout lacks it.
 */
export function evictionTraces(
  o: {
    workloads: readonly Workload[];
    keys: number;
    requests: number;
    alpha: number;
    trace?: string;
    traceColumn?: string;
  },
  rng: Rng,
  log: (message: string) => void = () => undefined,
): Trace[] {
  const traces: Trace[] = [];
  for (const w of o.workloads) {
    const r = rng.fork(`eviction-${w}`);
    if (w === 'uniform') traces.push(uniformTrace(o.keys, o.requests, r));
    if (w === 'zipf') traces.push(zipfTrace(o.keys, o.requests, o.alpha, r));
    if (w === 'shift') traces.push(shiftTrace(o.keys, o.requests, o.alpha, r));
    if (w === 'scan') traces.push(scanTrace(o.keys, o.requests, o.alpha, r));
    if (w === 'cloudphysics') {
      if (existsSync(SHIPPED_TRACE)) traces.push(readTrace(SHIPPED_TRACE).trace);
      else log(`cloudphysics: ${path.relative(projectRoot, SHIPPED_TRACE)} is not in this checkout; left out`);
    }
  }
  if (o.trace) traces.push(readTrace(o.trace, { column: o.traceColumn }).trace);
  return traces;
}

/** Where the experiments run. */
export type Target =
  | { kind: 'own'; binary: string; scratchDir: string; port: number }
  | { kind: 'url'; endpoint: Endpoint; url: string; allowFlush: boolean };

export interface ExperimentOptions {
  tables: readonly TableName[];
  latency: LatencyOptions;
  memory: { counts: number[]; valueSizes: number[] };
  eviction: Omit<EvictionOptions, 'seed' | 'onRow'>;
  durability: { modes: readonly DurabilityMode[]; writes: number; clients: number; valueBytes: number };
  replication: { writes: number; probes: number; valueBytes: number };
  cluster: { keys: number; writes: number; nodeTimeoutMs: number; valueBytes: number };
  seed: number;
  log?: (message: string) => void;
}

export interface ServerInfo {
  source: string;
  version: string;
  mode: string;
  os: string;
  allocator: string;
}

export interface Results {
  server: ServerInfo;
  latency?: { rows: LatencyRow[]; histograms: string[] };
  memory?: MemoryRow[];
  eviction?: EvictionRow[];
  durability?: DurabilityRow[];
  replication?: ReplicationRow[];
  cluster?: ClusterResult;
  /** Tables asked for but not run, with the reason. */
  skipped: Array<{ table: TableName; reason: string }>;
}

async function serverInfo(client: Redis, source: string): Promise<ServerInfo> {
  const info = parseInfo(await client.info('server'));
  const memory = parseInfo(await client.info('memory'));
  return {
    source,
    version: info.get('redis_version') ?? '?',
    mode: info.get('redis_mode') ?? '?',
    os: info.get('os') ?? '?',
    allocator: memory.get('mem_allocator') ?? '?',
  };
}

/** Connects to `--redis-url`; an unreachable server is an InputError naming it. */
export async function connectUrl(endpoint: Endpoint, url: string): Promise<Redis> {
  const pong = await rawCommand(endpoint.port, endpoint.host, 'PING', 3000).catch((error: Error) => {
    throw new InputError(`--redis-url ${url} is unreachable: ${error.message}`);
  });
  if (pong !== '+PONG')
    throw new InputError(`--redis-url ${url} answered PING with "${pong}"; the lab needs a server without a password`);
  try {
    return await connect(endpoint);
  } catch (error) {
    throw new InputError(`--redis-url ${url} is unreachable: ${(error as Error).message}`);
  }
}

async function connectMany(endpoint: Endpoint, n: number): Promise<Redis[]> {
  return Promise.all(Array.from({ length: n }, () => connect(endpoint)));
}

/** Runs the tables asked for against the target. */
export async function runExperiments(target: Target, o: ExperimentOptions): Promise<Results> {
  const log = o.log ?? (() => undefined);
  const group: ServerGroup | undefined =
    target.kind === 'own' ? serverGroup(target.binary, target.scratchDir) : undefined;
  const opened: Redis[] = [];
  try {
    // The server every single-server table uses: the lab's own (fresh) or the user's.
    const endpoint =
      target.kind === 'own' ? await group!.start('main', { port: target.port || undefined }) : target.endpoint;
    const first = target.kind === 'url' ? await connectUrl(endpoint, target.url) : await connect(endpoint);
    opened.push(first);
    const results: Results = {
      server: await serverInfo(first, target.kind === 'own' ? 'started by the lab' : target.url),
      skipped: [],
    };
    if (o.tables.includes('latency')) {
      log('latency: GET and SET round trips');
      const clients = [first, ...(await connectMany(endpoint, Math.max(0, o.latency.clients - 1)))];
      opened.push(...clients.slice(1));
      const redis = await redisLatency(clients, o.latency);
      results.latency = { rows: [...redis.rows, ...inProcessLatency(o.latency, o.seed)], histograms: redis.histograms };
    }
    const mayFlush = target.kind === 'own' || target.allowFlush;
    const noFlush = 'it flushes and reconfigures the server: give --allow-flush to allow that on --redis-url';
    if (o.tables.includes('memory')) {
      if (!mayFlush) results.skipped.push({ table: 'memory', reason: noFlush });
      else {
        log('memory: INFO memory for each layout and size');
        results.memory = await memoryTable(first, { ...o.memory, layouts: LAYOUTS });
      }
    }
    if (o.tables.includes('eviction')) {
      if (!mayFlush) results.skipped.push({ table: 'eviction', reason: noFlush });
      else {
        log('eviction: replaying the request streams under maxmemory');
        results.eviction = await evictionTable(first, { ...o.eviction, seed: o.seed });
      }
    }
    if (o.tables.includes('durability')) {
      if (!group) results.skipped.push({ table: 'durability', reason: 'it kills servers, so it runs on its own only' });
      else {
        log('durability: SIGKILL mid-load per persistence mode');
        results.durability = [];
        for (const mode of o.durability.modes) results.durability.push(await durabilityRun(group, mode, o.durability));
      }
    }
    if (o.tables.includes('replication')) {
      if (!group) results.skipped.push({ table: 'replication', reason: 'it starts its own primary and replica' });
      else {
        log('replication: WAIT 1 and replica visibility');
        results.replication = await replicationTable(group, o.replication);
      }
    }
    if (o.tables.includes('cluster')) {
      if (!group) results.skipped.push({ table: 'cluster', reason: 'it starts its own six-node cluster' });
      else if (!findRedisCli(group.binary))
        results.skipped.push({
          table: 'cluster',
          reason: 'redis-cli is not installed (sudo apt-get install redis-tools)',
        });
      else {
        log('cluster: 3 primaries + 3 replicas, redirects, failover');
        results.cluster = await clusterTable(group, o.cluster);
      }
    }
    return results;
  } finally {
    for (const c of opened) c.disconnect();
    await group?.close();
  }
}
