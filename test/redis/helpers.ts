// Shared by the tests in test/redis/: one real redis-server per test file (skipped, with the reason, where none is
// installed), a temp folder removed after the file, and a client.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { connect } from '../../src/redis/client.js';
import { findRedisServer, serverGroup, type Server, type ServerGroup } from '../../src/redis/server.js';

export const binary = findRedisServer();
export const noServer = !binary.available;

export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-07-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A group of servers for one test file, closed after it. */
export function testGroup(): ServerGroup {
  if (!binary.available) throw new Error(binary.reason);
  const group = serverGroup(binary.path, tempDir(), { removeRoot: true });
  afterAll(() => group.close());
  return group;
}

/** A fresh server and a client on it. */
export async function freshServer(group: ServerGroup, name: string): Promise<{ server: Server; client: Redis }> {
  const server = await group.start(name);
  const client = await connect(server);
  afterAll(() => client.disconnect());
  return { server, client };
}
