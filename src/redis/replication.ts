// The `replication` table: a primary and a replica on loopback. What a plain SET costs against SET followed by
// WAIT 1 (synchronous replication on request), and how long until a write acknowledged by the primary is visible on
// the replica, idle and under a pipelined write load, with the replica's offset lag in bytes sampled meanwhile.
// Tests: test/redis/replication.test.ts.
import type { Redis } from 'ioredis';
import { connect, parseInfo } from './client.js';
import { latencyRecorder } from './histogram.js';
import { stopServer, type ServerGroup } from './server.js';

export interface ReplicationRow {
  [column: string]: string | number;
  measure: string;
  requests: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
  /** WAIT rows: writes the replica had not acknowledged when WAIT returned (timeout); others: 0. */
  notAcknowledged: number;
  /** Under load: the largest gap between the primary's offset and the replica's seen while sampling, in bytes. */
  maxLagBytes: number;
}

const nowNs = () => performance.now() * 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the replica reports its link to the primary up and in sync. */
export async function waitForLink(replica: Redis, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const info = parseInfo(await replica.info('replication'));
    if (info.get('master_link_status') === 'up' && info.get('master_sync_in_progress') === '0') return;
    await sleep(20);
  }
  throw new Error(`the replica did not sync with its primary within ${timeoutMs} ms`);
}

/** Offset gap between the primary and its first replica, from the primary's INFO replication. */
async function lagBytes(primary: Redis): Promise<number> {
  const info = parseInfo(await primary.info('replication'));
  const offset = Number(info.get('master_repl_offset'));
  const replicaOffset = Number(/offset=(\d+)/.exec(info.get('slave0') ?? '')?.[1] ?? offset);
  return Math.max(0, offset - replicaOffset);
}

/** Sets `probe` keys on the primary one at a time and times each until the replica returns it. */
async function visibility(primary: Redis, replica: Redis, probes: number, tag: string) {
  const rec = latencyRecorder();
  for (let i = 0; i < probes; i++) {
    const key = `repl:probe:${tag}:${i}`;
    await primary.set(key, '1');
    const t = nowNs();
    while ((await replica.get(key)) === null) {
      // poll: every GET is a round trip, so the answer is within one round trip of the truth
    }
    rec.record(nowNs() - t);
  }
  return rec.result();
}

export async function replicationTable(
  group: ServerGroup,
  o: { writes: number; probes: number; valueBytes: number },
): Promise<ReplicationRow[]> {
  const primaryServer = await group.start('primary');
  const replicaServer = await group.start('replica', {
    config: { replicaof: `127.0.0.1 ${primaryServer.port}`, 'replica-read-only': 'yes' },
  });
  const primary = await connect(primaryServer);
  const loader = await connect(primaryServer);
  const replica = await connect(replicaServer);
  const value = 'v'.repeat(o.valueBytes);
  const rows: ReplicationRow[] = [];
  const row = (measure: string, r: ReturnType<ReturnType<typeof latencyRecorder>['result']>, extra = {}) => ({
    measure,
    requests: r.latencyUs.n,
    p50Us: r.p50Us,
    p90Us: r.p90Us,
    p99Us: r.p99Us,
    maxUs: r.maxUs,
    notAcknowledged: 0,
    maxLagBytes: 0,
    ...extra,
  });
  try {
    await waitForLink(replica);
    const plain = latencyRecorder();
    const waited = latencyRecorder();
    let notAcknowledged = 0;
    for (let i = 0; i < o.writes; i++) {
      let t = nowNs();
      await primary.set(`repl:plain:${i}`, value);
      plain.record(nowNs() - t);
      t = nowNs();
      const results = await primary.pipeline().set(`repl:wait:${i}`, value).wait(1, 1000).exec();
      waited.record(nowNs() - t);
      if (results?.[1]?.[1] !== 1) notAcknowledged++;
    }
    rows.push(row('SET', plain.result()));
    rows.push(row('SET + WAIT 1', waited.result(), { notAcknowledged }));
    rows.push(row('replica sees a write (idle)', await visibility(primary, replica, o.probes, 'idle')));
    // Under load: a second connection pipelines writes while the probes run; the offset gap is sampled meanwhile.
    let loading = true;
    let maxLag = 0;
    const load = (async () => {
      for (let b = 0; loading; b++) {
        const pipe = loader.pipeline();
        for (let i = 0; i < 100; i++) pipe.set(`repl:load:${(b * 100 + i) % 50_000}`, value);
        await pipe.exec();
      }
    })();
    const sampler = (async () => {
      while (loading) {
        maxLag = Math.max(maxLag, await lagBytes(primary));
        await sleep(5);
      }
    })();
    const underLoad = await visibility(primary, replica, o.probes, 'load');
    loading = false;
    await Promise.all([load, sampler]);
    rows.push(row('replica sees a write (under load)', underLoad, { maxLagBytes: maxLag }));
    return rows;
  } finally {
    for (const c of [primary, loader, replica]) c.disconnect();
    await stopServer(replicaServer);
    await stopServer(primaryServer);
  }
}
