// Starts lab 08's server process (src/rpc/server-child.ts, under tsx, in its own process: never the client's event
// loop), waits for its {ready, ports} message with a time limit, reads its CPU time over IPC, and stops it: a {stop}
// message, then SIGKILL if it has not exited within a second. The child also exits when its IPC channel closes, so it
// never outlives the lab, even one killed with SIGKILL. Tests: test/rpc/servers.test.ts.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../core/errors.js';

/** The loopback ports the server child listens on, one per server (Connect's HTTP/2 server also speaks gRPC). */
export interface Ports {
  tcp: number;
  grpc: number;
  h1: number;
  h2: number;
  rest: number;
}

export type ChildMessage =
  | { type: 'ready'; ports: Ports; pid: number }
  | { type: 'failed'; message: string }
  | { type: 'cpu'; id: number; usage: NodeJS.CpuUsage };
export type ParentMessage = { type: 'cpu'; id: number } | { type: 'stop' };

export interface ServerProcess {
  ports: Ports;
  pid: number;
  /** The child's process.cpuUsage() (user and system microseconds since it started). */
  cpu(): Promise<NodeJS.CpuUsage>;
  /** Stops the child and resolves once it has exited; safe to call more than once. */
  stop(): Promise<void>;
}

export type Behaviour = 'ok' | 'throw' | 'hang';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

/**
 * Forks the server child and resolves when it listens on every port. Rejects with an InputError naming the reason
 * when it fails to start or is not ready within `readyMs`.
 */
export async function startServers(o: { behaviour?: Behaviour; readyMs?: number } = {}): Promise<ServerProcess> {
  const child: ChildProcess = fork(CHILD, [], {
    execArgv: ['--import', TSX],
    env: { ...process.env, SERVER_BEHAVIOUR: o.behaviour ?? 'ok' },
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
  const ready = await new Promise<{ ports: Ports; pid: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new InputError(`the RPC server process was not ready within ${readyMs} ms`)),
      readyMs,
    );
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      } else if (m.type === 'failed') {
        clearTimeout(timer);
        reject(new InputError(`the RPC server process could not start: ${m.message}`));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new InputError(`the RPC server process exited before it was ready: ${stderr.trim().slice(-400)}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  let nextId = 0;
  return {
    ...ready,
    cpu: () =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        if (!child.connected) {
          reject(new Error('the RPC server process has exited'));
          return;
        }
        const onMessage = (m: ChildMessage) => {
          if (m.type === 'cpu' && m.id === id) {
            child.off('message', onMessage);
            resolve(m.usage);
          }
        };
        child.on('message', onMessage);
        child.send({ type: 'cpu', id } satisfies ParentMessage);
      }),
    stop,
  };
}
