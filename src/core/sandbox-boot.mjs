// Plain-JavaScript entry of every sandbox worker (sandbox.ts): registers tsx (a worker does not inherit the main
// thread's hooks), imports the TypeScript entry named in workerData.entry, and either runs its default export once
// ("run" mode: the result is posted back) or serves its handlers synchronously over shared memory ("serve" mode: the
// parent blocks in Atomics.wait with a per-call deadline). A guard records which user method is running, so the
// parent can name it when a call overruns. Tests: test/core/sandbox.test.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { entry, input, state, mode, channel } = workerData;
const active = new Int32Array(state);
const names = new Map();

/** The guard given to entries: wrap(name, fn) marks calls of fn as user method `name`. */
const guard = {
  id(name) {
    let id = names.get(name);
    if (id === undefined) {
      id = names.size + 2;
      names.set(name, id);
      parentPort.postMessage({ method: name, id });
    }
    return id;
  },
  enter(id) {
    active[0] = id;
    active[1]++;
  },
  leave() {
    active[0] = 0;
  },
  report(value) {
    parentPort.postMessage({ partial: true, value });
  },
  wrap(name, fn) {
    const id = guard.id(name);
    return (...args) => {
      active[0] = id;
      active[1]++;
      try {
        return fn(...args);
      } finally {
        active[0] = 0;
      }
    };
  },
};

function message(error) {
  return error instanceof Error ? error.message : String(error);
}

try {
  active[0] = 1; // importing the entry, which imports the plug-in: its top level runs now
  const module = await import(entry);
  active[0] = 0;
  if (mode === 'serve-async') {
    const handlers = await module.default(input, guard);
    parentPort.on('message', async ({ id, method, args }) => {
      try {
        parentPort.postMessage({ id, ok: true, value: await handlers[method](...args) });
      } catch (error) {
        const input = error?.exitCode === 2;
        parentPort.postMessage({
          id,
          ok: false,
          error: input ? message(error) : `${method}() threw: ${message(error)}`,
          input,
        });
      }
    });
    parentPort.postMessage({ ready: true });
  } else if (mode === 'serve') {
    const handlers = await module.default(input, guard);
    const ctrl = new Int32Array(channel, 0, 2);
    const bytes = new Uint8Array(channel, 8);
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    parentPort.postMessage({ ready: true });
    for (;;) {
      Atomics.wait(ctrl, 0, 0);
      const request = JSON.parse(decoder.decode(bytes.slice(0, ctrl[1])));
      let reply;
      try {
        reply = { ok: true, value: await handlers[request.method](...request.args) };
      } catch (error) {
        const input = error?.exitCode === 2;
        reply = { ok: false, error: input ? message(error) : `${request.method}() threw: ${message(error)}`, input };
      }
      let encoded = encoder.encode(JSON.stringify(reply));
      if (encoded.length > bytes.length) {
        encoded = encoder.encode(
          JSON.stringify({ ok: false, error: `its reply of ${encoded.length} bytes is too large` }),
        );
      }
      bytes.set(encoded);
      ctrl[1] = encoded.length;
      Atomics.store(ctrl, 0, 2);
      Atomics.notify(ctrl, 0);
      Atomics.wait(ctrl, 0, 2);
    }
  } else {
    const value = await module.default(input, guard);
    parentPort.postMessage({ done: true, ok: true, value });
  }
} catch (error) {
  parentPort.postMessage({ done: true, ok: false, error: message(error), input: error?.exitCode === 2 });
}
