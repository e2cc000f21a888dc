// The Calc service's one method and its encodings, shared by the server child and the clients: Mult (x * y, the
// request's pad echoed back), protobuf via lab 08's generated Protobuf-ES types (src/rpc/gen/calc_pb.ts), the raw TCP
// stack's 4-byte big-endian length prefix, the REST stack's JSON body, and Mult as an RpcMethod (CALC_MULT: what every
// stack's client calls unless told another method). Also the types of a --proto/--service handler module (exported
// as syslab/rpc with the rest). Tests: test/rpc/calc.test.ts.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { MultBatchReqSchema, MultBatchRespSchema, MultReqSchema, MultRespSchema } from './gen/calc_pb.js';
import { Calc, type MultBatchReq, type MultBatchResp, type MultReq, type MultResp } from './gen/calc_pb.js';
import type { RpcMethod } from './service.js';

export { MultReqSchema, MultRespSchema, MultBatchReqSchema, MultBatchRespSchema };
export type { MultReq, MultResp, MultBatchReq, MultBatchResp };

/** MultMany's answers: product i * y for i = 0 .. x - 1. */
export function* multMany(req: MultReq): Generator<MultResp> {
  for (let i = 0; i < req.x; i++) yield create(MultRespSchema, { product: BigInt(i) * BigInt(req.y) });
}

/** MultBatch's answer: every request answered by mult, in order. */
export function multBatch(req: MultBatchReq): MultBatchResp {
  return create(MultBatchRespSchema, { resps: req.reqs.map(mult) });
}

/** The gRPC path of Calc.Mult (also the Connect route). */
export const MULT_PATH = '/syslab.rpc.Calc/Mult';
/** The server-streaming method (x answers to one request) and the batch method (many requests in one call). */
export const MULT_MANY_PATH = '/syslab.rpc.Calc/MultMany';
export const MULT_BATCH_PATH = '/syslab.rpc.Calc/MultBatch';

/** Bytes of the raw TCP stack's frame header: the message length as a 32-bit big-endian integer. */
export const FRAME_HEADER_BYTES = 4;

/**
 * `n` pseudo-random bytes (xorshift32 from a fixed seed): the same every run, and incompressible, so a stack that
 * compresses (Connect offers gzip) cannot shrink the wire table's payloads to nothing.
 */
export function padBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

/** The request for x * y with `pad` bytes of payload (padBytes(pad), echoed in the response). */
export function multReq(x: number, y: number, pad = 0): MultReq {
  return create(MultReqSchema, { x, y, pad: padBytes(pad) });
}

/** The service's handler: the product, and the request's payload echoed so a response is as large as its request. */
export function mult(req: MultReq): MultResp {
  return create(MultRespSchema, { product: BigInt(req.x) * BigInt(req.y), pad: req.pad });
}

export const encodeReq = (m: MultReq): Uint8Array => toBinary(MultReqSchema, m);
export const decodeReq = (b: Uint8Array): MultReq => fromBinary(MultReqSchema, b);
export const encodeResp = (m: MultResp): Uint8Array => toBinary(MultRespSchema, m);
export const decodeResp = (b: Uint8Array): MultResp => fromBinary(MultRespSchema, b);

/** A length-prefixed frame: 4 bytes of big-endian length, then the message. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + message.length);
  out.writeUInt32BE(message.length, 0);
  out.set(message, FRAME_HEADER_BYTES);
  return out;
}

/**
 * Splits a byte stream into frames: `push` each chunk as it arrives; every complete message goes to `onMessage`
 * in order, and a partial one waits for the next chunk.
 */
export function frameReader(onMessage: (message: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= FRAME_HEADER_BYTES) {
      const length = pending.readUInt32BE(0);
      if (pending.length < FRAME_HEADER_BYTES + length) break;
      onMessage(pending.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length));
      pending = pending.subarray(FRAME_HEADER_BYTES + length);
    }
  };
}

/** The REST body: `{"x":6,"y":7}`, with `"pad"` in base64 when there is a payload and `"requestId"` when set. */
export function reqJson(m: MultReq): string {
  const body: Record<string, unknown> = { x: m.x, y: m.y };
  if (m.pad.length) body.pad = Buffer.from(m.pad).toString('base64');
  if (m.requestId) body.requestId = m.requestId;
  return JSON.stringify(body);
}

/** A MultResp as REST's JSON body: the product as a number, pad in base64 when there is one. */
export function respJson(m: MultResp): string {
  return m.pad.length
    ? JSON.stringify({ product: Number(m.product), pad: Buffer.from(m.pad).toString('base64') })
    : JSON.stringify({ product: Number(m.product) });
}

interface Json {
  x?: unknown;
  y?: unknown;
  product?: unknown;
  pad?: unknown;
  requestId?: unknown;
}

const padOf = (j: Json) => (typeof j.pad === 'string' ? new Uint8Array(Buffer.from(j.pad, 'base64')) : undefined);

/** Parses a REST request body; throws on a body that is not `{"x": int, "y": int}`. */
export function reqFromJson(text: string): MultReq {
  const j = JSON.parse(text) as Json;
  if (!Number.isInteger(j.x) || !Number.isInteger(j.y)) throw new Error('body must be {"x": int, "y": int}');
  const requestId = typeof j.requestId === 'string' ? j.requestId : '';
  return create(MultReqSchema, { x: j.x as number, y: j.y as number, pad: padOf(j), requestId });
}

/** Parses a REST response body; throws on a body without a numeric product. */
export function respFromJson(text: string): MultResp {
  const j = JSON.parse(text) as Json;
  if (typeof j.product !== 'number') throw new Error(`response body has no numeric product: ${text.slice(0, 80)}`);
  return create(MultRespSchema, { product: BigInt(j.product), pad: padOf(j) });
}

/**
 * Calc.Mult as every stack calls it: binary protobuf, and on REST `POST /mult` with the lab's own JSON (product as a
 * JSON number, not canonical JSON's string for an int64).
 */
export const CALC_MULT: RpcMethod<MultReq, MultResp> = {
  name: 'Mult',
  desc: Calc.method.mult,
  path: MULT_PATH,
  restPath: '/mult',
  encodeReq,
  decodeReq,
  encodeResp,
  decodeResp,
  reqJson,
  reqFromJson,
  respJson,
  respFromJson,
};

/**
 * A `--proto/--service` handler module's default export: one function per unary method of the service, named as in
 * the .proto, taking the request message and answering a plain object of the response's fields (or a promise of one).
 * `export default { Add: (req: { a: number; b: number }) => ({ sum: req.a + req.b }) } satisfies ServiceHandler;`
 */
export type ServiceHandler = Record<string, (req: never) => object | Promise<object>>;

/** A handler module's optional `requests` export: the requests to send, per method, as plain objects of fields. */
export type ServiceRequests = Record<string, object[]>;
