// Tests src/redis/durability.ts with real servers killed by SIGKILL: appendfsync always loses no acknowledged write,
// no persistence loses every one, one RDB snapshot keeps exactly what it saved and loses the rest.
import { describe, expect, it } from 'vitest';
import { durabilityRun } from '../../src/redis/durability.js';
import { noServer, testGroup } from './helpers.js';

describe.skipIf(noServer)('durability after SIGKILL', () => {
  const group = testGroup();
  const o = { writes: 400, clients: 4, valueBytes: 8 };

  it('appendfsync always: acknowledged writes lost = 0', async () => {
    const r = await durabilityRun(group, 'aof-always', o);
    expect(r.acknowledged).toBeGreaterThanOrEqual(400);
    expect(r.lost).toBe(0);
    expect(r.keysAfterRestart).toBe(r.acknowledged + r.unacknowledgedKept);
  });

  it('no persistence: every acknowledged write is lost', async () => {
    const r = await durabilityRun(group, 'none', o);
    expect(r.lost).toBe(r.acknowledged);
    expect(r.keysAfterRestart).toBe(0);
  });

  it('one RDB snapshot at half way: the snapshot survives, later writes do not', async () => {
    const r = await durabilityRun(group, 'rdb', o);
    expect(r.keysAfterRestart).toBeGreaterThanOrEqual(200);
    expect(r.lost).toBe(r.acknowledged - r.keysAfterRestart + r.unacknowledgedKept);
    expect(r.lost).toBeGreaterThan(0);
  });
});
