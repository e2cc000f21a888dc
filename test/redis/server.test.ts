// Tests src/redis/server.ts and src/redis/client.ts against real redis-server processes: start and PING, the safe
// config, stop, the errors (busy port, bad config with its log, bad --redis-server, bad URL), and that no server
// or scratch folder outlives a lab killed by SIGINT, SIGTERM or SIGKILL.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { connect, parseInfo, parseRedisUrl } from '../../src/redis/client.js';
import { configText, findRedisServer, startServer, stopServer, serverGroup } from '../../src/redis/server.js';

const binary = findRedisServer();
const root = mkdtempSync(path.join(os.tmpdir(), 'syslab-07-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !alive(pid);
}

describe('finding redis-server', () => {
  it('is unavailable with the install line when PATH has none', () => {
    const found = findRedisServer(undefined, '/nonexistent');
    expect(found.available).toBe(false);
    if (!found.available) expect(found.reason).toMatch(/apt-get install redis-server/);
  });
  it('rejects a --redis-server that is not redis-server', () => {
    expect(() => findRedisServer('/bin/true')).toThrow(InputError);
    expect(() => findRedisServer('/no/such/file')).toThrow(/not an executable redis-server/);
  });
  it('parses redis URLs and rejects others', () => {
    expect(parseRedisUrl('redis://localhost:7000')).toEqual({ host: 'localhost', port: 7000 });
    expect(parseRedisUrl('redis://10.0.0.1')).toEqual({ host: '10.0.0.1', port: 6379 });
    expect(() => parseRedisUrl('http://x:1')).toThrow(InputError);
    expect(() => parseRedisUrl('nonsense')).toThrow(/not a URL/);
  });
  it('writes a loopback, protected, persistence-free config', () => {
    const text = configText('/d', 1234);
    expect(text).toContain('bind 127.0.0.1\n');
    expect(text).toContain('protected-mode yes\n');
    expect(text).toContain('save ""\n');
    expect(text).toContain('appendonly no\n');
  });
});

describe.skipIf(!binary.available)('a real server', () => {
  const bin = binary.available ? binary.path : '';

  it('starts on a free port, answers, holds exactly the keys written, and stops', async () => {
    const server = await startServer({ binary: bin, dir: path.join(root, 's1'), name: 's1' });
    const client = await connect(server);
    const info = parseInfo(await client.info('server'));
    expect(Number(info.get('tcp_port'))).toBe(server.port);
    expect(await client.config('GET', 'protected-mode')).toEqual(['protected-mode', 'yes']);
    const pipe = client.pipeline();
    for (let i = 0; i < 500; i++) pipe.set(`k${i}`, 'v');
    await pipe.exec();
    expect(await client.dbsize()).toBe(500);
    client.disconnect();
    await stopServer(server);
    expect(server.alive()).toBe(false);
    expect(await gone(server.pid)).toBe(true);
  });

  it('refuses a port in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    await expect(startServer({ binary: bin, dir: path.join(root, 's2'), name: 's2', port })).rejects.toThrow(
      new RegExp(`port ${port} is in use`),
    );
    blocker.close();
  });

  it('reports a server that fails to start with the last lines of its log', async () => {
    const attempt = startServer({
      binary: bin,
      dir: path.join(root, 's3'),
      name: 's3',
      config: { 'maxmemory-policy': 'no-such-policy' },
    });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(/exited at start.*last lines of its log:.*maxmemory-policy/);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    it(`leaves no server and no scratch folder after ${signal}`, async () => {
      const dir = path.join(root, `held-${signal}`);
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/redis/fixtures/hold-servers.ts', dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        child.once('exit', (code) => reject(new Error(`fixture exited early (${code})`)));
      });
      const { pids } = JSON.parse(line) as { pids: number[] };
      expect(pids.every(alive)).toBe(true);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
      for (const pid of pids) expect(await gone(pid)).toBe(true);
      if (signal !== 'SIGKILL') expect(existsSync(dir)).toBe(false);
      rmSync(dir, { recursive: true, force: true });
    });
  }

  it('closes a group: every server stopped', async () => {
    const group = serverGroup(bin, path.join(root, 'g'), { removeRoot: true });
    const a = await group.start('a');
    const b = await group.start('b');
    await group.close();
    expect(a.alive() || b.alive()).toBe(false);
    expect(existsSync(path.join(root, 'g'))).toBe(false);
  });
});
