// Bytes on the wire, worked out by hand and checked on the relay's sockets: raw TCP sends exactly 4 + 4 bytes for
// MultReq(6, 7) and gets 4 + 2 back; gRPC (grpc-js and connect-node's gRPC protocol) sends the message in HTTP/2
// DATA frames as 00 | 00 00 00 04 | 08 06 10 07 (compressed flag, length, message: 9 bytes); Connect's unary
// protocol sends the bare 4 bytes; REST sends Content-Length 13 and {"x":6,"y":7}. The wire table's row for raw TCP
// holds the same exact numbers (and no header split); on HTTP/2 the row's split of call 1 (connection bytes + headers
// + data + other) adds up to its firstSent exactly, its DATA bytes are the message's frame (and connect-node's empty
// END_STREAM frame), and HPACK shrinks later request headers to under half of call 1's; HTTP/1.1 sends the same head
// every call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multReq } from '../../src/rpc/calc.js';
import { makeClient } from '../../src/rpc/clients.js';
import { countingProxy } from '../../src/rpc/proxy.js';
import { startServers, type ServerProcess } from '../../src/rpc/servers.js';
import { portFor, type Stack } from '../../src/rpc/stacks.js';
import { partTotal } from '../../src/rpc/call-bytes.js';
import { wireRow } from '../../src/rpc/wire.js';
import { h2Frames } from './helpers.js';

const DATA = 0;

describe('bytes on the wire for MultReq(6, 7)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServers();
  });
  afterAll(() => server.stop());

  /** The client-to-server bytes of one Mult(6, 7) call on a new connection, and the counts. */
  async function oneCall(stack: Stack) {
    const proxy = await countingProxy(portFor(stack, server.ports), { keep: true });
    const client = makeClient(stack, proxy.port, 10_000);
    try {
      expect((await client.call(multReq(6, 7))).product).toBe(42n);
      return { bytes: proxy.sentBytes(), counts: proxy.counts() };
    } finally {
      client.close();
      await proxy.close();
    }
  }

  it('raw TCP: 8 bytes out (00 00 00 04 08 06 10 07), 6 back', async () => {
    const { bytes, counts } = await oneCall('tcp');
    expect([...bytes]).toEqual([0, 0, 0, 4, 8, 6, 0x10, 7]);
    expect(counts).toEqual({ sent: 8, received: 6, connections: 1 });
  });

  it.each(['grpc', 'connect-grpc'] as const)(
    '%s: one DATA payload of 9 bytes, 5-byte prefix then the message',
    async (stack) => {
      const { bytes } = await oneCall(stack);
      const data = h2Frames(bytes).filter((f) => f.type === DATA && f.payload.length > 0);
      expect(data).toHaveLength(1);
      expect([...data[0].payload]).toEqual([0, 0, 0, 0, 4, 8, 6, 0x10, 7]);
    },
  );

  it('connect-h2: the Connect unary protocol sends the bare 4-byte message', async () => {
    const { bytes } = await oneCall('connect-h2');
    const data = h2Frames(bytes).filter((f) => f.type === DATA && f.payload.length > 0);
    expect(data.map((f) => [...f.payload])).toEqual([[8, 6, 0x10, 7]]);
  });

  it('rest: Content-Length 13 and the JSON body {"x":6,"y":7} at the end', async () => {
    const { bytes } = await oneCall('rest');
    const text = bytes.toString('latin1');
    expect(text.startsWith('POST /mult HTTP/1.1\r\n')).toBe(true);
    expect(text.toLowerCase()).toContain('\r\ncontent-length: 13\r\n');
    expect(text.endsWith('\r\n\r\n{"x":6,"y":7}')).toBe(true);
  });

  it("the wire table's raw TCP row: 8 and 6 bytes per call, 6 of 14 bytes are the messages", async () => {
    const row = await wireRow(server, 'tcp', 0, 7, 10_000);
    expect(row).toMatchObject({
      reqMessageBytes: 4,
      respMessageBytes: 2,
      firstSent: 8,
      firstReceived: 6,
      calls: 7,
      sentPerCall: 8,
      receivedPerCall: 6,
      connections: 1,
    });
    expect(row.overheadShare).toBeCloseTo(8 / 14, 12);
  });

  it.each(['grpc', 'connect-h2', 'connect-grpc'] as const)(
    '%s: call 1 split into connection, headers and data adds up; later headers shrink',
    async (stack) => {
      const row = await wireRow(server, stack, 0, 4, 10_000);
      const h = row.headers!;
      expect(h.protocol).toBe('http2');
      expect(h.errors).toEqual([]);
      expect(h.connectionFirst.sent + partTotal(h.request.first)).toBe(row.firstSent);
      expect(h.connectionFirst.received + partTotal(h.response.first)).toBe(row.firstReceived);
      // Calls 2..5 on the relay: call 2, three later calls (their mean), and the connection's bytes meanwhile.
      const after = partTotal(h.request.second!) + 3 * partTotal(h.request.later!) + 4 * h.connectionPerLaterCall.sent;
      expect(after).toBeCloseTo(row.sentPerCall * 4, 9);
      expect(h.request.later!.headerBytes).toBeLessThan(h.request.first.headerBytes / 2);
      // DATA: 9-byte frame header + (gRPC: 5-byte prefix) + 4-byte message; connect-node ends the stream with an
      // empty DATA frame of its own (9 more), grpc-js sets END_STREAM on the message's frame.
      const message = stack === 'connect-h2' ? 9 + 4 : 9 + 5 + 4;
      expect(h.request.first.dataBytes).toBe(stack === 'grpc' ? message : message + 9);
    },
  );

  it('connect-h1: the same request head on every call; raw TCP: no header split', async () => {
    const h = (await wireRow(server, 'connect-h1', 0, 4, 10_000)).headers!;
    expect(h.protocol).toBe('http1');
    expect(h.request.later!.headerBytes).toBe(h.request.first.headerBytes);
    expect(h.request.second!.headerBytes).toBe(h.request.first.headerBytes);
    expect((await wireRow(server, 'tcp', 0, 2, 10_000)).headers).toBeUndefined();
  });

  it('a 1,000-byte payload adds tag, 2-byte length and the bytes to each message, and the frames grow to match', async () => {
    const row = await wireRow(server, 'tcp', 1000, 3, 10_000);
    expect(row.reqMessageBytes).toBe(4 + 1 + 2 + 1000);
    expect(row.respMessageBytes).toBe(2 + 1 + 2 + 1000);
    expect(row.sentPerCall).toBe(4 + row.reqMessageBytes);
    expect(row.receivedPerCall).toBe(4 + row.respMessageBytes);
  });
});
