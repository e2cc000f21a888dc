// The wire table's measurement: bytes on the sockets per call, counted by a relay (src/rpc/proxy.ts) between a new
// client and the server. The first call on the new connection carries the connection's setup (HTTP/2 preface and
// SETTINGS, full headers before HPACK's table knows them); the steady-state figure is the mean of the calls after it.
// The share of overhead is everything beyond the two protobuf messages themselves. Tests: test/rpc/wire.test.ts.
import { setTimeout as sleep } from 'node:timers/promises';
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
}

/** Lets bytes already written (acknowledgements, WINDOW_UPDATEs after a response) reach the relay before counting. */
const settle = () => sleep(20);

/** Calls counted for a payload: `wanted`, fewer for large payloads (about 20 MB through the relay at most). */
export const wireCallsFor = (payload: number, wanted: number) =>
  Math.max(1, Math.min(wanted, Math.floor(20e6 / (payload + 1000))));

export async function wireRow(
  server: ServerProcess,
  stack: Stack,
  payload: number,
  wanted: number,
  timeoutMs: number,
): Promise<WireRow> {
  const proxy = await countingProxy(portFor(stack, server.ports));
  const client = makeClient(stack, proxy.port, timeoutMs);
  try {
    await checkedCall(client, 6, payload);
    await settle();
    const first = proxy.counts();
    const calls = wireCallsFor(payload, wanted);
    for (let i = 0; i < calls; i++) await checkedCall(client, 6, payload);
    await settle();
    const after = proxy.counts();
    const req = multReq(6, 7, payload);
    const reqMessageBytes = encodeReq(req).length;
    const respMessageBytes = encodeResp(mult(req)).length;
    const sentPerCall = (after.sent - first.sent) / calls;
    const receivedPerCall = (after.received - first.received) / calls;
    return {
      stack,
      payload,
      reqMessageBytes,
      respMessageBytes,
      firstSent: first.sent,
      firstReceived: first.received,
      calls,
      sentPerCall,
      receivedPerCall,
      overheadShare: 1 - (reqMessageBytes + respMessageBytes) / (sentPerCall + receivedPerCall),
      connections: after.connections,
    };
  } finally {
    client.close();
    await proxy.close();
  }
}
