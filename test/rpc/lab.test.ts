// Lab 08 end to end on real servers: small runs with one stack, two stacks and every stack write the tables asked for,
// findings that name only the stacks that ran and hold no NaN or undefined, and leave no server process behind; bad
// flags are one-line InputErrors (exit 2) before any server starts.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, runLab } from '../../src/core/index.js';
import lab from '../../labs/08-rpc.js';
import { throwawayCert } from '../../src/rpc/cert.js';
import { STACKS } from '../../src/rpc/stacks.js';
import { serverChildrenOf } from './helpers.js';

const small = [
  '--quick',
  '--calls', '20',
  '--payloads', '0,1000',
  '--wire-calls', '2',
  '--in-flight', '1,4',
  '--rates', '100',
  '--load-calls', '20',
  '--failure-calls', '1',
  '--connection-calls', '3',
  '--stream-messages', '50',
  '--stream-unary-calls', '5',
  '--deadline', '100',
]; // prettier-ignore
const quiet = { log: () => undefined };
const out = () => mkdtempSync(path.join(os.tmpdir(), 'syslab-08-'));
const opensslRuns = throwawayCert(out()).available;

describe('lab 08 rpc', () => {
  it.each([{ stacks: ['tcp'] }, { stacks: ['grpc', 'rest'] }, { stacks: [...STACKS] as string[] }])(
    'runs with --stacks $stacks and leaves no server',
    async ({ stacks }) => {
      const outcome = await runLab(lab, [...small, '--stacks', stacks.join(',')], { out: out(), ...quiet });
      const { report } = outcome!;
      expect(Object.keys(report.results.tables)).toEqual([
        'unary',
        'wire',
        // HTTP/2 and HTTP/1.1 calls split into headers and data (raw TCP and Thrift have no headers).
        ...(stacks.some((s) => s !== 'tcp' && !s.startsWith('thrift')) ? ['wire-headers'] : []),
        'concurrency',
        'connections',
        ...(stacks.includes('grpc') ? ['streaming'] : []),
        'failures',
        'killed',
      ]);
      expect(report.results.tables.connections.rows).toHaveLength(stacks.length * 5);
      // With openssl every stack's TLS rows are measured (REST through undici, Thrift with its TLS connection).
      const tls = report.results.tables.connections.rows.filter(
        (r) => r.mode === 'tls-keep-alive' || r.mode === 'tls-new-connection',
      );
      if (opensslRuns) expect(tls.filter((r) => r.reason !== '').map((r) => [r.stack, r.mode])).toEqual([]);
      const dup = report.results.tables.failures.rows.map((r) => [r.stack, r.variant, r.duplicates]);
      expect(dup).toEqual(
        stacks.flatMap((s) => [
          [s, 'retry', 1],
          [s, 'retry-with-key', 0],
        ]),
      );
      const { unary, wire, concurrency } = report.results.tables;
      expect(unary.rows.map((r) => r.stack)).toEqual(stacks);
      expect(wire.rows).toHaveLength(stacks.length * 2);
      expect(concurrency.rows).toHaveLength(stacks.length * 3);
      expect(unary.rows.every((r) => r.calls === 20)).toBe(true);
      for (const f of report.findings) {
        expect(f).not.toMatch(/NaN|undefined|Infinity|null/);
        const named = STACKS.filter((s) => new RegExp(`(^|[ ,(])${s}([ ,':)]|$)`).test(f));
        expect(named.filter((s) => !stacks.includes(s))).toEqual([]);
      }
      if (stacks.includes('tcp')) {
        const tcp = wire.rows.find((r) => r.stack === 'tcp' && r.payload === 0)!;
        expect([tcp.sentPerCall, tcp.receivedPerCall]).toEqual([8, 6]);
      }
      expect(serverChildrenOf()).toEqual([]);
    },
  );

  it('measures only the tables asked for', async () => {
    const outcome = await runLab(lab, [...small, '--stacks', 'tcp', '--tables', 'wire'], { out: out(), ...quiet });
    expect(Object.keys(outcome!.report.results.tables)).toEqual(['wire']);
    expect(outcome!.report.charts ?? []).toEqual([]);
  });

  it.each([
    [['--stacks', 'corba'], /stacks.*corba.*tcp, grpc/],
    [['--timeout', '0'], /timeout/],
    [['--payloads', '-1'], /payloads/],
    [['--tables', 'unary,nope'], /tables/],
  ])('refuses %s with one line', async (bad, message) => {
    const attempt = runLab(lab, [...small, ...bad], { out: out(), ...quiet });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(message);
    expect(serverChildrenOf()).toEqual([]);
  });
});
