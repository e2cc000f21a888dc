// The server child's life cycle: it listens on five distinct loopback ports the kernel picked, reports CPU time that
// grows, and is gone after stop(); it also goes when its parent is SIGKILLed (no handler runs) or SIGTERMed, and
// when a lab run is interrupted with SIGINT through the supervisor (the `server process N` line names it).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startServers } from '../../src/rpc/servers.js';
import { alive, serverChildrenOf } from './helpers.js';

/** Waits (up to 15 s) for `pid` to exit; true once it has. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 150; i++) {
    if (!alive(pid)) return true;
    await sleep(100);
  }
  return false;
}

/** Spawns `args` under node with tsx and resolves with the first output line that matches `pattern`. */
function startAndWaitFor(args: string[], pattern: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const match = new Promise<RegExpExecArray>((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = pattern.exec(out);
      if (m) resolve(m);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited early (${code}): ${out.slice(-500)}`)));
  });
  return { child, match };
}

describe('server child life cycle', () => {
  it('listens on five distinct ports, reports CPU time, and is gone after stop()', async () => {
    const server = await startServers();
    const ports = Object.values(server.ports);
    expect(new Set(ports).size).toBe(5);
    expect(ports.every((p) => p > 0 && p < 65536)).toBe(true);
    expect(alive(server.pid)).toBe(true);
    const a = await server.cpu();
    const b = await server.cpu();
    expect(b.user + b.system).toBeGreaterThanOrEqual(a.user + a.system);
    await server.stop();
    await server.stop(); // a second stop is harmless
    expect(alive(server.pid)).toBe(false);
    expect(serverChildrenOf()).toEqual([]);
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`is gone when its parent dies of ${signal}`, async () => {
      const { child, match } = startAndWaitFor(['test/rpc/fixtures/hold-server.ts'], /\{"pid":(\d+)\}/);
      const pid = Number((await match)[1]);
      expect(alive(pid)).toBe(true);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
      expect(await gone(pid)).toBe(true);
    });
  }

  it('is gone after a lab run is interrupted with SIGINT', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'syslab-08-'));
    try {
      const { child, match } = startAndWaitFor(
        ['labs/08-rpc.ts', '--quick', '--out', out, '--stacks', 'tcp,grpc', '--calls', '1000000'],
        /server process (\d+) listening/,
      );
      const pid = Number((await match)[1]);
      expect(alive(pid)).toBe(true);
      const code = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      child.kill('SIGINT');
      expect(await code).toBe(130);
      expect(await gone(pid)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
