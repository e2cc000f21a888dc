// REST and Thrift over TLS with the run's throwaway certificate (skipped without openssl or the thrift compiler):
// fetch trusts it through an undici Agent, Thrift through its package's TLS connection; each answers Mult(6, 7) = 42
// on one kept-alive connection (fetch: at most 2) whose first byte on the wire is a TLS handshake record (0x16), and
// the connections table measures their tls rows instead of calling them unavailable.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multReq } from '../../src/rpc/calc.js';
import { throwawayCert } from '../../src/rpc/cert.js';
import { makeClient } from '../../src/rpc/clients.js';
import { connectionRow } from '../../src/rpc/connections.js';
import { countingProxy } from '../../src/rpc/proxy.js';
import { startServers, type ServerProcess } from '../../src/rpc/servers.js';
import { generateThrift, loadThrift } from '../../src/rpc/thrift.js';
import { serverChildrenOf } from './helpers.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'syslab-08-tls-'));
const cert = throwawayCert(tmp());
const gen = generateThrift(tmp());
const STACKS = ['rest', 'thrift-binary', 'thrift-compact'] as const;

describe.skipIf(!cert.available || !gen.available)('REST and Thrift over TLS', () => {
  let server: ServerProcess;
  let ca: Buffer;
  beforeAll(async () => {
    if (!cert.available || !gen.available) return;
    loadThrift(gen.dir);
    ca = readFileSync(cert.certFile);
    server = await startServers({ tls: cert, thriftDir: gen.dir });
  });
  afterAll(async () => {
    await server.stop();
    expect(serverChildrenOf()).toEqual([]);
  });

  const tlsPort = (stack: (typeof STACKS)[number]) => {
    const t = server.ports.tls!;
    return stack === 'rest' ? t.rest! : stack === 'thrift-binary' ? t.thrift!.binary : t.thrift!.compact;
  };

  it.each(STACKS)('%s: Mult(6, 7) = 42 on a kept-alive TLS connection', async (stack) => {
    const proxy = await countingProxy(tlsPort(stack), { keep: true });
    const client = makeClient(stack, proxy.port, 10_000, { ca });
    try {
      for (let i = 0; i < 3; i++) expect((await client.call(multReq(6, 7))).product).toBe(42n);
      expect(proxy.sentBytes()[0]).toBe(0x16);
      // fetch (undici) can send the next call before its Agent has freed the last answer's connection: 1 or 2.
      const connections = proxy.counts().connections;
      if (stack === 'rest') expect([1, 2]).toContain(connections);
      else expect(connections).toBe(1);
    } finally {
      client.close();
      await proxy.close();
    }
  });

  it.each(STACKS)('%s: the connections table measures both TLS modes', async (stack) => {
    for (const mode of ['tls-keep-alive', 'tls-new-connection'] as const) {
      const row = await connectionRow(server, stack, mode, 4, 10_000, ca, 'no certificate');
      expect(row).toMatchObject({ stack, mode, available: true, calls: 4 });
    }
  });

  it('refuses a certificate it was not given (a wrong CA fails the call, naming the stack)', async () => {
    const other = throwawayCert(tmp());
    const wrong = readFileSync(other.available ? other.certFile : '');
    const client = makeClient('rest', tlsPort('rest'), 2000, { ca: wrong });
    try {
      await expect(client.call(multReq(6, 7))).rejects.toThrow(/^rest: /);
    } finally {
      client.close();
    }
  });
});
