// Every stack against the real server child on loopback: Mult(6, 7) is 42 and a 1 MB payload comes back whole; a
// handler that throws is an error naming the stack; a handler that never answers ends at the deadline with a message
// naming the stack and the deadline, never a hang. No server process is left after each group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multReq, padBytes } from '../../src/rpc/calc.js';
import { makeClient } from '../../src/rpc/clients.js';
import { startServers, type ServerProcess } from '../../src/rpc/servers.js';
import { CORE_STACKS as STACKS, portFor } from '../../src/rpc/stacks.js';
import { serverChildrenOf } from './helpers.js';

describe('clients on a working server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServers();
  });
  afterAll(async () => {
    await server.stop();
    expect(serverChildrenOf()).toEqual([]);
  });

  it.each(STACKS)('%s: Mult(6, 7) = 42, and a 1 MB payload is echoed', async (stack) => {
    const client = makeClient(stack, portFor(stack, server.ports), 10_000);
    try {
      expect((await client.call(multReq(6, 7))).product).toBe(42n);
      const big = await client.call(multReq(-3, 5, 1_000_000));
      expect(big.product).toBe(-15n);
      expect(Buffer.from(big.pad).equals(Buffer.from(padBytes(1_000_000)))).toBe(true);
    } finally {
      client.close();
    }
  });
});

describe('clients on a server whose handler throws', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServers({ behaviour: 'throw' });
  });
  afterAll(() => server.stop());

  it.each(STACKS)('%s: the call fails with an error naming the stack', async (stack) => {
    const client = makeClient(stack, portFor(stack, server.ports), 10_000);
    try {
      await expect(client.call(multReq(6, 7))).rejects.toThrow(new RegExp(`^${stack}: `));
    } finally {
      client.close();
    }
  });
});

describe('clients on a server whose handler never answers', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServers({ behaviour: 'hang' });
  });
  afterAll(() => server.stop());

  it.each(STACKS)('%s: the call ends at its 300 ms deadline with a message saying so', async (stack) => {
    const client = makeClient(stack, portFor(stack, server.ports), 300);
    try {
      await expect(client.call(multReq(6, 7))).rejects.toThrow(new RegExp(`^${stack}: no answer within 300 ms`));
    } finally {
      client.close();
    }
  });
});
