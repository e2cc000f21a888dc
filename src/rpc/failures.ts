// The failures table's measurement, per stack: `calls` non-idempotent calls, each of whose first answer the server
// loses (it executes Mult, then never answers), so the client sees its deadline pass and retries once more. The
// server counts how often Mult executed: without a key every retry executes again; with a request_id (the
// idempotency key, one per logical call) the retry gets the remembered answer. What the client saw at the deadline is
// kept, word for word. Also: what a pending call sees when the server process is SIGKILLed mid-call (killedRows).
// Tests: test/rpc/failures.test.ts.
import { create } from '@bufbuild/protobuf';
import { MultReqSchema } from './calc.js';
import { makeClient, type RpcClient } from './clients.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { multReq } from './calc.js';
import { startServers, type ServerProcess } from './servers.js';
import { portFor, type Stack } from './stacks.js';

export const VARIANTS = ['retry', 'retry-with-key'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface FailureRow {
  stack: Stack;
  variant: Variant;
  /** Logical calls the client made (each answered in the end). */
  calls: number;
  /** Attempts the client sent, retries included. */
  attempts: number;
  /** Times Mult executed on the server, counted there. */
  executions: number;
  /** executions - calls: work done twice. */
  duplicates: number;
  deadlineMs: number;
  /** The client's error at the first lost answer. */
  clientSaw: string;
}

/** Calls until an attempt answers, at most `maxAttempts`; resolves with the attempts made and the first error. */
export async function callWithRetry(
  client: RpcClient,
  x: number,
  requestId: string,
  maxAttempts: number,
): Promise<{ attempts: number; firstError?: string }> {
  let firstError: string | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      const resp = await client.call(create(MultReqSchema, { x, y: 7, requestId }));
      if (resp.product !== BigInt(x * 7)) throw new Error(`${client.stack}: Mult(${x}, 7) answered ${resp.product}`);
      return { attempts: attempt, firstError };
    } catch (error) {
      firstError ??= error instanceof Error ? error.message : String(error);
      if (attempt === maxAttempts) throw error;
    }
  }
  throw new Error('unreachable');
}

/**
 * A failures row: `calls` calls on `stack` whose first answer the server loses, retried at the `deadlineMs` deadline
 * without or with a request_id (`variant`); the server counts how many times Mult executed.
 */
export async function failureRow(
  server: ServerProcess,
  stack: Stack,
  variant: Variant,
  calls: number,
  deadlineMs: number,
): Promise<FailureRow> {
  const client = makeClient(stack, portFor(stack, server.ports), deadlineMs);
  try {
    await client.call(create(MultReqSchema, { x: 1, y: 7 })); // connect before the counted calls
    let attempts = 0;
    let executions = 0;
    let clientSaw = '';
    for (let i = 0; i < calls; i++) {
      // Each logical call: the count starts at 0 and the server will lose the first answer.
      await server.resetFailures(1);
      const r = await callWithRetry(client, i + 2, variant === 'retry-with-key' ? `${stack}-${i}` : '', 3);
      attempts += r.attempts;
      clientSaw ||= r.firstError ?? '';
      executions += await server.executions();
    }
    return {
      stack,
      variant,
      calls,
      attempts,
      executions,
      duplicates: executions - calls,
      deadlineMs,
      clientSaw,
    };
  } finally {
    client.close();
  }
}

export interface KilledRow {
  stack: Stack;
  /** What the client's pending call ended with after the server process was SIGKILLed mid-call. */
  clientSaw: string;
  /** From the kill to the client's error, in ms; the call's deadline bounds it. */
  msAfterKill: number;
  deadlineMs: number;
}

/**
 * One call per stack, all in flight at once on a server process of their own whose handler executes and then never
 * answers; once every call has reached the handler, that process is killed with SIGKILL. Each row: what the client
 * saw and how long after the kill (a stack that notices the closed connection fails at once, one that does not waits
 * for its deadline, `deadlineMs`).
 */
export async function killedRows(
  stacks: Stack[],
  deadlineMs: number,
  thriftDir?: string,
  handlerFile?: string,
): Promise<KilledRow[]> {
  const server = await startServers({ thriftDir, handlerFile });
  const clients = stacks.map((stack) => makeClient(stack, portFor(stack, server.ports), deadlineMs));
  try {
    for (const c of clients) await c.call(multReq(1, 7)); // connected before the kill
    await server.resetFailures(stacks.length);
    let killedAt = 0;
    const settled = clients.map((c) =>
      c.call(multReq(6, 7)).then(
        () => ({ saw: 'an answer (unexpected)', at: performance.now() }),
        (e: unknown) => ({ saw: e instanceof Error ? e.message : String(e), at: performance.now() }),
      ),
    );
    // Every call has reached the handler when the server counted one execution per stack.
    for (let waited = 0; (await server.executions()) < stacks.length; waited += 5) {
      if (waited > deadlineMs) throw new Error(`the calls did not reach the server within ${deadlineMs} ms`);
      await sleep(5);
    }
    killedAt = performance.now();
    await server.kill();
    const results = await Promise.all(settled);
    return stacks.map((stack, i) => ({
      stack,
      clientSaw: results[i].saw,
      msAfterKill: Math.max(0, Number((results[i].at - killedAt).toFixed(1))),
      deadlineMs,
    }));
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
}
