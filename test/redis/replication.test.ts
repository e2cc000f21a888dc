// Tests src/redis/replication.ts with a real primary and replica: exact request counts per row, and WAIT's promise
// (a write WAIT 1 confirmed is on the replica at once), then both servers stopped.
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/redis/client.js';
import { replicationTable, waitForLink } from '../../src/redis/replication.js';
import { noServer, testGroup } from './helpers.js';

describe.skipIf(noServer)('replication on loopback', () => {
  const group = testGroup();

  it('measures every row with exact counts and stops both servers', async () => {
    const rows = await replicationTable(group, { writes: 30, probes: 10, valueBytes: 8 });
    expect(rows.map((r) => [r.measure, r.requests])).toEqual([
      ['SET', 30],
      ['SET + WAIT 1', 30],
      ['replica sees a write (idle)', 10],
      ['replica sees a write (under load)', 10],
    ]);
    for (const r of rows) expect(r.p50Us).toBeLessThanOrEqual(r.maxUs);
    expect(group.servers.every((s) => !s.alive())).toBe(true);
  });

  it('a write confirmed by WAIT 1 is on the replica', async () => {
    const primaryServer = await group.start('p');
    const replicaServer = await group.start('r', { config: { replicaof: `127.0.0.1 ${primaryServer.port}` } });
    const primary = await connect(primaryServer);
    const replica = await connect(replicaServer);
    await waitForLink(replica);
    for (let i = 0; i < 20; i++) {
      await primary.set(`k${i}`, String(i));
      expect(await primary.wait(1, 5000)).toBe(1);
      expect(await replica.get(`k${i}`)).toBe(String(i));
    }
    expect(await replica.dbsize()).toBe(20);
    primary.disconnect();
    replica.disconnect();
  });
});
