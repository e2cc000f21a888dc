// The `durability` table: what survives a SIGKILL. For each persistence mode (none, RDB snapshots, AOF with
// appendfsync always / everysec / no) a fresh server takes writes from several concurrent clients, each write's
// acknowledgement recorded; at the target count the server is killed with SIGKILL mid-load, restarted on the same
// files, and every acknowledged key is looked up. Tests: test/redis/durability.test.ts.
import type { Redis } from 'ioredis';
import { mapSummary, type Summary } from '../core/stats.js';
import { measure } from '../core/timing.js';
import { connect, parseInfo } from './client.js';
import { killServer, stopServer, type ServerConfig, type ServerGroup } from './server.js';

export const DURABILITY_MODES = ['none', 'rdb', 'aof-always', 'aof-everysec', 'aof-no'] as const;
export type DurabilityMode = (typeof DURABILITY_MODES)[number];

/** The persistence settings of each mode (on top of the lab's defaults: no persistence). */
export function durabilityConfig(mode: DurabilityMode): ServerConfig {
  if (mode === 'none') return {};
  if (mode === 'rdb') return { save: '', dbfilename: 'dump.rdb' }; // one BGSAVE, at half way (durabilityRun)
  return { appendonly: 'yes', appendfsync: mode.slice('aof-'.length), 'aof-use-rdb-preamble': 'yes' };
}

export interface DurabilityRow {
  [column: string]: string | number | Summary;
  mode: string;
  clients: number;
  /** Writes acknowledged before the kill. */
  acknowledged: number;
  /** Acknowledged writes missing after the restart. */
  lost: number;
  lostShare: number;
  /** Writes sent but not acknowledged (in flight at the kill) that were found after the restart. */
  unacknowledgedKept: number;
  keysAfterRestart: number;
  /** Acknowledged writes per second until the kill (one load, timed once). */
  writesPerSecond: Summary;
}

const key = (i: number) => `d:${i}`;

/** BGSAVE, then waits until the snapshot is written. */
async function snapshotDone(c: Redis): Promise<void> {
  await c.bgsave();
  for (;;) {
    const info = parseInfo(await c.info('persistence'));
    if (info.get('rdb_bgsave_in_progress') === '0') return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * One mode: `clients` writers SET distinct keys until `writes` are acknowledged (in RDB mode one BGSAVE runs at
 * half way), then the server is SIGKILLed while writes are in flight, restarted on its files, and checked.
 */
export async function durabilityRun(
  group: ServerGroup,
  mode: DurabilityMode,
  o: { writes: number; clients: number; valueBytes: number },
): Promise<DurabilityRow> {
  const name = `durability-${mode}`;
  const config = durabilityConfig(mode);
  const server = await group.start(name, { config });
  const clients: Redis[] = await Promise.all(Array.from({ length: o.clients }, () => connect(server)));
  const value = 'v'.repeat(o.valueBytes);
  const acked: number[] = [];
  let next = 0;
  let killing: Promise<void> | undefined;
  let snapshot: Promise<unknown> | undefined;
  const writer = async (c: Redis) => {
    while (!killing) {
      const id = next++;
      try {
        await c.set(key(id), value);
      } catch {
        return; // the server is gone
      }
      acked.push(id);
      if (mode === 'rdb' && !snapshot && acked.length >= o.writes / 2) snapshot = snapshotDone(c);
      // Kill only once the snapshot is on disk: a BGSAVE child left running would outlive its killed parent.
      if (acked.length >= o.writes && !killing)
        killing = (async () => {
          await snapshot;
          await killServer(server, 'SIGKILL');
        })();
    }
  };
  const seconds = await measure(() => Promise.all(clients.map(writer)), { warmup: 0, repeats: 1 });
  await killing;
  for (const c of clients) c.disconnect();
  const sent = next;
  const restarted = await group.start(name, { config });
  const check = await connect(restarted);
  try {
    const ackedSet = new Set(acked);
    let present = 0;
    let unackedKept = 0;
    for (let start = 0; start < sent; start += 1000) {
      const ids = Array.from({ length: Math.min(1000, sent - start) }, (_, i) => start + i);
      const values = await check.mget(...ids.map(key));
      values.forEach((v, i) => {
        if (v === null) return;
        if (ackedSet.has(ids[i])) present++;
        else unackedKept++;
      });
    }
    return {
      mode,
      clients: o.clients,
      acknowledged: acked.length,
      lost: acked.length - present,
      lostShare: (acked.length - present) / acked.length,
      unacknowledgedKept: unackedKept,
      keysAfterRestart: await check.dbsize(),
      writesPerSecond: mapSummary(seconds, (s) => acked.length / s),
    };
  } finally {
    check.disconnect();
    await stopServer(restarted);
  }
}
