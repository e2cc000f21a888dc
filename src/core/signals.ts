// Every way a syslab process ends runs the same cleanups: a normal return, an error, process.exit, Ctrl-C (SIGINT),
// SIGTERM, SIGHUP, and the death of the launcher that started it (`npm run lab`, `npx`, `tsx`), which does not pass
// SIGTERM on. Cleanups are synchronous (they run inside the 'exit' event) and each runs once.
// Tests: test/faults/signals.test.ts, test/faults/interrupt.test.ts.
import { readFileSync, rmdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
let exitHooked = false;

/** Runs (and forgets) every registered cleanup, newest first; a cleanup that throws does not stop the others. */
export function runCleanups(): void {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of pending) {
    try {
      cleanup();
    } catch {
      // Cleanup is best effort: the next run's sweep removes what is left.
    }
  }
}

/** A registered cleanup: run it now (once), or cancel it when it is no longer needed. */
export interface CleanupHandle {
  now: () => void;
  cancel: () => void;
}

/**
 * Registers a synchronous cleanup that runs when the process ends, whichever way it ends, unless it was run earlier
 * or cancelled through the returned handle.
 */
export function onCleanup(cleanup: Cleanup): CleanupHandle {
  if (!exitHooked) {
    process.on('exit', runCleanups);
    exitHooked = true;
  }
  cleanups.add(cleanup);
  return {
    now: () => {
      if (cleanups.delete(cleanup)) cleanup();
    },
    cancel: () => {
      cleanups.delete(cleanup);
    },
  };
}

/**
 * A folder removed when the process ends (or through the returned function). A supervising parent (see
 * supervisor.ts) and this process's lifeline thread are told about it too, so it is removed even when this process
 * is killed outright or is busy when its supervisor dies.
 */
export function removeOnExit(dir: string): () => void {
  announce({ syslab: 'track', path: dir, kind: 'tree' });
  return onCleanup(() => {
    rmSync(dir, { recursive: true, force: true });
    announce({ syslab: 'untrack', path: dir, kind: 'tree' });
  }).now;
}

/**
 * Folders (outermost first) removed when the process ends, innermost first, as long as they are empty: the --out
 * levels a run created. Cancel once a report was published in them.
 */
export function removeIfEmptyOnExit(dirs: readonly string[]): CleanupHandle {
  for (const dir of dirs) announce({ syslab: 'track', path: dir, kind: 'empty' });
  const forget = () => {
    for (const dir of dirs) announce({ syslab: 'untrack', path: dir, kind: 'empty' });
  };
  const handle = onCleanup(() => {
    removeFoldersIfEmpty(dirs);
    forget();
  });
  return {
    now: handle.now,
    cancel: () => {
      handle.cancel();
      forget();
    },
  };
}

/** Removes `dirs` (outermost first) innermost first, stopping at the first that is not empty. */
export function removeFoldersIfEmpty(dirs: readonly string[]): void {
  for (const dir of [...dirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
  }
}

/** About a folder to remove if the process dies: a whole tree (scratch, staging) or an empty folder (--out levels). */
export interface TrackMessage {
  syslab: 'track' | 'untrack';
  path: string;
  kind: 'tree' | 'empty';
}

/** Whether an IPC message from a lab process is a TrackMessage (other senders may share the channel). */
export function isTrackMessage(message: unknown): message is TrackMessage {
  const m = message as Partial<TrackMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    (m.syslab === 'track' || m.syslab === 'untrack') &&
    typeof m.path === 'string' &&
    (m.kind === 'tree' || m.kind === 'empty')
  );
}

/** Removes tracked folders, newest first (a staging folder before the --out level holding it). */
export function removeTracked(tracked: ReadonlyMap<string, TrackMessage['kind']>): void {
  for (const [dir, kind] of [...tracked].reverse()) {
    try {
      if (kind === 'tree') rmSync(dir, { recursive: true, force: true });
      else rmdirSync(dir);
    } catch {
      // not empty, or gone already
    }
  }
}

let lifeline: Worker | undefined;

function announce(message: TrackMessage): void {
  lifeline?.postMessage(message);
  if (process.env[SUPERVISED_ENV] !== '1' || !process.send || !process.connected) return;
  try {
    process.send(message);
  } catch {
    // The supervisor is gone; the lifeline thread ends this process.
  }
}

// A thread of its own, so it acts even while the lab computes synchronously on the main thread: when the supervisor
// is gone (this process was adopted by another parent), it removes the tracked folders and kills this process's
// group, this process included. Plain CommonJS, evaluated as is: no loader needed.
const LIFELINE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const tracked = new Map();
parentPort.on('message', (m) => {
  if (m.syslab === 'track') tracked.set(m.path, m.kind);
  else tracked.delete(m.path);
});
setInterval(() => {
  if (process.ppid === workerData.parent) return;
  for (const [dir, kind] of [...tracked].reverse()) {
    try {
      if (kind === 'tree') fs.rmSync(dir, { recursive: true, force: true });
      else fs.rmdirSync(dir);
    } catch {}
  }
  try { process.kill(-process.pid, 'SIGKILL'); } catch {}
  process.kill(process.pid, 'SIGKILL');
}, 250);
`;

function startLifeline(): void {
  lifeline = new Worker(LIFELINE_SOURCE, { eval: true, workerData: { parent: process.ppid } });
  lifeline.unref();
}

/** Set in the environment of a lab process started by the supervisor. */
export const SUPERVISED_ENV = 'SYSLAB_SUPERVISED';

/** Exit code for a process ended by a signal: 128 plus the signal's number, as shells report it. */
export const signalExitCode = (signal: NodeJS.Signals): number => 128 + (os.constants.signals[signal] ?? 15);

/** The signals that stop a run: Ctrl-C, kill's default, and a closed terminal. */
export const HANDLED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

let exiting = false;

/** Runs the cleanups and ends the process as if killed by `signal` (exit code 128 + its number). */
export function exitForSignal(signal: NodeJS.Signals): never {
  if (!exiting) {
    exiting = true;
    runCleanups();
  }
  process.exit(signalExitCode(signal));
}

let handlersInstalled = false;

/**
 * For a command's entry point: SIGINT, SIGTERM and SIGHUP run the cleanups and end the process; so does the death of
 * the launcher chain above it, or of the supervisor when there is one. Not for library use (tests call runLab).
 */
export function exitWithLaunchers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of HANDLED_SIGNALS) process.on(signal, () => exitForSignal(signal));
  if (process.env[SUPERVISED_ENV] === '1' && process.send) {
    // The IPC channel closes when the supervisor dies, however it dies; it must not keep this process alive. When
    // this thread is too busy to notice, the lifeline thread acts instead.
    process.on('disconnect', () => exitForSignal('SIGTERM'));
    process.channel?.unref();
    startLifeline();
  } else {
    watchLaunchers(() => exitForSignal('SIGTERM'));
  }
}

interface ProcessEntry {
  ppid: number;
  command: string;
}

/** Linux only: the parent and command line of a process, from /proc; undefined when it cannot be read. */
function procEntry(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or parentheses: fields go on after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return Number.isInteger(ppid) ? { ppid, command } : undefined;
  } catch {
    return undefined;
  }
}

/** npm, npx, tsx and the `sh -c` npm runs scripts through: processes that exist only to start this one. */
const LAUNCHER =
  /(^|[/\s])(npm|npx|npm-cli\.js|npx-cli\.js|tsx|cli\.mjs)(\s|$)|^(\/bin\/|\/usr\/bin\/)?(sh|dash|bash) -c /;

/**
 * The launcher processes above this one, nearest first: the parent and its parents, as long as each is a launcher
 * (so a student's own shell, or a `nohup`, is never watched). Empty where /proc cannot be read.
 */
export function launcherChain(pid = process.pid): number[] {
  const chain: number[] = [];
  let entry = procEntry(pid);
  while (entry && entry.ppid > 1) {
    const parent = procEntry(entry.ppid);
    if (!parent || !LAUNCHER.test(parent.command)) break;
    chain.push(entry.ppid);
    entry = parent;
  }
  return chain;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `onGone` once when the parent or any launcher above it ends (npm does not pass SIGTERM on to the script it
 * runs, so without this the lab would run on, orphaned, and publish later). Polls twice a second on a timer that does
 * not keep the process alive. Returns a function that stops watching.
 */
export function watchLaunchers(onGone: () => void, intervalMs = 500): () => void {
  const watched = launcherChain();
  // Without /proc (macOS), a script run by npm still notices its parent going: it is adopted by another process.
  const parent = watched[0] ?? (process.env.npm_lifecycle_event ? process.ppid : undefined);
  if (parent === undefined) return () => {};
  const timer = setInterval(() => {
    if (process.ppid !== parent || watched.some((pid) => !alive(pid))) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
