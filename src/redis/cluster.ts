// The `cluster` table: a real Redis Cluster on loopback (3 primaries + 3 replicas made by `redis-cli --cluster
// create`). Where keys land (CRC16 slots per primary, keys per node through the cluster-aware ioredis client), the
// MOVED redirections a naive client gets, and a failover: SIGKILL one primary while writing to its slots, the time
// until its replica takes writes, and the acknowledged writes lost. Tests: test/redis/cluster.test.ts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Cluster, type Redis } from 'ioredis';
import { InputError } from '../core/errors.js';
import { connect, parseInfo } from './client.js';
import { latencyRecorder } from './histogram.js';
import { freePort, killServer, onPath, stopServer, type Server, type ServerGroup } from './server.js';

export const SLOTS = 16384;

/** CRC16-XMODEM, the checksum Redis Cluster hashes keys with. */
export function crc16(text: string): number {
  let crc = 0;
  for (const byte of Buffer.from(text)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The slot of a key: CRC16 of the key (or of its first non-empty {hash tag}) mod 16384. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key.slice(open + 1, close)) % SLOTS;
  }
  return crc16(key) % SLOTS;
}

export interface ClusterNode {
  id: string;
  port: number;
  role: 'primary' | 'replica';
  primaryId?: string;
  slots: Array<[number, number]>;
}

/** CLUSTER NODES text as data. */
export function parseClusterNodes(text: string): ClusterNode[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const f = line.trim().split(' ');
      const port = Number(/:(\d+)@/.exec(f[1] ?? '')?.[1]);
      const flags = f[2] ?? '';
      const slots = f.slice(8).flatMap((s): Array<[number, number]> => {
        if (s.startsWith('[')) return [];
        const [a, b] = s.split('-').map(Number);
        return [[a, b ?? a]];
      });
      return {
        id: f[0],
        port,
        role: flags.includes('master') ? ('primary' as const) : ('replica' as const),
        primaryId: f[3] === '-' ? undefined : f[3],
        slots,
      };
    });
}

const owns = (node: ClusterNode, slot: number) => node.slots.some(([a, b]) => slot >= a && slot <= b);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ClusterResult {
  nodes: Array<{ node: string; port: number; slots: number; keys: number; share: number }>;
  redirects: { requests: number; moved: number; movedShare: number };
  throughput: Array<{ client: string; requests: number; p50Us: number; p99Us: number; requestsPerSecond: number }>;
  failover: {
    nodeTimeoutMs: number;
    acknowledged: number;
    lost: number;
    failoverMs: number;
  };
}

/** redis-cli beside redis-server, or on PATH; undefined when there is none. */
export function findRedisCli(serverBinary: string): string | undefined {
  const beside = path.join(path.dirname(serverBinary), 'redis-cli');
  return spawnSync(beside, ['--version']).status === 0 ? beside : onPath('redis-cli');
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await sleep(25);
  }
  throw new Error(`cluster: ${what} did not happen within ${timeoutMs} ms`);
}

/** Starts six cluster-enabled servers and joins them with redis-cli --cluster create (1 replica per primary). */
async function createCluster(group: ServerGroup, cli: string, nodeTimeoutMs: number): Promise<Server[]> {
  const servers: Server[] = [];
  for (let i = 0; i < 6; i++) {
    servers.push(
      await group.start(`cluster-${i}`, {
        config: {
          'cluster-enabled': 'yes',
          'cluster-config-file': 'nodes.conf',
          'cluster-node-timeout': nodeTimeoutMs,
          'cluster-port': await freePort(),
        },
      }),
    );
  }
  const made = spawnSync(
    cli,
    ['--cluster', 'create', ...servers.map((s) => `127.0.0.1:${s.port}`), '--cluster-replicas', '1', '--cluster-yes'],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (made.status !== 0)
    throw new InputError(
      `redis-cli --cluster create failed: ${(made.stdout + made.stderr).trim().split('\n').slice(-3).join(' | ')}`,
    );
  const clients = await Promise.all(servers.map((s) => connect(s)));
  try {
    await waitUntil('cluster_state:ok on every node', async () => {
      for (const c of clients) {
        const info = parseInfo(String(await c.call('CLUSTER', 'INFO')));
        if (info.get('cluster_state') !== 'ok' || info.get('cluster_known_nodes') !== '6') return false;
        // A replica that never finished its first sync cannot be elected: wait for every link to be up.
        const view = parseClusterNodes(String(await c.call('CLUSTER', 'NODES')));
        if (view.filter((n) => n.role === 'replica').length !== 3) return false;
        const repl = parseInfo(await c.info('replication'));
        if (repl.get('role') === 'slave' && repl.get('master_link_status') !== 'up') return false;
      }
      return true;
    });
  } finally {
    clients.forEach((c) => c.disconnect());
  }
  return servers;
}

export async function clusterTable(
  group: ServerGroup,
  o: { keys: number; writes: number; nodeTimeoutMs: number; valueBytes: number },
): Promise<ClusterResult> {
  const cli = findRedisCli(group.binary);
  if (!cli) throw new InputError('redis-cli is not installed (sudo apt-get install redis-tools); the cluster needs it');
  const servers = await createCluster(group, cli, o.nodeTimeoutMs);
  const value = 'v'.repeat(o.valueBytes);
  const opened: Array<Redis | Cluster> = [];
  try {
    const first = await connect(servers[0]);
    opened.push(first);
    const nodes = parseClusterNodes(String(await first.call('CLUSTER', 'NODES')));
    const primaries = nodes
      .filter((n) => n.role === 'primary' && n.slots.length > 0)
      .sort((a, b) => a.slots[0][0] - b.slots[0][0]);
    const cluster = new Cluster([{ host: '127.0.0.1', port: servers[0].port }], {
      clusterRetryStrategy: () => null,
      redisOptions: { maxRetriesPerRequest: 0, enableAutoPipelining: false },
    });
    cluster.on('error', () => undefined);
    opened.push(cluster);
    const keys = Array.from({ length: o.keys }, (_, i) => `user:${i}`);
    for (let i = 0; i < keys.length; i += 500)
      await Promise.all(keys.slice(i, i + 500).map((k) => cluster.set(k, value)));

    // Where the keys landed: DBSIZE per primary.
    const nodeRows = [];
    for (const [i, p] of primaries.entries()) {
      const c = await connect({ host: '127.0.0.1', port: p.port });
      opened.push(c);
      const count = await c.dbsize();
      nodeRows.push({
        node: `primary ${i + 1}`,
        port: p.port,
        slots: p.slots.reduce((s, [a, b]) => s + b - a + 1, 0),
        keys: count,
        share: count / o.keys,
      });
    }

    // A naive client: one plain connection to the first primary, GET every key.
    const naive = await connect({ host: '127.0.0.1', port: primaries[0].port });
    opened.push(naive);
    let moved = 0;
    for (let i = 0; i < keys.length; i += 500) {
      const results = (await naive.pipeline(keys.slice(i, i + 500).map((k) => ['get', k])).exec()) ?? [];
      for (const [error] of results) if (error?.message.startsWith('MOVED')) moved++;
    }

    // Sequential GETs: the cluster client (routing by slot) against one node asked only for its own keys.
    const throughput = [];
    const own = keys.filter((k) => owns(primaries[0], keySlot(k)));
    for (const [label, client, list] of [
      ['cluster client, every key', cluster, keys],
      ['plain client, its node’s keys', naive, own],
    ] as const) {
      const rec = latencyRecorder();
      const t0 = performance.now();
      for (const k of list) {
        const t = performance.now();
        await client.get(k);
        rec.record((performance.now() - t) * 1e6);
      }
      const r = rec.result();
      throughput.push({
        client: label,
        requests: list.length,
        p50Us: r.p50Us,
        p99Us: r.p99Us,
        requestsPerSecond: list.length / ((performance.now() - t0) / 1000),
      });
    }

    // Failover: write to the first primary's slots, SIGKILL it, wait until its replica takes writes.
    const victim = primaries[0];
    const replicaNode = nodes.find((n) => n.primaryId === victim.id)!;
    const victimServer = servers.find((s) => s.port === victim.port)!;
    const replicaServer = servers.find((s) => s.port === replicaNode.port)!;
    const writer = await connect(victimServer);
    const replica = await connect(replicaServer);
    opened.push(writer, replica);
    const victimKeys: string[] = [];
    for (let i = 0; victimKeys.length < o.writes * 2; i++)
      if (owns(victim, keySlot(`fo:${i}`))) victimKeys.push(`fo:${i}`);
    const acked: string[] = [];
    let killedAt = 0;
    let killing: Promise<void> | undefined;
    for (const k of victimKeys) {
      try {
        await writer.set(k, value);
      } catch {
        break;
      }
      acked.push(k);
      if (acked.length === o.writes) {
        killedAt = performance.now();
        killing = killServer(victimServer, 'SIGKILL');
        await killing;
      }
    }
    await killing;
    let failoverMs = NaN;
    await waitUntil(
      'the replica taking writes',
      async () => {
        await replica.set(victimKeys.at(-1)!, value);
        failoverMs = performance.now() - killedAt;
        return true;
      },
      Math.max(30_000, o.nodeTimeoutMs * 20),
    );
    const present = await countPresent(replica, acked);
    return {
      nodes: nodeRows,
      redirects: { requests: keys.length, moved, movedShare: moved / keys.length },
      throughput,
      failover: {
        nodeTimeoutMs: o.nodeTimeoutMs,
        acknowledged: acked.length,
        lost: acked.length - present,
        failoverMs,
      },
    };
  } finally {
    for (const c of opened) c.disconnect();
    await Promise.all(servers.map(stopServer));
  }
}

async function countPresent(client: Redis, keys: string[]): Promise<number> {
  let present = 0;
  // One key per EXISTS: in a cluster a multi-key command must stay within one slot.
  for (let i = 0; i < keys.length; i += 500) {
    const results = (await client.pipeline(keys.slice(i, i + 500).map((k) => ['exists', k])).exec()) ?? [];
    for (const [error, n] of results) {
      if (error) throw error;
      present += Number(n);
    }
  }
  return present;
}
