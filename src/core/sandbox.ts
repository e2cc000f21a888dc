// Runs user code (a student's plug-in) in a worker thread under two deadlines, so a loop or a crash in it is a
// one-line PluginError naming the file and method instead of a hang: a per-run deadline, and a per-call deadline
// on the user method that is running (the worker's guard records which one). Two modes: runSandboxed() runs an entry
// once and returns its result (a whole simulation, a whole check); SyncSandbox serves an entry's handlers
// synchronously over shared memory for domain code that calls a plug-in synchronously (HDFS placement). The worker is
// terminated on every exit path. Tests: test/core/sandbox.test.ts.
import { Worker, type TransferListItem } from 'node:worker_threads';
import { PluginError } from './plugin.js';

const BOOT_URL = new URL('./sandbox-boot.mjs', import.meta.url);

/** What an entry's default export receives besides its input. */
export interface Guard {
  /** Wraps a user method: calls through it count as `name` for the per-call deadline and in messages. */
  wrap<A extends unknown[], R>(name: string, fn: (...args: A) => R): (...args: A) => R;
  /** The id of method `name`, for enter(): cheaper than wrap in a loop of millions of calls. */
  id(name: string): number;
  enter(id: number): void;
  leave(): void;
  /** Sends a partial result to the parent (SandboxOptions.onReport) before the entry returns. */
  report(value: unknown): void;
}

/** The default export of a run-mode entry. */
export type SandboxEntry<I, R> = (input: I, guard: Guard) => R | Promise<R>;

export interface SandboxOptions {
  /** Names the user code in messages, e.g. `policy file "my-policy.ts"`. */
  label: string;
  /** The whole run's deadline. */
  runMs: number;
  /** The longest one user method call may take. */
  callMs: number;
  /** The longest the plug-in's top level may run while it is imported (default: the larger of callMs and 10 s). */
  loadMs?: number;
  transfer?: readonly TransferListItem[];
  /** Receives what the entry sends with guard.report(), as it comes. */
  onReport?: (value: unknown) => void;
  /** The worker's heap limit (default 4096 MiB). */
  heapMb?: number;
}

/** The parent's Node flags without tsx's own loader flags (the boot file registers tsx itself). */
function execArgv(): string[] {
  const out: string[] = [];
  const flags = process.execArgv;
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (
      (flag === '--require' || flag === '--import' || flag === '-r') &&
      /[\\/]tsx[\\/]|^tsx/.test(flags[i + 1] ?? '')
    ) {
      i++;
      continue;
    }
    if (/^--(require|import)=.*tsx/.test(flag)) continue;
    out.push(flag);
  }
  return out;
}

function startWorker(entry: URL, data: Record<string, unknown>, options: SandboxOptions): Worker {
  return new Worker(BOOT_URL, {
    execArgv: execArgv(),
    workerData: { ...data, entry: entry.href },
    transferList: options.transfer as TransferListItem[] | undefined,
    resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? 4096 },
    stdout: false,
    stderr: false,
  });
}

const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s` : `${ms} ms`);

interface Reply {
  done?: boolean;
  ok?: boolean;
  value?: unknown;
  error?: string;
  input?: boolean;
  method?: string;
  id?: number;
  ready?: boolean;
  partial?: boolean;
}

/**
 * Runs `entry`'s default export on `input` in a fresh worker and returns its result. Rejects with PluginError when
 * the user code throws, loops past a deadline, or the worker dies; the worker is gone when this settles.
 */
export function runSandboxed<R>(entry: URL, input: unknown, options: SandboxOptions): Promise<R> {
  const state = new SharedArrayBuffer(8);
  const active = new Int32Array(state);
  const names = new Map<number, string>([[1, 'its top level']]);
  const worker = startWorker(entry, { input, state, mode: 'run' }, options);
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, value?: R) => {
      if (settled) return;
      settled = true;
      clearTimeout(runTimer);
      clearInterval(poll);
      void worker.terminate();
      if (error) reject(error);
      else resolve(value as R);
    };
    const runTimer = setTimeout(() => {
      const running = names.get(active[0]);
      finish(
        new PluginError(
          `${options.label} did not finish within ${seconds(options.runMs)}${running ? ` (it was in ${describeMethod(running)})` : ''}`,
        ),
      );
    }, options.runMs);
    // The per-call deadline: the same call of the same method still running after callMs.
    let lastCount = -1;
    let lastId = 0;
    let since = Date.now();
    const poll = setInterval(
      () => {
        const id = active[0];
        const count = active[1];
        if (id === 0 || id !== lastId || count !== lastCount) {
          lastId = id;
          lastCount = count;
          since = Date.now();
          return;
        }
        const limit = id === 1 ? (options.loadMs ?? Math.max(options.callMs, 10_000)) : options.callMs;
        if (Date.now() - since >= limit) {
          finish(
            new PluginError(
              `${options.label}: ${describeMethod(names.get(id) ?? 'a method')} did not ${id === 1 ? 'finish' : 'return'} ` +
                `within ${seconds(limit)}; is there an endless loop?`,
            ),
          );
        }
      },
      Math.max(10, Math.min(100, Math.floor(options.callMs / 10))),
    );
    worker.on('message', (m: Reply) => {
      if (m.method !== undefined && m.id !== undefined) names.set(m.id, m.method);
      if (m.partial && !settled) options.onReport?.(m.value);
      if (!m.done) return;
      if (m.ok) finish(undefined, m.value as R);
      else finish(new PluginError(m.input ? String(m.error) : `${options.label}: ${m.error}`));
    });
    worker.on('error', (error) => finish(new PluginError(`${options.label} crashed its worker: ${error.message}`)));
    worker.on('exit', (code) => finish(new PluginError(`${options.label}: its worker exited with code ${code}`)));
  });
}

function describeMethod(name: string): string {
  return name.includes(' ') ? name : `${name}()`;
}

const CHANNEL_BYTES = 1 << 20;

/**
 * A plug-in served from a worker and called synchronously: `call()` blocks in Atomics.wait for at most callMs, then
 * terminates the worker and throws. Arguments and results travel as JSON. Start with SyncSandbox.start().
 */
export class SyncSandbox {
  private closed = false;
  private readonly ctrl: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  private constructor(
    private readonly worker: Worker,
    channel: SharedArrayBuffer,
    private readonly options: SandboxOptions,
  ) {
    this.ctrl = new Int32Array(channel, 0, 2);
    this.bytes = new Uint8Array(channel, 8);
  }

  /** Starts the worker and waits (asynchronously, under runMs) until `entry`'s handlers are ready. */
  static async start(entry: URL, input: unknown, options: SandboxOptions): Promise<SyncSandbox> {
    const channel = new SharedArrayBuffer(8 + CHANNEL_BYTES);
    const state = new SharedArrayBuffer(8);
    const worker = startWorker(entry, { input, state, mode: 'serve', channel }, options);
    const sandbox = new SyncSandbox(worker, channel, options);
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        sandbox.close();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new PluginError(`${options.label} did not load within ${seconds(options.runMs)}`)),
        options.runMs,
      );
      worker.on('message', (m: Reply) => {
        if (m.ready) {
          clearTimeout(timer);
          resolve();
        } else if (m.done && !m.ok) fail(new PluginError(m.input ? String(m.error) : `${options.label}: ${m.error}`));
      });
      worker.once('error', (error) => fail(new PluginError(`${options.label} crashed its worker: ${error.message}`)));
      worker.once('exit', (code) => fail(new PluginError(`${options.label}: its worker exited with code ${code}`)));
    });
    worker.removeAllListeners('exit');
    worker.on('error', () => undefined);
    worker.unref();
    return sandbox;
  }

  /** Calls handler `method` in the worker; throws PluginError when it throws or overruns its deadline. */
  call(method: string, ...args: unknown[]): unknown {
    if (this.closed) throw new PluginError(`${this.options.label}: its worker was already stopped`);
    const request = this.encoder.encode(JSON.stringify({ method, args }));
    if (request.length > this.bytes.length) throw new Error(`sandbox request of ${request.length} bytes is too large`);
    this.bytes.set(request);
    this.ctrl[1] = request.length;
    Atomics.store(this.ctrl, 0, 1);
    Atomics.notify(this.ctrl, 0);
    const outcome = Atomics.wait(this.ctrl, 0, 1, this.options.callMs);
    if (outcome === 'timed-out' && Atomics.load(this.ctrl, 0) === 1) {
      this.close();
      throw new PluginError(
        `${this.options.label}: ${method}() did not return within ${seconds(this.options.callMs)}; is there an endless loop?`,
      );
    }
    const reply = JSON.parse(this.decoder.decode(this.bytes.slice(0, this.ctrl[1]))) as Reply;
    Atomics.store(this.ctrl, 0, 0);
    Atomics.notify(this.ctrl, 0);
    if (!reply.ok) throw new PluginError(reply.input ? String(reply.error) : `${this.options.label}: ${reply.error}`);
    return reply.value;
  }

  /** Terminates the worker (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
  }
}

/**
 * A plug-in served from a worker and called asynchronously (a compute backend, whose methods return promises): each
 * call() is a message with a per-call deadline; a call that overruns terminates the worker and rejects with
 * PluginError naming the method. Arguments and results are structured-cloned (typed arrays copy). Start with
 * AsyncSandbox.start(); close() when done.
 */
export class AsyncSandbox {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private dead: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly options: SandboxOptions,
  ) {
    worker.on('message', (m: Reply & { id?: number }) => {
      const waiter = m.id === undefined || m.ready ? undefined : this.pending.get(m.id);
      if (!waiter || m.method !== undefined) return;
      this.pending.delete(m.id!);
      if (m.ok) waiter.resolve(m.value);
      else waiter.reject(new PluginError(m.input ? String(m.error) : `${options.label}: ${m.error}`));
    });
    const die = (error: Error) => {
      this.dead ??= error;
      for (const w of this.pending.values()) w.reject(this.dead);
      this.pending.clear();
    };
    worker.on('error', (error) => die(new PluginError(`${options.label} crashed its worker: ${error.message}`)));
    worker.on('exit', (code) => die(new PluginError(`${options.label}: its worker exited with code ${code}`)));
  }

  /** Starts the worker and waits (under runMs) until `entry`'s handlers are ready. */
  static async start(entry: URL, input: unknown, options: SandboxOptions): Promise<AsyncSandbox> {
    const state = new SharedArrayBuffer(8);
    const worker = startWorker(entry, { input, state, mode: 'serve-async' }, options);
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        void worker.terminate();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new PluginError(`${options.label} did not load within ${seconds(options.runMs)}`)),
        options.runMs,
      );
      const onMessage = (m: Reply) => {
        if (m.ready) {
          clearTimeout(timer);
          worker.off('message', onMessage);
          resolve();
        } else if (m.done && !m.ok) fail(new PluginError(m.input ? String(m.error) : `${options.label}: ${m.error}`));
      };
      worker.on('message', onMessage);
      worker.once('error', (error) => fail(new PluginError(`${options.label} crashed its worker: ${error.message}`)));
    });
    worker.unref(); // a pending call's deadline timer keeps the process alive; an idle worker does not
    return new AsyncSandbox(worker, options);
  }

  /** Calls handler `method`; rejects with PluginError when it throws, overruns callMs, or the worker is gone. */
  call<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.callWithin<T>(this.options.callMs, method, ...args);
  }

  /** call() with a deadline of its own, `ms`. */
  callWithin<T>(ms: number, method: string, ...args: unknown[]): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const error = new PluginError(
          `${this.options.label}: ${method}() did not return within ${seconds(ms)}; is there an endless loop?`,
        );
        this.dead ??= error;
        void this.worker.terminate();
        reject(error);
      }, ms);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.worker.postMessage({ id, method, args });
    });
  }

  /** Terminates the worker (idempotent). */
  async close(): Promise<void> {
    this.dead ??= new PluginError(`${this.options.label}: its worker was already stopped`);
    await this.worker.terminate();
  }
}
