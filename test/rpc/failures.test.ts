// Retries of a non-idempotent call, counted on the real server: each of 3 calls loses its first answer (the server
// executes Mult, then never answers), the client's 150 ms deadline passes and it retries once: 6 attempts and 6
// executions without a key (3 done twice), 6 attempts and 3 executions with a request_id, on every stack. A server
// SIGKILLed mid-call: every core stack's pending call fails with an error naming the stack (gRPC: UNAVAILABLE) well
// before its 10 s deadline, because the kernel closes the connection; the killed server is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureRow, killedRows } from '../../src/rpc/failures.js';
import { serverChildrenOf } from './helpers.js';
import { startServers, type ServerProcess } from '../../src/rpc/servers.js';
import { CORE_STACKS as STACKS } from '../../src/rpc/stacks.js';

describe('retries after a lost answer', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServers();
  });
  afterAll(() => server.stop());

  it.each(STACKS)('%s: without a key the work is done twice, with a key once', async (stack) => {
    const plain = await failureRow(server, stack, 'retry', 3, 150);
    expect(plain).toMatchObject({ calls: 3, attempts: 6, executions: 6, duplicates: 3 });
    expect(plain.clientSaw).toMatch(new RegExp(`^${stack}: no answer within 150 ms`));
    const keyed = await failureRow(server, stack, 'retry-with-key', 3, 150);
    expect(keyed).toMatchObject({ calls: 3, attempts: 6, executions: 3, duplicates: 0 });
  });
});

describe('a server killed mid-call', () => {
  it('fails every pending call with an error naming the stack, before the deadline', async () => {
    const rows = await killedRows([...STACKS], 10_000);
    expect(rows.map((r) => r.stack)).toEqual([...STACKS]);
    for (const r of rows) {
      expect(r.clientSaw).toMatch(new RegExp(`^${r.stack}: `));
      expect(r.clientSaw).not.toMatch(/no answer within/);
    }
    expect(rows.find((r) => r.stack === 'grpc')!.clientSaw).toMatch(/UNAVAILABLE/);
    expect(rows.find((r) => r.stack === 'tcp')!.clientSaw).toBe('tcp: the server closed the connection');
    expect(serverChildrenOf()).toEqual([]);
  });
});
