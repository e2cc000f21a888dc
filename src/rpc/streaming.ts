// The streaming table's measurement, on the stacks with server streaming (gRPC, Connect over HTTP/2 and its gRPC
// protocol): `messages` answers as one server stream (MultMany), as unary calls one at a time (Mult; `unaryCalls` of
// them, the rate per message compared), and in batches of `batchSize` requests per call (MultBatch, client-side
// batching). Every answer is checked (i * 7); a wrong or missing one fails the run. Tests: test/rpc/streaming.test.ts.
import { create } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { createClient } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { decodeResp, encodeReq, multReq, MULT_BATCH_PATH, MULT_MANY_PATH } from './calc.js';
import {
  MultBatchReqSchema,
  MultBatchRespSchema,
  type MultBatchReq,
  type MultBatchResp,
  type MultResp,
} from './calc.js';
import { CallError, makeClient } from './clients.js';
import { Calc } from './gen/calc_pb.js';
import type { ServerProcess } from './servers.js';
import { portFor, type Stack } from './stacks.js';
import { checkedCall } from './unary.js';

export const STREAM_STACKS = ['grpc', 'connect-h2', 'connect-grpc'] as const;
export type StreamStack = (typeof STREAM_STACKS)[number];
export const STREAM_MODES = ['unary', 'batch', 'stream'] as const;

export interface StreamRow {
  stack: StreamStack;
  mode: (typeof STREAM_MODES)[number];
  messages: number;
  /** Requests per call: 1 (unary), batchSize (batch), messages (stream: one request, that many answers). */
  perCall: number;
  seconds: number;
  messagesPerSecond: number;
}

/** A client for MultMany and MultBatch on one stack: many(n) resolves with the products, batch(reqs) likewise. */
export interface StreamClient {
  many(n: number): Promise<bigint[]>;
  batch(req: MultBatchReq): Promise<bigint[]>;
  close(): void;
}

export function grpcStreamClient(port: number, timeoutMs: number): StreamClient {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    many: (n) =>
      new Promise((resolve, reject) => {
        const out: bigint[] = [];
        const call = client.makeServerStreamRequest(
          MULT_MANY_PATH,
          (m: ReturnType<typeof multReq>) => Buffer.from(encodeReq(m)),
          (b: Buffer) => decodeResp(b),
          multReq(n, 7),
          new grpc.Metadata(),
          { deadline: Date.now() + timeoutMs },
        );
        call.on('data', (r: MultResp) => out.push(r.product));
        call.on('error', (e: Error) => reject(new CallError(`grpc: ${e.message}`)));
        call.on('end', () => resolve(out));
      }),
    batch: (req) =>
      new Promise((resolve, reject) => {
        client.makeUnaryRequest(
          MULT_BATCH_PATH,
          (m: MultBatchReq) => Buffer.from(toBinary(MultBatchReqSchema, m)),
          (b: Buffer) => fromBinary(MultBatchRespSchema, b),
          req,
          new grpc.Metadata(),
          { deadline: Date.now() + timeoutMs },
          (e: grpc.ServiceError | null, r?: MultBatchResp) =>
            e || !r ? reject(new CallError(`grpc: ${e?.message ?? 'empty'}`)) : resolve(r.resps.map((x) => x.product)),
        );
      }),
    close: () => client.close(),
  };
}

export function connectStreamClient(
  stack: 'connect-h2' | 'connect-grpc',
  port: number,
  timeoutMs: number,
): StreamClient {
  const baseUrl = `http://127.0.0.1:${port}`;
  const sessionManager = new Http2SessionManager(baseUrl);
  const transport =
    stack === 'connect-h2'
      ? createConnectTransport({ baseUrl, httpVersion: '2', useBinaryFormat: true, sessionManager })
      : createGrpcTransport({ baseUrl, sessionManager });
  const client = createClient(Calc, transport);
  const wrap = async <T>(f: () => Promise<T>) => {
    try {
      return await f();
    } catch (e) {
      throw new CallError(`${stack}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return {
    many: (n) =>
      wrap(async () => {
        const out: bigint[] = [];
        for await (const r of client.multMany(multReq(n, 7), { timeoutMs })) out.push(r.product);
        return out;
      }),
    batch: (req) => wrap(async () => (await client.multBatch(req, { timeoutMs })).resps.map((r) => r.product)),
    close: () => sessionManager.abort(),
  };
}

/** Throws unless products[k] = (first + k) * 7 for every k. */
function check(stack: Stack, products: bigint[], first: number, count: number): void {
  if (products.length !== count) throw new CallError(`${stack}: ${products.length} answers, not ${count}`);
  products.forEach((p, k) => {
    if (p !== BigInt((first + k) * 7)) throw new CallError(`${stack}: answer ${k} was ${p}, not ${(first + k) * 7}`);
  });
}

const secondsSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

export async function streamRows(
  server: ServerProcess,
  stack: StreamStack,
  o: { messages: number; unaryCalls: number; batchSize: number; timeoutMs: number },
): Promise<StreamRow[]> {
  const port = portFor(stack, server.ports);
  const rows: StreamRow[] = [];
  const row = (mode: StreamRow['mode'], messages: number, perCall: number, seconds: number) =>
    rows.push({ stack, mode, messages, perCall, seconds, messagesPerSecond: messages / seconds });

  const unary = makeClient(stack, port, o.timeoutMs);
  try {
    for (let i = 0; i < 10; i++) await checkedCall(unary, i);
    const t = process.hrtime.bigint();
    for (let i = 0; i < o.unaryCalls; i++) await checkedCall(unary, i);
    row('unary', o.unaryCalls, 1, secondsSince(t));
  } finally {
    unary.close();
  }

  const client = stack === 'grpc' ? grpcStreamClient(port, o.timeoutMs) : connectStreamClient(stack, port, o.timeoutMs);
  try {
    check(stack, await client.batch(create(MultBatchReqSchema, { reqs: [multReq(1, 7)] })), 1, 1); // connect first
    let t = process.hrtime.bigint();
    for (let first = 0; first < o.messages; first += o.batchSize) {
      const count = Math.min(o.batchSize, o.messages - first);
      const reqs = Array.from({ length: count }, (_, k) => multReq(first + k, 7));
      check(stack, await client.batch(create(MultBatchReqSchema, { reqs })), first, count);
    }
    row('batch', o.messages, o.batchSize, secondsSince(t));
    t = process.hrtime.bigint();
    check(stack, await client.many(o.messages), 0, o.messages);
    row('stream', o.messages, o.messages, secondsSince(t));
  } finally {
    client.close();
  }
  return rows;
}
