// The unary table's measurement: one call at a time on one kept-alive connection, per stack. Every call's latency
// goes into an HDR histogram (src/redis/histogram.ts's recorder, raw samples kept); client CPU time from this
// process's cpuUsage and server CPU time from the server child's, both over the timed calls only. Every answer is
// checked (x * y): a wrong product fails the run. Tests: test/rpc/unary.test.ts.
import { latencyRecorder, type LatencyResult } from '../redis/histogram.js';
import { multReq } from './calc.js';
import { CallError, makeClient, type RpcClient } from './clients.js';
import type { ServerProcess } from './servers.js';
import { portFor, type Stack } from './stacks.js';

export interface UnaryRow extends LatencyResult {
  stack: Stack;
  calls: number;
  callsPerSecond: number;
  clientCpuUsPerCall: number;
  serverCpuUsPerCall: number;
}

const cpuUs = (u: NodeJS.CpuUsage) => u.user + u.system;

/** Makes call i (x = i mod 1000, y = 7) and checks the product. */
export async function checkedCall(client: RpcClient, i: number, padBytes = 0): Promise<void> {
  const x = i % 1000;
  const resp = await client.call(multReq(x, 7, padBytes));
  if (resp.product !== BigInt(x * 7)) {
    throw new CallError(`${client.stack}: Mult(${x}, 7) answered ${resp.product}, not ${x * 7}`);
  }
}

export async function unaryRow(
  server: ServerProcess,
  stack: Stack,
  calls: number,
  timeoutMs: number,
): Promise<UnaryRow> {
  const client = makeClient(stack, portFor(stack, server.ports), timeoutMs);
  try {
    for (let i = 0; i < Math.max(10, Math.ceil(calls / 10)); i++) await checkedCall(client, i);
    const rec = latencyRecorder();
    const serverBefore = await server.cpu();
    const clientBefore = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) {
      const t = process.hrtime.bigint();
      await checkedCall(client, i);
      rec.record(Number(process.hrtime.bigint() - t));
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const clientCpu = cpuUs(process.cpuUsage(clientBefore));
    const serverCpu = cpuUs(await server.cpu()) - cpuUs(serverBefore);
    return {
      stack,
      calls,
      ...rec.result(),
      callsPerSecond: calls / seconds,
      clientCpuUsPerCall: clientCpu / calls,
      serverCpuUsPerCall: serverCpu / calls,
    };
  } finally {
    client.close();
  }
}
