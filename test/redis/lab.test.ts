// Lab 07 end to end with real servers: a small run writes every table (acknowledged writes lost = 0 with
// appendfsync always) and leaves no redis-server behind; --redis-url without --allow-flush touches only its own keys;
// bad flags, an unreachable URL, a busy port and a missing redis-server are one-line InputErrors (exit 2), except in
// `run all`, where a missing server is an "unavailable" report.
import { mkdtempSync, readdirSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, runLab } from '../../src/core/index.js';
import lab from '../../labs/07-redis.js';
import { serverGroup } from '../../src/redis/server.js';
import { binary, freshServer, noServer, tempDir, testGroup } from './helpers.js';

const small = [
  '--quick',
  '--requests', '50',
  '--repeats', '1',
  '--clients', '2',
  '--pipelines', '1,10',
  '--memory-counts', '200',
  '--memory-values', '8',
  '--cache-keys', '200',
  '--keys', '2000',
  '--eviction-requests', '3000',
  '--samples', '1,5',
  '--writes', '100',
  '--modes', 'aof-always,none',
  '--replication-writes', '20',
  '--probes', '5',
  '--cluster-keys', '300',
]; // prettier-ignore

/**
 * redis-server processes working in this process's scratch folders (redis-server rewrites its command line, but it
 * runs with its `dir` as working directory).
 */
function strayServers(): number[] {
  const mine = `syslab-07-${process.pid}-`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const exe = readlinkSync(`/proc/${entry}/exe`); // Debian's redis-server links to redis-check-rdb
      if (exe.includes('redis') && readlinkSync(`/proc/${entry}/cwd`).includes(mine)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

const quiet = { log: () => undefined };

describe.skipIf(noServer)('lab 07 redis', () => {
  const group = testGroup();

  it('detects a live server in a scratch folder of this process (so the checks below can fail)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `syslab-07-${process.pid}-`));
    const probe = serverGroup(binary.available ? binary.path : '', dir, { removeRoot: true });
    const server = await probe.start('probe');
    expect(strayServers()).toEqual([server.pid]);
    await probe.close();
    expect(strayServers()).toEqual([]);
  });

  it('writes every table from a small run and leaves no server behind', async () => {
    const outcome = await runLab(lab, small, { out: tempDir(), ...quiet });
    const { report } = outcome!;
    expect(Object.keys(report.results.tables)).toEqual([
      'latency',
      'memory',
      'eviction',
      'durability',
      'replication',
      'clusterSlots',
      'clusterClients',
      'clusterFailover',
    ]);
    const durability = report.results.tables.durability.rows;
    expect(durability.find((r) => r.mode === 'aof-always')!.lost).toBe(0);
    expect(durability.find((r) => r.mode === 'none')!.keysAfterRestart).toBe(0);
    expect(report.results.tables.eviction.rows).toHaveLength(2 * 3);
    expect(report.findings.length).toBeGreaterThan(5);
    expect(strayServers()).toEqual([]);
  });

  it('uses --redis-url without flushing it: only its own keys, the other tables skipped with the reason', async () => {
    const { server, client } = await freshServer(group, 'user');
    await client.set('students-data', 'keep me');
    const url = `redis://127.0.0.1:${server.port}`;
    const outcome = await runLab(lab, [...small, '--redis-url', url], { out: tempDir(), ...quiet });
    const { report } = outcome!;
    expect(Object.keys(report.results.tables)).toEqual(['latency']);
    expect(report.findings.join(' ')).toMatch(
      /Not run: memory .*--allow-flush.*eviction.*durability.*replication.*cluster/,
    );
    expect(await client.dbsize()).toBe(1);
    expect(await client.get('students-data')).toBe('keep me');
  });

  it('refuses a busy --port with one line', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    await expect(runLab(lab, [...small, '--port', String(port)], { out: tempDir(), ...quiet })).rejects.toThrow(
      new RegExp(`port ${port} is in use`),
    );
    blocker.close();
    expect(strayServers()).toEqual([]);
  });
});

describe('lab 07 bad input', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('names a bad flag value and what is allowed', async () => {
    await expect(runLab(lab, ['--tables', 'nope'], quiet)).rejects.toThrow(InputError);
    await expect(runLab(lab, ['--tables', 'nope'], quiet)).rejects.toThrow(
      /latency, memory, eviction, durability, replication, cluster/,
    );
    await expect(runLab(lab, ['--redis-url', 'http://x'], { out: tempDir(), ...quiet })).rejects.toThrow(
      /allowed: redis:\/\/host:port/,
    );
  });

  it('says an unreachable --redis-url is unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    await expect(
      runLab(lab, ['--quick', '--redis-url', `redis://127.0.0.1:${port}`], { out: tempDir(), ...quiet }),
    ).rejects.toThrow(/unreachable/);
  });

  it('without redis-server: exit 2 alone, an unavailable report in `run all`', async () => {
    process.env.PATH = '/nonexistent';
    await expect(runLab(lab, ['--quick'], { out: tempDir(), ...quiet })).rejects.toThrow(
      /redis-server is not on PATH .*apt-get install redis-server/,
    );
    const outcome = await runLab(lab, ['--quick'], { out: tempDir(), partOfAll: true, ...quiet });
    expect(outcome!.report.results.tables.availability.rows[0].available).toBe(false);
    expect(outcome!.report.findings[0]).toMatch(/did not run: redis-server is not on PATH/);
  });
});
