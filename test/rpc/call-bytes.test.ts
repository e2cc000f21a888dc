// Bytes per call, split into headers, data and the rest, on known answers worked out by hand: an HTTP/2 exchange of
// two calls (request header blocks from RFC 7541 C.3.1 and C.3.2, one split into HEADERS + CONTINUATION, one PADDED;
// a response whose trailers enter the dynamic table and are then sent as one index byte) and an HTTP/1.1 exchange
// (Content-Length request, chunked response, a 204), fed whole, split at every position and byte by byte. Then live,
// through the relay to the real server: every stack's calls + connection bytes add up to the relayed bytes exactly,
// and gRPC's second request header block is smaller than its first (HPACK's dynamic table at work).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBytesCounter, type CallBytesCounter } from '../../src/rpc/call-bytes.js';
import { multReq } from '../../src/rpc/calc.js';
import { makeClient } from '../../src/rpc/clients.js';
import { H2_PREFACE } from '../../src/rpc/http2-frames.js';
import { countingProxy } from '../../src/rpc/proxy.js';
import { startServers, type ServerProcess } from '../../src/rpc/servers.js';
import { CORE_STACKS, portFor } from '../../src/rpc/stacks.js';

function frameBytes(type: number, flags: number, stream: number, payload: number[] | Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(stream, 5);
  return Buffer.concat([header, Buffer.from(payload)]);
}
const hex = (h: string) => [...Buffer.from(h.replace(/\s+/g, ''), 'hex')];
const c31 = hex('8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d'); // 20 bytes, list size 180
const c32 = hex('8286 84be 5808 6e6f 2d63 6163 6865'); // 14 bytes, list size 180 + 53

// Client: preface 24, SETTINGS 9 | HEADERS 9+10, CONTINUATION 9+10 | DATA 9+4 | WINDOW_UPDATE (stream 0) 9+4 |
// HEADERS PADDED (1 + 14 + 3 pad) 9+18 | RST_STREAM 9+4.
const sent = Buffer.concat([
  H2_PREFACE,
  frameBytes(4, 0, 0, []),
  frameBytes(1, 0, 1, c31.slice(0, 10)),
  frameBytes(9, 4, 1, c31.slice(10)),
  frameBytes(0, 1, 1, [8, 6, 0x10, 7]),
  frameBytes(8, 0, 0, [0, 0, 0x10, 0]),
  frameBytes(1, 0x4 | 0x8, 3, [3, ...c32, 0, 0, 0]),
  frameBytes(3, 0, 3, [0, 0, 0, 8]),
]);
// Server: SETTINGS 9+6, SETTINGS ack 9 | HEADERS :status 200 9+1, DATA 9+2, trailers grpc-status 0 as a literal
// with incremental indexing 9+15 | stream 3: HEADERS :status 200 + index 62 (grpc-status 0) 9+2.
const received = Buffer.concat([
  frameBytes(4, 0, 0, [0, 3, 0, 0, 0, 100]),
  frameBytes(4, 1, 0, []),
  frameBytes(1, 4, 1, [0x88]),
  frameBytes(0, 0, 1, [8, 84]),
  frameBytes(1, 5, 1, [0x40, 11, ...Buffer.from('grpc-status'), 1, 0x30]),
  frameBytes(1, 5, 3, [0x88, 0xbe]),
]);
const part = (headerBytes: number, headerListBytes: number, fields: number, dataBytes: number, otherBytes: number) => ({
  headerBytes,
  headerListBytes,
  fields,
  dataBytes,
  otherBytes,
});

/** Feeds one connection's client bytes, then its server bytes (a server answers what it has read), in pieces. */
function run(a: Buffer[], b: Buffer[]): CallBytesCounter {
  const counter = callBytesCounter();
  const tap = counter.connection();
  for (const s of a) tap.sent(s);
  for (const r of b) tap.received(r);
  return counter;
}
/** Both byte streams whole, split in two at every position, and one byte at a time. */
const splits = (a: Buffer, b: Buffer): [Buffer[], Buffer[]][] => [
  [[a], [b]],
  ...Array.from({ length: Math.max(a.length, b.length) + 1 }, (_, at): [Buffer[], Buffer[]] => [
    [a.subarray(0, at), a.subarray(at)],
    [b.subarray(0, at), b.subarray(at)],
  ]),
  [[...a].map((x) => Buffer.from([x])), [...b].map((x) => Buffer.from([x]))],
];

describe('bytes per call, by hand', () => {
  it('HTTP/2: headers, data and the rest per call; preface and stream-0 frames belong to the connection', () => {
    expect([sent.length, received.length]).toEqual([137, 80]);
    for (const [a, b] of splits(sent, received)) {
      const c = run(a, b);
      expect(c.errors()).toEqual([]);
      expect(c.calls()).toEqual([
        { protocol: 'http2', request: part(38, 180, 4, 13, 0), response: part(34, 42 + 44, 2, 11, 0) },
        { protocol: 'http2', request: part(27, 233, 5, 0, 13), response: part(11, 86, 2, 0, 0) },
      ]);
      expect(c.connectionBytes()).toEqual({ sent: 24 + 9 + 13, received: 15 + 9 });
    }
  });

  it('HTTP/1.1: the head, the body, and chunked framing; a 204 has no body', () => {
    const req = 'POST /mult HTTP/1.1\r\nHost: a\r\nContent-Length: 13\r\n\r\n{"x":6,"y":7}';
    const req2 = 'GET /x HTTP/1.1\r\nHost: a\r\n\r\n';
    const resp = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\ne\r\n{"product":42}\r\n0\r\n\r\n';
    const resp2 = 'HTTP/1.1 204 No Content\r\n\r\n';
    const a = Buffer.from(req + req2, 'latin1');
    const b = Buffer.from(resp + resp2, 'latin1');
    for (const [sa, sb] of splits(a, b)) {
      const c = run(sa, sb);
      expect(c.errors()).toEqual([]);
      expect(c.calls()).toEqual([
        {
          protocol: 'http1',
          // head 21 + 9 + 20 + 2; :method POST 43, :path /mult 42, host a 37, content-length 13 48
          request: part(52, 170, 4, 13, 0),
          // head 17 + 28 + 2; :status 200 42, transfer-encoding chunked 56; "e\r\n" "\r\n" "0\r\n" "\r\n" = 10
          response: part(47, 98, 2, 14, 10),
        },
        // head 17 + 9 + 2; :method GET 42, :path /x 39, host a 37 | head 25 + 2; :status 204 42
        { protocol: 'http1', request: part(28, 118, 3, 0, 0), response: part(27, 42, 1, 0, 0) },
      ]);
      expect(c.connectionBytes()).toEqual({ sent: 0, received: 0 });
    }
  });

  it('anything else (raw TCP framing) is connection bytes only', () => {
    const c = run([Buffer.from([0, 0, 0, 4, 8, 6, 16, 7])], [Buffer.from([0, 0, 0, 2, 8, 42])]);
    expect(c.calls()).toEqual([]);
    expect(c.connectionBytes()).toEqual({ sent: 8, received: 6 });
  });
});

describe('bytes per call, live through the relay', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServers();
  });
  afterAll(() => server.stop());

  it.each(CORE_STACKS)('%s: calls + connection bytes = the bytes relayed', async (stack) => {
    const counter = callBytesCounter();
    const proxy = await countingProxy(portFor(stack, server.ports), { tap: counter });
    const client = makeClient(stack, proxy.port, 10_000);
    try {
      for (let i = 0; i < 3; i++) expect((await client.call(multReq(6, 7))).product).toBe(42n);
      await new Promise((r) => setTimeout(r, 50));
      const calls = counter.calls();
      const total = (d: 'request' | 'response') =>
        calls.reduce((a, c) => a + c[d].headerBytes + c[d].dataBytes + c[d].otherBytes, 0);
      expect(counter.errors()).toEqual([]);
      expect(calls).toHaveLength(stack === 'tcp' ? 0 : 3);
      expect(total('request') + counter.connectionBytes().sent).toBe(proxy.counts().sent);
      expect(total('response') + counter.connectionBytes().received).toBe(proxy.counts().received);
      if (stack === 'grpc' || stack === 'connect-grpc' || stack === 'connect-h2') {
        expect(calls[1].request.headerBytes).toBeLessThan(calls[0].request.headerBytes / 2);
        expect(calls[1].request.headerListBytes).toBeGreaterThan(calls[1].request.headerBytes * 3);
      }
      if (stack === 'connect-h1' || stack === 'rest') {
        expect(calls[1].request.headerBytes).toBe(calls[0].request.headerBytes);
      }
    } finally {
      client.close();
      await proxy.close();
    }
  });
});
