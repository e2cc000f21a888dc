// Apache Thrift generated at run time by Debian's thrift compiler (skipped where it is absent): Mult(6, 7) = 42 on
// the binary and compact protocols; bytes on the wire worked out by hand for one framed call of mult(MultReq{6, 7}):
// binary 4 (frame) + 12 (version and type, name length) + 4 ("mult") + 4 (seqid) + 3 (struct field 1) + 7 + 7 (two
// i32 fields) + 2 (two stops) = 39; compact 4 (frame) + 3 (protocol id, version and type, seqid 1) + 5 (name) + 1
// (struct field) + 2 + 2 (zigzag varints 12 and 14) + 2 (stops) = 19. Without the compiler the stacks are reported
// unavailable with the reason, and the other stacks still run.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLab } from '../../src/core/index.js';
import lab from '../../labs/08-rpc.js';
import { multReq } from '../../src/rpc/calc.js';
import { makeClient } from '../../src/rpc/clients.js';
import { countingProxy } from '../../src/rpc/proxy.js';
import { startServers, type ServerProcess } from '../../src/rpc/servers.js';
import { portFor, THRIFT_STACKS } from '../../src/rpc/stacks.js';
import { generateThrift, loadThrift } from '../../src/rpc/thrift.js';
import { serverChildrenOf } from './helpers.js';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const gen = generateThrift(tmp('syslab-08-thrift-'));

describe.skipIf(!gen.available)('Thrift', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    if (!gen.available) return;
    loadThrift(gen.dir);
    server = await startServers({ thriftDir: gen.dir });
  });
  afterAll(() => server.stop());

  it.each([
    ['thrift-binary', 39],
    ['thrift-compact', 19],
  ] as const)('%s: Mult(6, 7) = 42 in %i bytes on the wire', async (stack, bytes) => {
    const proxy = await countingProxy(portFor(stack, server.ports));
    const client = makeClient(stack, proxy.port, 10_000);
    try {
      expect((await client.call(multReq(6, 7))).product).toBe(42n);
      expect(proxy.counts().sent).toBe(bytes);
    } finally {
      client.close();
      await proxy.close();
    }
  });
});

describe('Thrift without its compiler', () => {
  it('says why', () => {
    const g = generateThrift(tmp('syslab-08-thrift-'), '/nonexistent/thrift');
    expect(g).toEqual({
      available: false,
      reason: expect.stringMatching(/could not run.*apt-get install thrift-compiler/) as unknown,
    });
  });

  it('reports the Thrift stacks unavailable and runs the others', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const args = ['--quick', '--tables', 'unary', '--calls', '10', '--stacks', `tcp,${THRIFT_STACKS.join(',')}`];
      const outcome = await runLab(lab, args, { out: tmp('syslab-08-'), log: () => undefined });
      const { report } = outcome!;
      expect(report.results.tables.unary.rows.map((r) => r.stack)).toEqual(['tcp']);
      expect(report.findings.slice(0, 2)).toEqual(
        THRIFT_STACKS.map(
          (s) => expect.stringMatching(new RegExp(`^${s} was not measured: thrift could not run`)) as unknown,
        ),
      );
    } finally {
      process.env.PATH = saved;
    }
    expect(serverChildrenOf()).toEqual([]);
  });
});
