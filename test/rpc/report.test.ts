// The knee of a closed-loop curve, on hand-made rows with a known answer: throughput 100, 180, 195, 196 calls/s at
// 1, 2, 4, 8 in flight reaches 90% of the best (176.4) first at 2; one level has no knee; open-loop rows are ignored.
// The wire-headers table and findings (HPACK against HTTP/1.1 heads) and the connections table's concurrent mode, on
// hand-made rows, for one stack, two, and a stack without headers: each sentence exact, and only when its stacks ran.
import { describe, expect, it } from 'vitest';
import { partTotal } from '../../src/rpc/call-bytes.js';
import type { ConnectionRow } from '../../src/rpc/connections.js';
import type { RpcResults } from '../../src/rpc/experiment.js';
import type { LoadRow } from '../../src/rpc/load.js';
import { knee, rpcReport } from '../../src/rpc/report.js';
import type { Stack } from '../../src/rpc/stacks.js';
import type { UnaryRow } from '../../src/rpc/unary.js';
import { summarize } from '../../src/core/stats.js';
import type { WireRow } from '../../src/rpc/wire.js';

const row = (inFlight: number, callsPerSecond: number, loop: 'closed' | 'open' = 'closed'): LoadRow => ({
  stack: 'tcp',
  loop,
  inFlight,
  offeredRate: loop === 'open' ? 1000 : null,
  calls: 100,
  callsPerSecond,
  failed: 0,
  firstFailure: null,
  p50Us: 1,
  p90Us: 1,
  p99Us: 1,
  p999Us: 1,
  maxUs: 1,
  latencyUs: { n: 1, median: 1, min: 1, max: 1, mean: 1, p25: 1, p75: 1, iqr: 0, mad: 0, relSpread: 0 },
});

describe('knee', () => {
  it('is the fewest in flight reaching 90% of the best throughput', () => {
    expect(knee([row(8, 196), row(1, 100), row(4, 195), row(2, 180), row(64, 900, 'open')])?.inFlight).toBe(2);
    expect(knee([row(1, 100), row(2, 170), row(4, 200)])?.inFlight).toBe(4);
  });
  it('is undefined with one closed-loop level', () => {
    expect(knee([row(1, 100), row(4, 500, 'open')])).toBeUndefined();
  });
});

// The header and connection findings on hand-made rows (numbers chosen so every sentence can be worked out by hand),
// for one stack, two, and a stack without headers: each sentence appears only when its stacks ran.
const part = (headerBytes: number, headerListBytes: number, fields: number, dataBytes: number, otherBytes = 0) => ({
  headerBytes,
  headerListBytes,
  fields,
  dataBytes,
  otherBytes,
});
function wire(stack: Stack, headers?: WireRow['headers']): WireRow {
  // Bytes per call as the relay would count them: the connection's share plus the call's parts.
  const first = headers ? headers.connectionFirst.sent + partTotal(headers.request.first) : 8;
  const later = headers ? headers.connectionPerLaterCall.sent + partTotal(headers.request.later!) : 8;
  return {
    stack,
    payload: 0,
    reqMessageBytes: 4,
    respMessageBytes: 2,
    firstSent: first,
    firstReceived: 6,
    calls: 4,
    sentPerCall: later,
    receivedPerCall: 6,
    overheadShare: 0.5,
    connections: 1,
    ...(headers ? { headers } : {}),
  };
}
// gRPC: 10 fields of 221 B names and values (541 B per RFC 7541 §4.1); 139 B, 42 B, then 37 B per later call.
const grpcWire = wire('grpc', {
  protocol: 'http2',
  request: { first: part(139, 541, 10, 18), second: part(42, 541, 10, 18), later: part(37, 541, 10, 18) },
  response: { first: part(139, 389, 7, 16), second: part(25, 389, 7, 16), later: part(25, 389, 7, 16) },
  connectionFirst: { sent: 48, received: 18 },
  connectionPerLaterCall: { sent: 0, received: 0.5 },
  errors: [],
});
// REST: 227 B heads every call for 541 - 11 * 32 = 189 B of names and values.
const restWire = wire('rest', {
  protocol: 'http1',
  request: { first: part(227, 541, 11, 13), second: part(227, 541, 11, 13), later: part(227, 541, 11, 13) },
  response: { first: part(163, 326, 6, 14, 10), second: part(163, 326, 6, 14, 10), later: part(163, 326, 6, 14, 10) },
  connectionFirst: { sent: 0, received: 0 },
  connectionPerLaterCall: { sent: 0, received: 0 },
  errors: [],
});
const results = (stacks: Stack[], o: Partial<RpcResults>): RpcResults => ({
  stacks,
  unavailable: [],
  serverPid: 1,
  ...o,
});

describe('wire-headers table and findings', () => {
  const hpack =
    "HTTP/2 request headers shrank once HPACK's dynamic table held them: grpc 139 B on call 1, then 37 B per later " +
    'call (16.7% of its 221 B of names and values). A field already in the table is sent as an index of a byte or ' +
    'two; only fields whose value changed travel again.';
  const h1 = 'HTTP/1.1 sent its request head in full on every call: rest 227 B for 189 B of names and values.';
  const contrast =
    "From the second call on, a request's headers took 37 B on HTTP/2 against 227 B on HTTP/1.1 (6.1× or more).";
  const setup =
    "Call 1 on a new HTTP/2 connection sent grpc 205 B = 48 + 139 + 18 B: the connection's own bytes (preface, " +
    'frames on stream 0 such as SETTINGS) + HEADERS + DATA.';

  it('one HTTP/2 stack: its shrinking headers and its first call, nothing about HTTP/1.1', () => {
    const r = rpcReport(results(['grpc'], { wire: [grpcWire] }));
    expect(r.findings).toEqual(expect.arrayContaining([hpack, setup]));
    expect(r.findings.join(' ')).not.toMatch(/HTTP\/1\.1/);
    const rows = r.tables['wire-headers'].rows;
    expect(rows.map((x) => [x.stack, x.direction, x.nameValueBytes, x.call1Bytes, x.call2Bytes, x.laterBytes])).toEqual(
      [
        ['grpc', 'request', 221, 139, 42, 37],
        ['grpc', 'response', 165, 139, 25, 25],
      ],
    );
    expect(r.charts.map((c) => c.name)).toContain('header-bytes-per-call');
  });

  it('one HTTP/1.1 stack: heads in full, no HPACK sentence', () => {
    const r = rpcReport(results(['rest'], { wire: [restWire] }));
    expect(r.findings).toContain(h1);
    expect(r.findings.join(' ')).not.toMatch(/HPACK|HTTP\/2/);
  });

  it('both: the contrast, 227 / 37 = 6.1×', () => {
    const r = rpcReport(results(['grpc', 'rest'], { wire: [grpcWire, restWire] }));
    expect(r.findings).toEqual(expect.arrayContaining([hpack, h1, contrast, setup]));
    expect(r.tables['wire-headers'].rows).toHaveLength(4);
  });

  it('raw TCP alone: no headers table, chart or sentence', () => {
    const r = rpcReport(results(['tcp'], { wire: [wire('tcp')] }));
    expect(r.tables['wire-headers']).toBeUndefined();
    expect(r.charts.map((c) => c.name)).not.toContain('header-bytes-per-call');
    expect(r.findings.join(' ')).not.toMatch(/HPACK|HTTP\/1\.1|Call 1/);
  });
});

describe('connections: the concurrent mode', () => {
  const conn = (stack: Stack, mode: ConnectionRow['mode'], callsPerSecond: number, o: object = {}): ConnectionRow => ({
    stack,
    mode,
    available: true,
    calls: 64,
    p50Us: 100,
    p99Us: 200,
    callsPerSecond,
    clientCpuUsPerCall: 50,
    ...o,
  });
  const rows = [
    conn('grpc', 'keep-alive', 1000, { connectionsOpened: 1 }),
    conn('grpc', 'concurrent', 3000, { inFlight: 16, connectionsOpened: 1 }),
    conn('connect-h1', 'keep-alive', 800, { connectionsOpened: 1 }),
    conn('connect-h1', 'concurrent', 400, { inFlight: 16, connectionsOpened: 16 }),
    conn('tcp', 'concurrent', 9000, { inFlight: 16, connectionsOpened: 1 }),
  ];

  it('says how many connections each stack opened, and what calls in flight bought against one at a time', () => {
    const r = rpcReport(results(['grpc', 'connect-h1', 'tcp'], { connections: rows }));
    expect(r.findings).toContain(
      'With 16 calls in flight at once on one client, grpc and tcp opened 1 TCP connection and connect-h1 opened ' +
        '16 TCP connections (warm-up included).',
    );
    expect(r.findings).toContain(
      'Calls per second with calls in flight at once against one at a time on a kept-alive connection (one timed run ' +
        'of each: a ratio near 1 needs a longer run, or several, to tell): grpc 3,000 against 1,000 (3.0×) and ' +
        'connect-h1 400 against 800 (0.50×).',
    );
    const table = r.tables.connections.rows;
    expect(table.find((x) => x.mode === 'concurrent' && x.stack === 'connect-h1')).toMatchObject({
      inFlight: 16,
      connectionsOpened: 16,
    });
    expect(table.find((x) => x.mode === 'keep-alive' && x.stack === 'grpc')).toMatchObject({ inFlight: 1 });
  });

  it('one stack without a concurrent row: no such sentence', () => {
    const r = rpcReport(results(['grpc'], { connections: rows.slice(0, 1) }));
    expect(r.findings.join(' ')).not.toMatch(/in flight/);
  });

  // grpc: 10 calls each, new connections every one 300 µs slower (a clear shift), TLS on new connections the same
  // samples reversed (no clear difference), TLS kept alive 1 call (too few: P(U = 0) = 1/11 > 2.5%, no 95% interval).
  const ten = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109];
  const timed = [
    conn('grpc', 'keep-alive', 1000, { samplesUs: ten }),
    conn('grpc', 'new-connection', 500, { samplesUs: ten.map((x) => x + 300) }),
    conn('grpc', 'tls-new-connection', 500, { samplesUs: ten.map((x) => x + 300).reverse() }),
    conn('grpc', 'tls-keep-alive', 900, { samplesUs: [2000], calls: 1 }),
  ];

  it('compares modes by the shift of their raw samples, and says when it cannot tell', () => {
    const r = rpcReport(results(['grpc'], { connections: timed }));
    expect(r.findings).toEqual([
      'A new connection per call against a kept-alive one (median shift of the calls): grpc 300 µs more.',
      'TLS against plain TCP (median shift of the calls): per new connection, grpc no clear difference; per ' +
        'kept-alive call, grpc too few calls to tell.',
    ]);
  });

  it('with the TLS rows unavailable: no TLS sentence, the reason instead', () => {
    const r = rpcReport(
      results(['grpc'], {
        connections: [
          ...timed.slice(0, 2),
          { stack: 'grpc', mode: 'tls-keep-alive', available: false, reason: 'no openssl' },
        ],
      }),
    );
    expect(r.findings.join(' ')).not.toMatch(/TLS against/);
    expect(r.findings).toContain('Not measured: grpc tls-keep-alive (no openssl).');
  });
});

describe('unary: what each stack adds above raw TCP', () => {
  // 10 calls each: grpc every call 300 µs above tcp's (a clear shift), rest the same as tcp's in another order;
  // tcp's median 104.5 µs is written to 3 significant digits, 105 µs.
  const ten = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109];
  const unary = (stack: Stack, samples: number[]): UnaryRow => ({
    stack,
    calls: samples.length,
    p50Us: summarize(samples).median,
    p90Us: 0,
    p99Us: 0,
    p999Us: 0,
    maxUs: Math.max(...samples),
    latencyUs: summarize(samples),
    callsPerSecond: 1000,
    clientCpuUsPerCall: 10,
    serverCpuUsPerCall: 10,
  });
  const rows = [
    unary('tcp', ten),
    unary(
      'grpc',
      ten.map((x) => x + 300),
    ),
    unary('rest', [...ten].reverse()),
  ];

  it('is the shift of the raw samples, "no clear difference" when its interval holds 0', () => {
    const r = rpcReport(results(['tcp', 'grpc', 'rest'], { unary: rows }));
    expect(r.findings).toContain(
      "Above raw TCP's median of 105 µs per call (median shift of each stack's calls): grpc 300 µs more and rest " +
        'no clear difference.',
    );
  });

  it('without raw TCP: no such sentence', () => {
    const r = rpcReport(results(['grpc', 'rest'], { unary: rows.slice(1) }));
    expect(r.findings.join(' ')).not.toMatch(/raw TCP/);
  });

  it('one stack: its CPU per call without "the most"', () => {
    const r = rpcReport(results(['tcp'], { unary: rows.slice(0, 1) }));
    expect(r.findings).toContain(
      'tcp used 10 µs of CPU per call in the client and 10 µs in the server, against a median latency of 105 µs.',
    );
    expect(r.findings.join(' ')).not.toMatch(/the most/);
  });
});

describe('wire: the largest payload', () => {
  const big = (stack: Stack, overheadShare: number): WireRow => ({ ...wire(stack), payload: 1000, overheadShare });
  it('one stack: its share, not a range', () => {
    const r = rpcReport(results(['tcp'], { wire: [wire('tcp'), big('tcp', 0.004)] }));
    expect(r.findings).toContain("At 1,000 B of payload tcp's overhead share was 0.4%.");
  });
  it('two stacks: the largest share first, then the others', () => {
    const r = rpcReport(
      results(['tcp', 'rest'], { wire: [wire('tcp'), wire('rest'), big('tcp', 0.004), big('rest', 0.25)] }),
    );
    expect(r.findings).toContain('At 1,000 B of payload the overhead share ranged up to 25.0% (rest); tcp 0.4%.');
  });
});
