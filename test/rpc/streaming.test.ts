// Server streaming and batching on the real server: MultMany(5, 7) streams 0, 7, 14, 21, 28 and MultBatch answers
// [(2, 7), (3, 7)] with [14, 21] on gRPC, Connect over HTTP/2 and its gRPC protocol; the streaming rows count exactly
// the messages asked for (every answer is checked inside), with a last, shorter batch when the size does not divide.
import { create } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multReq, MultBatchReqSchema } from '../../src/rpc/calc.js';
import { startServers, type ServerProcess } from '../../src/rpc/servers.js';
import { portFor } from '../../src/rpc/stacks.js';
import { connectStreamClient, grpcStreamClient, STREAM_STACKS, streamRows } from '../../src/rpc/streaming.js';

describe('streaming', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServers();
  });
  afterAll(() => server.stop());

  it.each(STREAM_STACKS)('%s: MultMany(5, 7) streams 0..28, MultBatch answers in order', async (stack) => {
    const port = portFor(stack, server.ports);
    const client = stack === 'grpc' ? grpcStreamClient(port, 10_000) : connectStreamClient(stack, port, 10_000);
    try {
      expect(await client.many(5)).toEqual([0n, 7n, 14n, 21n, 28n]);
      expect(await client.many(0)).toEqual([]);
      const req = create(MultBatchReqSchema, { reqs: [multReq(2, 7), multReq(3, 7)] });
      expect(await client.batch(req)).toEqual([14n, 21n]);
    } finally {
      client.close();
    }
  });

  it.each(STREAM_STACKS)('%s: rows for unary, batch and stream with the exact message counts', async (stack) => {
    const rows = await streamRows(server, stack, { messages: 1000, unaryCalls: 10, batchSize: 64, timeoutMs: 30_000 });
    expect(rows.map((r) => [r.mode, r.messages, r.perCall])).toEqual([
      ['unary', 10, 1],
      ['batch', 1000, 64],
      ['stream', 1000, 1000],
    ]);
  });
});
