// Ping-pong between two threads: the ping side hands a turn over and waits for it to come back, `roundTrips` times.
// Through shared memory with Atomics.wait/notify (each hand-over wakes a parked thread), by spinning on Atomics.load
// (no sleeping, a core busy on each side), or through MessagePort messages (the event loop and a message queue).
// Tests: test/concurrency/handoff.test.ts.
import type { MessagePort } from 'node:worker_threads';

export const HANDOFF_MODES = ['atomics-wait', 'atomics-spin', 'message-port'] as const;
export type HandoffMode = (typeof HANDOFF_MODES)[number];

const PING = 1;
const PONG = 2;

export function createTurnCell(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(64));
}

function waitFor(cell: Int32Array, want: number, spin: boolean, deadline: number): void {
  for (let i = 1; ; i++) {
    const now = Atomics.load(cell, 0);
    if (now === want) return;
    // Reading the clock costs more than a load, so a spinning thread looks at it only now and then.
    if ((spin ? (i & 4095) === 0 : true) && Date.now() > deadline) {
      throw new Error(`handoff: the turn did not come back within the time limit (cell ${now}, waiting for ${want})`);
    }
    if (!spin) Atomics.wait(cell, 0, now, 100);
  }
}

/** Ping side over shared memory; returns the seconds the round trips took. */
export function pingShared(cell: Int32Array, roundTrips: number, spin: boolean, timeoutMs: number): number {
  const deadline = Date.now() + timeoutMs;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < roundTrips; i++) {
    Atomics.store(cell, 0, PING);
    if (!spin) Atomics.notify(cell, 0);
    waitFor(cell, PONG, spin, deadline);
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export function pongShared(cell: Int32Array, roundTrips: number, spin: boolean, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < roundTrips; i++) {
    waitFor(cell, PING, spin, deadline);
    Atomics.store(cell, 0, PONG);
    if (!spin) Atomics.notify(cell, 0);
  }
}

/** Ping side over a MessagePort; resolves to the seconds the round trips took. */
export function pingPort(port: MessagePort, roundTrips: number, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let left = roundTrips;
    const timer = setTimeout(() => {
      port.close();
      reject(new Error(`handoff: ${left} of ${roundTrips} message round trips still missing after ${timeoutMs} ms`));
    }, timeoutMs);
    const t0 = process.hrtime.bigint();
    port.on('message', () => {
      left--;
      if (left > 0) {
        port.postMessage(left);
        return;
      }
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      clearTimeout(timer);
      port.close();
      resolve(seconds);
    });
    port.postMessage(left);
  });
}

export function pongPort(port: MessagePort, roundTrips: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let left = roundTrips;
    const timer = setTimeout(() => {
      port.close();
      reject(new Error(`handoff: ${left} of ${roundTrips} messages never arrived within ${timeoutMs} ms`));
    }, timeoutMs);
    port.on('message', (m) => {
      port.postMessage(m);
      if (--left === 0) {
        // The ping side closes the channel once it has the last reply; closing here could drop that reply.
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
