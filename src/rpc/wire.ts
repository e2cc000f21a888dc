// The wire table's measurement: bytes on the sockets per call, counted by a relay (src/rpc/proxy.ts) between a new
// client and the server. The first call on the new connection carries the connection's setup (HTTP/2 preface and
// SETTINGS, full headers before HPACK's table knows them); the steady-state figure is the mean of the calls after it.
// The share of overhead is everything beyond the two protobuf messages themselves. On HTTP/2 and HTTP/1.1 the relay
// also splits each call's bytes into headers, data and the rest (src/rpc/call-bytes.ts), so call 1, call 2 and the
// later calls show what HPACK's dynamic table saves once it knows the headers. Tests: test/rpc/wire.test.ts.
import { setTimeout as sleep } from 'node:timers/promises';
import { callBytesCounter, sumParts, type CallBytesCounter, type PartBytes } from './call-bytes.js';
import { encodeReq, encodeResp, mult, multReq } from './calc.js';
import { makeClient } from './clients.js';
import { countingProxy } from './proxy.js';
import type { ServerProcess } from './servers.js';
import { portFor, type Stack } from './stacks.js';
import { checkedCall } from './unary.js';

export interface WireRow {
  stack: Stack;
  payload: number;
  /** Protobuf sizes of the request and the response (payload included). */
  reqMessageBytes: number;
  respMessageBytes: number;
  firstSent: number;
  firstReceived: number;
  calls: number;
  sentPerCall: number;
  receivedPerCall: number;
  /** 1 - (request + response message bytes) / (bytes sent + received) per call in the steady state. */
  overheadShare: number;
  connections: number;
  /** HTTP/2 and HTTP/1.1 stacks: the bytes of each call split into headers, data and the rest (absent otherwise). */
  headers?: WireHeaders;
}

/** One direction of the calls on the new connection: call 1, call 2 and the mean of calls 3 onwards. */
export interface HeaderRun {
  first: PartBytes;
  second?: PartBytes;
  /** Mean per call over calls 3.. (absent with fewer than 3 calls). */
  later?: PartBytes;
}

export interface WireHeaders {
  protocol: 'http2' | 'http1';
  request: HeaderRun;
  response: HeaderRun;
  /** Bytes on no call's stream (HTTP/2 preface, SETTINGS, PING, connection WINDOW_UPDATE): up to the end of call 1. */
  connectionFirst: { sent: number; received: number };
  /** The same after call 1, per later call. */
  connectionPerLaterCall: { sent: number; received: number };
  /** Why the relay could not read some of the bytes (empty when it read them all). */
  errors: string[];
}

const meanPart = (parts: PartBytes[]): PartBytes => {
  const sum = sumParts(parts);
  for (const k of Object.keys(sum) as (keyof PartBytes)[]) sum[k] /= parts.length;
  return sum;
};

function headerRun(parts: PartBytes[]): HeaderRun {
  return { first: parts[0], second: parts[1], later: parts.length > 2 ? meanPart(parts.slice(2)) : undefined };
}

/**
 * The headers split of a wire row from the relay's tap: `firstConnection` is the tap's connection bytes after call 1,
 * `calls` the calls counted after it. Undefined when the tap saw no HTTP call (raw TCP, Thrift).
 */
export function wireHeaders(
  counter: CallBytesCounter,
  firstConnection: { sent: number; received: number },
  calls: number,
): WireHeaders | undefined {
  const seen = counter.calls();
  if (!seen.length) return undefined;
  const last = counter.connectionBytes();
  return {
    protocol: seen[0].protocol,
    request: headerRun(seen.map((c) => c.request)),
    response: headerRun(seen.map((c) => c.response)),
    connectionFirst: firstConnection,
    connectionPerLaterCall: {
      sent: (last.sent - firstConnection.sent) / calls,
      received: (last.received - firstConnection.received) / calls,
    },
    errors: counter.errors(),
  };
}

/** Lets bytes already written (acknowledgements, WINDOW_UPDATEs after a response) reach the relay before counting. */
const settle = () => sleep(20);

/** Calls counted for a payload: `wanted`, fewer for large payloads (about 20 MB through the relay at most). */
export const wireCallsFor = (payload: number, wanted: number) =>
  Math.max(1, Math.min(wanted, Math.floor(20e6 / (payload + 1000))));

/** What the relay counts for one request repeated on a new connection: every field of a wire row but its labels. */
export type WireBytes = Omit<WireRow, 'stack' | 'payload'>;

/**
 * Bytes per call through a counting relay to `port`: `open` makes a client to the relay's port whose call() sends the
 * same request (and checks its answer), once on the new connection and then `calls` times more; `messageBytes` gives
 * the request's and the answer's protobuf sizes after the calls (a service's reference answer may be first seen by
 * them), for the overhead share. HTTP stacks also get the headers split.
 */
export async function wireBytes(
  port: number,
  open: (relayPort: number) => { call(): Promise<void>; close(): void },
  calls: number,
  messageBytes: () => { req: number; resp: number },
): Promise<WireBytes> {
  const counter = callBytesCounter();
  const proxy = await countingProxy(port, { tap: counter });
  const client = open(proxy.port);
  try {
    await client.call();
    await settle();
    const first = proxy.counts();
    const firstConnection = counter.connectionBytes();
    for (let i = 0; i < calls; i++) await client.call();
    await settle();
    const after = proxy.counts();
    const sentPerCall = (after.sent - first.sent) / calls;
    const receivedPerCall = (after.received - first.received) / calls;
    const headers = wireHeaders(counter, firstConnection, calls);
    const sizes = messageBytes();
    return {
      reqMessageBytes: sizes.req,
      respMessageBytes: sizes.resp,
      firstSent: first.sent,
      firstReceived: first.received,
      calls,
      sentPerCall,
      receivedPerCall,
      overheadShare: 1 - (sizes.req + sizes.resp) / (sentPerCall + receivedPerCall),
      connections: after.connections,
      ...(headers ? { headers } : {}),
    };
  } finally {
    client.close();
    await proxy.close();
  }
}

/**
 * Calc's wire row for `stack` and `payload`: Mult(6, 7) with `payload` bytes through a counting relay on a new
 * connection, call 1 and then wireCallsFor(payload, wanted) calls more, every answer checked.
 */
export async function wireRow(
  server: ServerProcess,
  stack: Stack,
  payload: number,
  wanted: number,
  timeoutMs: number,
): Promise<WireRow> {
  const req = multReq(6, 7, payload);
  const open = (port: number) => {
    const client = makeClient(stack, port, timeoutMs);
    return { call: () => checkedCall(client, 6, payload), close: () => client.close() };
  };
  const sizes = () => ({ req: encodeReq(req).length, resp: encodeResp(mult(req)).length });
  const bytes = await wireBytes(portFor(stack, server.ports), open, wireCallsFor(payload, wanted), sizes);
  return { stack, payload, ...bytes };
}
