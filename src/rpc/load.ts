// The concurrency table's load generators, per stack, on one client (HTTP/2 and raw TCP multiplex every call on one
// connection; HTTP/1.1 clients open as many connections as calls in flight). Closed loop: `inFlight` callers each
// start their next call when the last one answers, until `calls` calls are done. Open loop: call i is due at
// start + i / rate whatever the answers do, and its latency counts from that due time, so a queue that builds up
// shows in the latency (no coordinated omission). Calc.Mult unless given another method's CallPlan (src/rpc/unary.ts).
// Tests: test/rpc/load.test.ts, test/rpc/service-lab.test.ts.
import { setTimeout as sleep } from 'node:timers/promises';
import { latencyRecorder, type LatencyResult } from '../redis/histogram.js';
import { CallError } from './clients.js';
import type { ServerProcess } from './servers.js';
import type { Stack } from './stacks.js';
import { calcPlan, planPort, type CallPlan } from './unary.js';

export interface LoadRow extends LatencyResult {
  stack: Stack;
  /** The method called, when the lab measures a student's service (Calc's rows leave it out). */
  method?: string;
  loop: 'closed' | 'open';
  /** Closed loop: calls kept in flight; open loop: the most that were in flight at once. */
  inFlight: number;
  /** Open loop: the arrival rate asked for (calls/s); closed loop: null. */
  offeredRate: number | null;
  calls: number;
  /** Calls that got an answer per second of the run. */
  callsPerSecond: number;
  /** Open loop: calls that failed (past their deadline, most often: the queue grew beyond it); closed loop: 0. */
  failed: number;
  /** The first failure's message, or null. */
  firstFailure: string | null;
}

const now = () => Number(process.hrtime.bigint());

/**
 * A closed loop: `inFlight` callers on one client of `plan`'s method (Calc's Mult unless told), each sending its next
 * call when the last one answered, `calls` calls in all after one warm-up call per caller; every latency recorded.
 */
export async function closedLoop(
  server: ServerProcess,
  stack: Stack,
  inFlight: number,
  calls: number,
  timeoutMs: number,
  plan: CallPlan = calcPlan,
): Promise<LoadRow> {
  const client = plan.open(stack, planPort(plan, stack, server.ports), timeoutMs);
  try {
    // Warm-up: open the connections the level will use.
    await Promise.all(Array.from({ length: inFlight }, (_, i) => client.call(i)));
    const rec = latencyRecorder();
    let issued = 0;
    const start = now();
    const caller = async () => {
      while (issued < calls) {
        const i = issued++;
        const t = now();
        await client.call(i);
        rec.record(now() - t);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, caller));
    const seconds = (now() - start) / 1e9;
    const rate = calls / seconds;
    return {
      stack,
      ...(plan === calcPlan ? {} : { method: plan.method }),
      loop: 'closed',
      inFlight,
      offeredRate: null,
      calls,
      callsPerSecond: rate,
      failed: 0,
      firstFailure: null,
      ...rec.result(),
    };
  } finally {
    client.close();
  }
}

/**
 * An open loop: `calls` calls sent at `rate` per second on one client whatever the answers do, latency counted from
 * each call's due time; calls past `timeoutMs` are counted as failed.
 */
export async function openLoop(
  server: ServerProcess,
  stack: Stack,
  rate: number,
  calls: number,
  timeoutMs: number,
  plan: CallPlan = calcPlan,
): Promise<LoadRow> {
  const client = plan.open(stack, planPort(plan, stack, server.ports), timeoutMs);
  try {
    await client.call(0);
    const rec = latencyRecorder();
    const intervalNs = 1e9 / rate;
    let outstanding = 0;
    let most = 0;
    let failed = 0;
    let firstFailure: string | null = null;
    const pending: Promise<void>[] = [];
    const start = now();
    let i = 0;
    while (i < calls) {
      // Every call already due goes out now; each is timed from its own due time.
      const t = now();
      while (i < calls && start + i * intervalNs <= t) {
        const due = start + i * intervalNs;
        outstanding++;
        most = Math.max(most, outstanding);
        pending.push(
          client.call(i).then(
            () => {
              outstanding--;
              rec.record(now() - due);
            },
            (error: unknown) => {
              outstanding--;
              failed++;
              firstFailure ??= error instanceof Error ? error.message : String(error);
            },
          ),
        );
        i++;
      }
      const wait = (start + i * intervalNs - now()) / 1e6;
      await (wait >= 1 ? sleep(Math.floor(wait)) : new Promise<void>((r) => setImmediate(r)));
    }
    await Promise.all(pending);
    const seconds = (now() - start) / 1e9;
    if (rec.count === 0) throw new CallError(`${stack}: no call answered at ${rate} calls/s (${firstFailure})`);
    const answered = calls - failed;
    return {
      stack,
      ...(plan === calcPlan ? {} : { method: plan.method }),
      loop: 'open',
      inFlight: most,
      offeredRate: rate,
      calls,
      callsPerSecond: answered / seconds,
      failed,
      firstFailure,
      ...rec.result(),
    };
  } finally {
    client.close();
  }
}
