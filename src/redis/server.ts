// The life cycle of the lab's own redis-server processes: find the binary, write a config into the scratch folder
// (loopback only, protected mode, no persistence unless asked), pick a free port (bind port 0 first), start, wait
// until PING answers, stop. Every server dies with the lab: `setpriv --pdeathsig SIGKILL` where available (also
// when Node itself is SIGKILLed), and a ServerGroup kills its servers and removes the scratch folder on SIGINT and
// SIGTERM. Failures to start are InputErrors carrying the last lines of the server's log.
// Tests: test/redis/server.test.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { InputError } from '../core/errors.js';

/** The install line shown when redis-server is missing. */
export const INSTALL_HINT = 'sudo apt-get install redis-server redis-tools';

export type Binary = { available: true; path: string; version: string } | { available: false; reason: string };

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds `name` in the directories of PATH. */
export function onPath(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (existsSync(file) && executable(file)) return file;
  }
  return undefined;
}

/** "7.0.15" from `redis-server --version`; undefined when the binary does not answer like redis-server. */
export function serverVersion(binary: string): string | undefined {
  const out = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 5000 });
  return /v=(\d+\.\d+\.\d+)/.exec(out.stdout ?? '')?.[1];
}

/**
 * The redis-server to run: `explicit` (from --redis-server; an InputError when it is not a working redis-server)
 * or the one on PATH (unavailable, with the reason and the install line, when there is none).
 */
export function findRedisServer(explicit?: string, pathEnv?: string): Binary {
  if (explicit !== undefined) {
    const version = executable(explicit) ? serverVersion(explicit) : undefined;
    if (!version)
      throw new InputError(`--redis-server "${explicit}" is not an executable redis-server (its --version gave no v=)`);
    return { available: true, path: explicit, version };
  }
  const found = onPath('redis-server', pathEnv);
  if (!found) return { available: false, reason: `redis-server is not on PATH (install it: ${INSTALL_HINT})` };
  const version = serverVersion(found);
  if (!version) return { available: false, reason: `${found} does not answer --version like redis-server` };
  return { available: true, path: found, version };
}

/** A port that was free a moment ago: bind port 0 on the loopback, read the port the kernel chose, close. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on host:port. */
export async function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** One inline RESP command on a fresh connection; resolves with the first reply line, rejects on error or timeout. */
export async function rawCommand(port: number, host: string, line: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host });
    let data = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.setEncoding('utf8');
    sock.once('connect', () => sock.write(`${line}\r\n`));
    sock.on('data', (chunk: string | Buffer) => {
      data += chunk.toString();
      const end = data.indexOf('\r\n');
      if (end >= 0) {
        clearTimeout(timer);
        sock.destroy();
        resolve(data.slice(0, end));
      }
    });
    sock.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Config directives, written one per line; values are quoted as redis.conf expects. */
export type ServerConfig = Record<string, string | number>;

const quote = (value: string | number): string =>
  typeof value === 'number' ? String(value) : value === '' ? '""' : /[\s"]/.test(value) ? JSON.stringify(value) : value;

/** The config file's text: the lab's safe defaults (loopback, protected mode, no persistence), then `extra`. */
export function configText(dir: string, port: number, extra: ServerConfig = {}): string {
  const base: ServerConfig = {
    bind: '127.0.0.1',
    'protected-mode': 'yes',
    port,
    dir,
    logfile: path.join(dir, 'redis.log'),
    daemonize: 'no',
    save: '',
    appendonly: 'no',
    // A replica's first sync starts at once, not after the default 5 s wait for more replicas to join.
    'repl-diskless-sync-delay': 0,
    ...extra,
  };
  return `${Object.entries(base)
    .map(([k, v]) => `${k} ${quote(v)}`)
    .join('\n')}\n`;
}

/** The last `n` lines of a file ('' when it does not exist). */
export function lastLines(file: string, n = 5): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
}

export interface Server {
  name: string;
  host: string;
  port: number;
  /** The redis-server process id. */
  pid: number;
  /** Its folder in the scratch area: config, log, data files. */
  dir: string;
  logFile: string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  /** Whether the process is still running. */
  alive(): boolean;
}

export interface StartOptions {
  binary: string;
  /** The server's folder (created); reused across restarts so data files survive. */
  dir: string;
  name: string;
  /** 0 (default): a free port. A given port that is busy is an InputError. */
  port?: number;
  config?: ServerConfig;
  /** How long to wait for PING (default 10 s). */
  timeoutMs?: number;
}

const hasSetpriv = (): boolean => onPath('setpriv') !== undefined && process.platform === 'linux';

/**
 * Starts redis-server with a config in `dir` and resolves once it answers PING. Rejects with an InputError naming
 * the cause (port in use, bad config, early exit with the log's last lines, no PING in time); the process is killed
 * before rejecting.
 */
export async function startServer(o: StartOptions): Promise<Server> {
  mkdirSync(o.dir, { recursive: true });
  const host = '127.0.0.1';
  if (o.port && (await portInUse(o.port, host)))
    throw new InputError(`port ${o.port} is in use on ${host}; give another --port, or 0 for a free one`);
  const port = o.port || (await freePort(host));
  const confFile = path.join(o.dir, 'redis.conf');
  const logFile = path.join(o.dir, 'redis.log');
  writeFileSync(confFile, configText(o.dir, port, o.config));
  const [cmd, args] = hasSetpriv()
    ? ['setpriv', ['--pdeathsig', 'SIGKILL', '--', o.binary, confFile]]
    : [o.binary, [confFile]];
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr += chunk));
  let code: number | string | undefined;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (c, signal) => {
      code = c ?? signal ?? 'unknown';
      resolve(code);
    });
    child.once('error', (error) => {
      code = error.message;
      resolve(code);
    });
  });
  const server: Server = {
    name: o.name,
    host,
    port,
    pid: child.pid ?? -1,
    dir: o.dir,
    logFile,
    exited,
    alive: () => code === undefined,
  };
  const deadline = Date.now() + (o.timeoutMs ?? 10_000);
  const why = () => {
    const log = [stderr.trim(), lastLines(logFile)].filter(Boolean).join('\n');
    return log ? `; last lines of its log: ${log.split('\n').join(' | ')}` : '';
  };
  while (Date.now() < deadline) {
    if (code !== undefined)
      throw new InputError(`redis-server "${o.name}" on port ${port} exited at start (${code})${why()}`);
    try {
      if ((await rawCommand(port, host, 'PING', 500)) === '+PONG') return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await killServer(server);
  throw new InputError(
    `redis-server "${o.name}" did not answer PING on port ${port} within ${o.timeoutMs ?? 10_000} ms${why()}`,
  );
}

/** Kills the process (SIGKILL by default) and waits until it is gone. */
export async function killServer(server: Server, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!server.alive()) return;
  try {
    process.kill(server.pid, signal);
  } catch {
    // already gone
  }
  await server.exited;
}

/** SHUTDOWN NOSAVE, then SIGKILL if it is still there after a second. */
export async function stopServer(server: Server): Promise<void> {
  if (!server.alive()) return;
  // SHUTDOWN has no reply when it works: do not wait for one, wait for the process to end.
  void rawCommand(server.port, server.host, 'SHUTDOWN NOSAVE', 1000).catch(() => undefined);
  const timer = setTimeout(() => void killServer(server), 2000);
  await server.exited;
  clearTimeout(timer);
}

/**
 * The servers of one lab run, under one scratch folder. While the group is open, SIGINT and SIGTERM kill every
 * server, remove the scratch folder and end the process (exit 130 or 143), so a Ctrl-C leaves nothing behind.
 */
export interface ServerGroup {
  readonly binary: string;
  readonly root: string;
  readonly servers: Server[];
  /** Starts a server in root/<name> (see startServer). */
  start(name: string, options?: Omit<StartOptions, 'binary' | 'dir' | 'name'>): Promise<Server>;
  /** Stops every server, removes the signal handlers and, when it was created here, root. */
  close(): Promise<void>;
}

export function serverGroup(binary: string, root: string, options: { removeRoot?: boolean } = {}): ServerGroup {
  const servers: Server[] = [];
  const killAll = () => {
    for (const s of servers) {
      try {
        if (s.alive()) process.kill(s.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killAll();
    rmSync(root, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', killAll); // process.exit() from anywhere (the core's own signal handling included)
  return {
    binary,
    root,
    servers,
    async start(name, o = {}) {
      const server = await startServer({ binary, dir: path.join(root, name), name, ...o });
      servers.push(server);
      return server;
    },
    async close() {
      await Promise.all(servers.map(stopServer));
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', killAll);
      if (options.removeRoot) rmSync(root, { recursive: true, force: true });
    },
  };
}
