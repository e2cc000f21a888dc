// Connections to a Redis server through ioredis (chosen over node-redis by measurement, see labs/07-redis.md): no
// reconnection, no offline queue and no retries, so a killed server shows up as an error instead of a silent wait.
// Also parses `redis://host:port` and INFO text. Tests: test/redis/server.test.ts, test/redis/experiment.test.ts.
import { Redis } from 'ioredis';
import { InputError } from '../core/errors.js';

export interface Endpoint {
  host: string;
  port: number;
}

/** Parses `redis://host:port` (port 6379 when omitted); an InputError for anything else. */
export function parseRedisUrl(url: string): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`--redis-url "${url}" is not a URL; allowed: redis://host:port`);
  }
  if (parsed.protocol !== 'redis:' || !parsed.hostname || parsed.pathname.replace('/', '') !== '')
    throw new InputError(`--redis-url "${url}" is not allowed; allowed: redis://host:port (no user, no database)`);
  if (parsed.username || parsed.password)
    throw new InputError(`--redis-url "${url}": credentials are not supported; allowed: redis://host:port`);
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : 6379 };
}

/** A connected client; rejects when the server does not answer within `timeoutMs`. */
export async function connect(endpoint: Endpoint, timeoutMs = 3000): Promise<Redis> {
  const client = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    enableAutoPipelining: false,
  });
  client.on('error', () => undefined); // surfaced through the rejected commands instead
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
}

/** INFO's `field:value` lines as a map (section headers and blank lines dropped). */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

/** One numeric INFO field (NaN when absent). */
export async function infoNumber(client: Redis, section: string, field: string): Promise<number> {
  return Number(parseInfo(await client.info(section)).get(field));
}
