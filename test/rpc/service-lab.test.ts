// Lab 08 with a student's own service, end to end on real servers: the fixture coursework.shapes.Shapes through the lab
// (in process and through the syslab CLI) with --quick --tables unary,wire (wire-headers on the HTTP stacks), its
// connections table (connections counted per mode), and every kind of bad input as one line, exit 2, no report, no
// server left: flags that do not go together, a .proto that does not compile, an unknown service, a service without a
// unary method, a handler module without a method, one that never answers (fails at the deadline), one that throws,
// one whose answers change (the byte-for-byte check).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, runLab } from '../../src/core/index.js';
import lab from '../../labs/08-rpc.js';
import { throwawayCert } from '../../src/rpc/cert.js';
import { serverChildrenOf } from './helpers.js';

const dir = 'test/rpc/fixtures/service';
const own = (handler = 'handler', proto = 'shapes', service = 'Shapes') => [
  '--proto', `${dir}/${proto}.proto`, '--service', service, '--handler', `${dir}/${handler}.ts`,
]; // prettier-ignore
const small = ['--quick', '--tables', 'unary,wire', '--calls', '20', '--wire-calls', '2', '--timeout', '2000'];
const out = () => mkdtempSync(path.join(os.tmpdir(), 'syslab-08-'));
const run = (args: string[]) => runLab(lab, args, { out: out(), log: () => undefined });

describe('lab 08 with a student service', () => {
  it('measures both unary methods on every stack asked for, with the bytes worked out by hand on raw TCP', async () => {
    const outcome = await run([...small, ...own(), '--stacks', 'tcp,grpc,rest,thrift-binary']);
    const { tables } = outcome!.report.results;
    expect(Object.keys(tables)).toEqual(['methods', 'unary', 'wire', 'wire-headers']);
    expect(tables.methods.rows.map((r) => [r.method, r.requests, r.requestsFrom, r.requestHex, r.responseHex])).toEqual(
      [
        ['Add', 2, 'requests export', '08 02 10 03', '08 05'],
        ['Echo', 1, 'built by the lab', '0a 03 61 62 63', '0a 03 41 42 43 10 03'],
      ],
    );
    expect(tables.unary.rows.map((r) => [r.stack, r.method, r.calls])).toEqual(
      ['tcp', 'grpc', 'rest'].flatMap((s) => [
        [s, 'Add', 20],
        [s, 'Echo', 20],
      ]),
    );
    const tcp = tables.wire.rows.filter((r) => r.stack === 'tcp');
    // Add's second request {a: -1, b: 300} is 14 bytes (see service.test.ts); its answer sum 299 = 08 ab 02.
    expect(tcp.map((r) => [r.method, r.request, r.sentPerCall, r.receivedPerCall])).toEqual([
      ['Add', 1, 8, 6],
      ['Add', 2, 18, 7],
      ['Echo', 1, 9, 11],
    ]);
    const findings = outcome!.report.findings;
    expect(findings).toContain(
      "thrift-binary was not measured: Thrift carries the lab's Calc service only (its IDL is data/rpc/calc.thrift); " +
        'a protobuf service has no Thrift IDL.',
    );
    expect(findings).toContain(
      "Method Repeat was not run: it is a server-streaming method, and the lab's tables call unary methods only.",
    );
    // The headers split, per method's first request, on the HTTP stacks only: HTTP/2 for grpc, HTTP/1.1 for rest.
    expect(tables['wire-headers'].rows.map((r) => [r.stack, r.method, r.direction, r.protocol])).toEqual(
      ['grpc', 'rest'].flatMap((s) =>
        ['Add', 'Echo'].flatMap((m) =>
          ['request', 'response'].map((d) => [s, m, d, s === 'grpc' ? 'HTTP/2' : 'HTTP/1.1']),
        ),
      ),
    );
    // Call 1's bytes add up: the relay's count = the connection's own bytes + HEADERS + DATA (+ other frames).
    expect(findings.filter((f) => /^(Add|Echo): Call 1 on a new HTTP\/2 connection sent grpc /.test(f))).toHaveLength(
      2,
    );
    expect(findings.join(' ')).not.toMatch(/wire-headers table was not run/);
    expect(findings).toContain(
      "coursework.shapes.Shapes's 2 unary methods (Add and Echo) answered every request with the same bytes on tcp, " +
        'grpc and rest.',
    );
    for (const f of findings) expect(f).not.toMatch(/NaN|undefined|Infinity|null|connect-/);
    expect(serverChildrenOf()).toEqual([]);
  });

  it('measures the connections table per method: kept alive, new per call, TLS, and many in flight', async () => {
    const args = ['--quick', '--tables', 'connections', '--connection-calls', '3', '--connection-in-flight', '4'];
    const outcome = await run([...args, ...own(), '--stacks', 'tcp,connect-h1']);
    const rows = outcome!.report.results.tables.connections.rows;
    expect(rows).toHaveLength(2 * 2 * 5);
    const opened = (stack: string, mode: string) =>
      rows.filter((r) => r.stack === stack && r.mode === mode).map((r) => [r.method, r.connectionsOpened]);
    // Raw TCP: 1 connection kept alive; 3 warm-up + 3 timed calls on 6 new ones; 4 in flight pipelined on 1.
    expect(opened('tcp', 'keep-alive')).toEqual([
      ['Add', 1],
      ['Echo', 1],
    ]);
    expect(opened('tcp', 'new-connection')).toEqual([
      ['Add', 6],
      ['Echo', 6],
    ]);
    expect(opened('tcp', 'concurrent')).toEqual([
      ['Add', 1],
      ['Echo', 1],
    ]);
    // HTTP/1.1 needs a connection per call in flight: exactly 4 (http.Agent frees a socket before its caller sees the
    // answer's end, so each caller keeps its own; test/rpc/connections.test.ts).
    expect(opened('connect-h1', 'concurrent')).toEqual([
      ['Add', 4],
      ['Echo', 4],
    ]);
    if (throwawayCert(out()).available) expect(rows.filter((r) => r.reason !== '')).toEqual([]);
    expect(serverChildrenOf()).toEqual([]);
  });

  it('says which tables a service cannot run and runs the rest, one stack alone', async () => {
    const outcome = await run([...own(), '--quick', '--stacks', 'tcp', '--tables', 'unary,streaming,failures']);
    expect(Object.keys(outcome!.report.results.tables)).toEqual(['methods', 'unary']);
    const findings = outcome!.report.findings;
    expect(findings.filter((f) => / table was not run: /.test(f)).map((f) => f.split(':')[0])).toEqual([
      'The streaming table was not run',
      'The failures table was not run',
    ]);
    expect(findings).toContain(
      "coursework.shapes.Shapes's 2 unary methods (Add and Echo) ran on tcp only, so no other stack’s answers were " +
        'compared.',
    );
  });

  it.each([
    [['--proto', `${dir}/shapes.proto`], /^--proto .*shapes\.proto: needs --service/],
    [['--service', 'Shapes'], /^--service Shapes: needs --proto/],
    [['--proto', `${dir}/shapes.proto`, '--service', 'Shapes'], /^--proto .* --service Shapes: needs --handler/],
    [own('handler', 'broken'), /^--proto .*broken\.proto: does not compile: .*Unknown/],
    [
      own('handler', 'shapes', 'Nope'),
      /^--service Nope: no such service .*; services there: coursework\.shapes\.Shapes$/,
    ],
    [
      own('handler', 'only-streams', 'Ticker'),
      /^--service Ticker: has no unary method to measure \(its methods: Ticks \(server_streaming\)\)/,
    ],
    [own('missing'), /--handler .*missing\.ts: no function for Echo; its default export must be an object/],
    [[...own(), '--stacks', 'thrift-compact'], /^--stacks thrift-compact: Thrift carries the lab's Calc service only/],
    [own('silent'), /^--handler .*silent\.ts: Echo: tcp: no answer within 300 ms/],
    [own('busy'), /^--handler .*busy\.ts: Add: tcp: no answer within 300 ms/],
    [
      own('bad-requests'),
      /^--handler .*bad-requests\.ts: requests\.Add\[1\] is not a coursework\.shapes\.AddReq: A is not one of its fields \(a, b\)$/,
    ],
    [
      own('stray-field'),
      /: Add: tcp: .*handler error: Add: answered summ, not a field of coursework\.shapes\.AddResp \(its fields: sum\)\)$/,
    ],
    [
      own('wrong-type'),
      /: Echo: tcp: .*handler error: Echo: cannot encode field coursework\.shapes\.EchoResp\.text to JSON: expected string, got 3\)$/,
    ],
    [
      own('throwing'),
      /^--handler .*throwing\.ts: Add: tcp: .*\(server: handler error: Add: student service exploded\)$/,
    ],
    [own('drifting'), /^--handler .*drifting\.ts: Add: tcp answered request 1 with 08 0f, but tcp answered 08 0e /],
  ])('refuses %j in one line, before any report', async (args, message) => {
    const attempt = run([...small, '--stacks', 'tcp,grpc', '--timeout', '300', ...args]);
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(message);
    const text = await attempt.then(
      () => '',
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(text.split('\n')).toHaveLength(1);
    expect(serverChildrenOf()).toEqual([]);
  });

  it('runs through the syslab CLI, and refuses a bad service there with exit 2 and no report', () => {
    const root = path.resolve(__dirname, '../..');
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', '08', ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      });
    const good = path.join(out(), 'run');
    const ok = cli([...small, ...own(), '--stacks', 'tcp,connect-h2', '--out', good]);
    expect(ok.status).toBe(0);
    const report = JSON.parse(readFileSync(path.join(good, '08-rpc', 'report.json'), 'utf8')) as {
      results: { tables: Record<string, { rows: Record<string, unknown>[] }> };
    };
    expect(report.results.tables.unary.rows.map((r) => `${String(r.stack)} ${String(r.method)}`)).toEqual([
      'tcp Add',
      'tcp Echo',
      'connect-h2 Add',
      'connect-h2 Echo',
    ]);
    const bad = path.join(out(), 'run');
    const refused = cli([...small, ...own('handler', 'shapes', 'Nope'), '--out', bad]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([
      `error: --service Nope: no such service in ${dir}/shapes.proto; services there: coursework.shapes.Shapes`,
    ]);
    expect(existsSync(bad)).toBe(false);
  });
});
