// The fault-injection harness: runs the real syslab CLI in a child process with a timeout, in a temp directory of its
// own (so any scratch folder found there is that run's), tagged with a marker in its environment (so every process it
// started can be found in /proc afterwards, detached or not), and reports what was left behind. Used by every test in
// test/faults/.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
const MARK = 'SYSLAB_FAULT_MARK';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  /** The run went past its timeout and was killed by the harness. */
  timedOut: boolean;
  /** Scratch folders (syslab-NN-…) left in the run's own temp directory. */
  scratchLeft: string[];
  /** Processes still alive, started by the run, when it ended (killed by the harness after being recorded). */
  processesLeft: number[];
  tmp: string;
}

export interface CliOptions {
  /** Wall-clock limit in ms (default 60 s); past it the whole run is killed and timedOut is true. */
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Run as this user id (a root test runner uses 65534, nobody, to meet permission errors). */
  uid?: number;
  /** Start through `npm run lab --` instead of `node --import tsx src/cli/main.ts run` (args then start at the lab). */
  viaNpm?: boolean;
  /** Start through the package's bin, as `npx syslab` does: `node bin/syslab.js <args>`. */
  viaBin?: boolean;
  /** Called once the child has started, with its pid, temp folder and marker; may send it signals. */
  onStart?: (started: { pid: number; tmp: string; mark: string }) => void;
  /** Run under this umask (e.g. 0o022), set by a shell that then execs the command. */
  umask?: number;
}

/** A fresh temp folder under the test run's TMPDIR, for fixtures and --out folders. */
export function tempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `syslab-fault-${label}-`));
}

/** Pids of live processes whose environment carries `mark`. */
export function markedProcesses(mark: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'latin1');
      const state = /^State:\s+(\w)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1];
      if (state !== 'Z' && environ.includes(`${MARK}=${mark}\0`)) found.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits up to `ms` for `check` to hold, polling; returns whether it did. */
export async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}

export const scratchFolders = (tmp: string): string[] => readdirSync(tmp).filter((n) => /^syslab-\d\d-/.test(n));

/** Runs `syslab <args>` (or `npm run lab -- <args>`) and reports its outcome and its leftovers. */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const mark = randomUUID();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'syslab-fault-tmp-'));
  if (options.uid !== undefined) chmodSync(tmp, 0o777);
  let [command, argv] = options.viaNpm
    ? ['npm', ['run', '--silent', 'lab', '--', ...args]]
    : options.viaBin
      ? [process.execPath, ['bin/syslab.js', ...args]]
      : [process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args]];
  if (options.umask !== undefined) {
    argv = ['-c', `umask ${options.umask.toString(8).padStart(3, '0')}; exec "$@"`, 'sh', command, ...argv];
    command = 'sh';
  }
  const child = spawn(command, argv, {
    cwd: root,
    env: { ...process.env, CI: 'true', TMPDIR: tmp, [MARK]: mark, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    for (const pid of markedProcesses(mark)) process.kill(pid, 'SIGKILL');
  }, options.timeoutMs ?? 60_000);
  if (child.pid !== undefined) options.onStart?.({ pid: child.pid, tmp, mark });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  // What the run started must be gone when it has ended (a moment for the kernel to reap killed processes).
  await eventually(() => markedProcesses(mark).length === 0, 1500);
  const processesLeft = markedProcesses(mark);
  for (const pid of processesLeft) process.kill(pid, 'SIGKILL');
  return { code, signal, out, err, timedOut, scratchLeft: scratchFolders(tmp), processesLeft, tmp };
}

/** Every path under `dir` (relative), with each file's size and modification time: equal lists, untouched folder. */
export function snapshot(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const lines: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const full = path.join(at, name);
      const s = lstatSync(full);
      lines.push(`${path.relative(dir, full)} ${s.isDirectory() ? 'dir' : `${s.size} ${s.mtimeMs}`}`);
      if (s.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return lines;
}

/** The checks every refused run shares: the exit code, exactly one `error:` line, and nothing left behind. */
export function expectRefused(r: CliResult, code = 2): string {
  const lines = r.err.trim().split('\n');
  const problems: string[] = [];
  if (r.timedOut) problems.push('timed out');
  if (r.code !== code) problems.push(`exit code ${r.code} (signal ${r.signal}), expected ${code}`);
  if (lines.length !== 1 || !lines[0].startsWith('error: ')) problems.push(`stderr is not one error line: ${r.err}`);
  if (r.scratchLeft.length) problems.push(`scratch left: ${r.scratchLeft.join(', ')}`);
  if (r.processesLeft.length) problems.push(`processes left: ${r.processesLeft.join(', ')}`);
  if (problems.length) throw new Error(problems.join('; '));
  return lines[0];
}
