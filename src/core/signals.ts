// Every way a syslab process ends runs the same cleanups: a normal return, an error, process.exit, Ctrl-C (SIGINT),
// SIGTERM, SIGHUP, and the death of the launcher that started it (`npm run lab`, `npx`, `tsx`), which does not pass
// SIGTERM on. Cleanups are synchronous (they run inside the 'exit' event) and each runs once.
// Tests: test/faults/signals.test.ts, test/faults/interrupt.test.ts.
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';

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
 * supervisor.ts) is told about it too, so it can remove it when this process is killed outright.
 */
export function removeOnExit(dir: string): () => void {
  tellSupervisor({ syslab: 'track', path: dir });
  return onCleanup(() => {
    rmSync(dir, { recursive: true, force: true });
    tellSupervisor({ syslab: 'untrack', path: dir });
  }).now;
}

/** A message between a supervised lab process and its supervisor about a folder to remove if the lab dies. */
export interface TrackMessage {
  syslab: 'track' | 'untrack';
  path: string;
}

export function isTrackMessage(message: unknown): message is TrackMessage {
  const m = message as Partial<TrackMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    (m.syslab === 'track' || m.syslab === 'untrack') &&
    typeof m.path === 'string'
  );
}

function tellSupervisor(message: TrackMessage): void {
  if (process.env[SUPERVISED_ENV] !== '1' || !process.send || !process.connected) return;
  try {
    process.send(message);
  } catch {
    // The supervisor is gone; the 'disconnect' handler ends this process.
  }
}

/** Set in the environment of a lab process started by the supervisor. */
export const SUPERVISED_ENV = 'SYSLAB_SUPERVISED';

/** Exit code for a process ended by a signal: 128 plus the signal's number, as shells report it. */
export const signalExitCode = (signal: NodeJS.Signals): number => 128 + (os.constants.signals[signal] ?? 15);

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
    // The IPC channel closes when the supervisor dies, however it dies; it must not keep this process alive.
    process.on('disconnect', () => exitForSignal('SIGTERM'));
    process.channel?.unref();
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
