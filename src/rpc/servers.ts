// Starts lab 08's server process (src/rpc/server-child.ts, under tsx, in its own process: never the client's event
// loop), waits for its {ready, ports} message with a time limit, reads its CPU time over IPC, and stops it: a {stop}
// message, then SIGKILL if it has not exited within a second. The child also exits when its IPC channel closes, so it
// never outlives the lab, even one killed with SIGKILL. Tests: test/rpc/servers.test.ts.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../core/errors.js';
import { CallError } from './clients.js';

/** The loopback ports the server child listens on, one per server (Connect's HTTP/2 server also speaks gRPC). */
export interface Ports {
  tcp: number;
  grpc: number;
  h1: number;
  h2: number;
  rest: number;
  /** Raw TCP's port per method (a frame names no method), when serving a student's service; `tcp` is the first's. */
  tcpByMethod?: Record<string, number>;
  /** The same servers over TLS, when started with a certificate . */
  tls?: {
    tcp: number;
    grpc: number;
    h1: number;
    h2: number;
    rest?: number;
    tcpByMethod?: Record<string, number>;
    thrift?: { binary: number; compact: number };
  };
  /** Thrift's framed servers, when started with a folder of generated code. */
  thrift?: { binary: number; compact: number };
}

/**
 * Per unary method of a student's service, the requests to send (base64 of the binary messages): `given` by the
 * handler module's `requests` export, or else one built by the server child (sampleRequest in src/rpc/service.ts).
 */
export type Samples = Record<string, { given: boolean; requests: string[] }>;

export type ChildMessage =
  | { type: 'ready'; ports: Ports; pid: number; samples?: Samples }
  | { type: 'failed'; message: string }
  | { type: 'cpu'; id: number; usage: NodeJS.CpuUsage }
  | { type: 'executions'; id: number; executions: number };
export type ParentMessage =
  | { type: 'cpu'; id: number }
  | { type: 'failures'; id: number; dropNext: number }
  | { type: 'executions'; id: number }
  | { type: 'stop' };

export interface ServerProcess {
  ports: Ports;
  pid: number;
  /** Serving a student's service: per unary method, the requests to send. */
  samples?: Samples;
  /** The child's process.cpuUsage() (user and system microseconds since it started). */
  cpu(): Promise<NodeJS.CpuUsage>;
  /** Resets the count of Mult executions and the remembered answers; the next `dropNext` answers get lost. */
  resetFailures(dropNext: number): Promise<void>;
  /** How many times Mult executed since the last resetFailures. */
  executions(): Promise<number>;
  /** Stops the child and resolves once it has exited; safe to call more than once. */
  stop(): Promise<void>;
  /** The last line the child wrote to stderr (a handler's error, say), or undefined. */
  lastLog(): string | undefined;
  /** Kills the child with SIGKILL (no clean-up of any kind) and resolves once it has exited. */
  kill(): Promise<void>;
}

export type Behaviour = 'ok' | 'throw' | 'hang';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

/**
 * Forks the server child and resolves when it listens on every port. Rejects with an InputError naming the reason
 * when it fails to start or is not ready within `readyMs`.
 */
export async function startServers(
  o: {
    behaviour?: Behaviour;
    readyMs?: number;
    tls?: { certFile: string; keyFile: string };
    thriftDir?: string;
    /**
     * A student's Mult (a .ts or .js file whose default export is the handler), run by the server instead; with
     * `service`, the student's handler module for that service.
     */
    handlerFile?: string;
    /** A student's service instead of Calc: a FileDescriptorSet file and the service's full name. */
    service?: { descriptorFile: string; name: string };
  } = {},
): Promise<ServerProcess> {
  const child: ChildProcess = fork(CHILD, [], {
    execArgv: ['--import', TSX],
    env: {
      ...process.env,
      SERVER_BEHAVIOUR: o.behaviour ?? 'ok',
      ...(o.tls ? { TLS_CERT: o.tls.certFile, TLS_KEY: o.tls.keyFile } : {}),
      ...(o.thriftDir ? { THRIFT_GEN: o.thriftDir } : {}),
      ...(o.handlerFile ? { HANDLER_FILE: path.resolve(o.handlerFile), HANDLER_SHOWN: o.handlerFile } : {}),
      ...(o.service ? { SERVICE_SET: o.service.descriptorFile, SERVICE_NAME: o.service.name } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => (stderr = (stderr + c).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  };
  const readyMs = o.readyMs ?? 20_000;
  // A student's module is imported before the servers start: a top level that loops or awaits forever ends here.
  const hint = o.handlerFile ? ` (does the top level of --handler ${o.handlerFile} ever finish?)` : '';
  const ready = await new Promise<{ ports: Ports; pid: number; samples?: Samples }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new InputError(`the RPC server process was not ready within ${readyMs} ms${hint}`)),
      readyMs,
    );
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve({ ports: m.ports, pid: m.pid, samples: m.samples });
      } else if (m.type === 'failed') {
        clearTimeout(timer);
        // A student's module that does not fit already says so in one line naming the flag and the file.
        const own = m.message.startsWith('--handler ');
        reject(new InputError(own ? m.message : `the RPC server process could not start: ${m.message}`));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      const said = stderr.trim().slice(-400);
      reject(new InputError(`the RPC server process exited before it was ready: ${said || `no message${hint}`}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  let nextId = 0;
  /** Sends a request over IPC and resolves with the answer carrying the same id. */
  const ask = (m: ParentMessage & { id: number }) =>
    new Promise<ChildMessage>((resolve, reject) => {
      if (!child.connected) {
        reject(new Error('the RPC server process has exited'));
        return;
      }
      const onMessage = (a: ChildMessage) => {
        if ('id' in a && a.id === m.id) {
          child.off('message', onMessage);
          resolve(a);
        }
      };
      child.on('message', onMessage);
      child.send(m);
    });
  return {
    ...ready,
    cpu: async () => {
      const a = await ask({ type: 'cpu', id: nextId++ });
      return a.type === 'cpu' ? a.usage : { user: 0, system: 0 };
    },
    resetFailures: async (dropNext) => void (await ask({ type: 'failures', id: nextId++, dropNext })),
    executions: async () => {
      const a = await ask({ type: 'executions', id: nextId++ });
      return a.type === 'executions' ? a.executions : Number.NaN;
    },
    stop,
    lastLog: () => stderr.trim().split('\n').pop() || undefined,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Runs `work` against `server` and stops the server however it ends. A CallError gains the server's last log line:
 * the server's last words (a handler's error) belong with the client's view of the failure.
 */
export async function withServer<T>(server: ServerProcess, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const last = server.lastLog();
    if (error instanceof CallError && last) throw new CallError(`${error.message} (server: ${last})`);
    throw error;
  } finally {
    await server.stop();
  }
}
