// The supervisor: `syslab run` (and a lab script run on its own) starts the real work in a child process of its own
// process group and only watches it. Its event loop is never busy, so Ctrl-C, SIGTERM, SIGHUP and the death of the
// launcher (npm does not pass SIGTERM on) are acted on at once, even while a lab computes synchronously: the child
// gets the signal and a grace period to clean up itself, then the whole group is killed. After the child ends, however
// it ends, whatever it started is killed and its scratch and staging folders are removed. Tests:
// test/faults/signals.test.ts, test/faults/interrupt.test.ts.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { sweepScratch } from './scratch.js';
import {
  HANDLED_SIGNALS,
  isTrackMessage,
  removeTracked,
  signalExitCode,
  SUPERVISED_ENV,
  watchLaunchers,
  type TrackMessage,
} from './signals.js';

/** How long the child may take to clean up after a signal before its whole process group is killed. */
export const GRACE_MS = 2000;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already empty
  }
}

/**
 * Re-runs this process's own entry script with `argv` as a supervised child and resolves with the exit code to end
 * with: the child's, or 128 + the number of the signal that stopped the run.
 */
export async function supervise(argv: readonly string[]): Promise<number> {
  // Signal handlers first: a Ctrl-C that lands while the child starts must still reach it.
  let stoppedBy: NodeJS.Signals | undefined;
  const started: { pid?: number } = {};
  const stop = (signal: NodeJS.Signals) => {
    if (stoppedBy) return;
    stoppedBy = signal;
    const target = started.pid;
    if (target === undefined) return; // killed as soon as it exists
    killGroup(target, signal);
    setTimeout(() => killGroup(target, 'SIGKILL'), GRACE_MS).unref();
  };
  const handlers = HANDLED_SIGNALS.map((signal) => {
    const handler = () => stop(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const stopWatching = watchLaunchers(() => stop('SIGTERM'));

  const entry = process.argv[1];
  const child = spawn(process.execPath, [...process.execArgv, entry, ...argv], {
    // No stdin: a lab reads none, and a background process group reading the terminal would be stopped.
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Its own process group, so one kill reaches every process the lab starts (servers, tools, pools).
    detached: true,
    env: { ...process.env, [SUPERVISED_ENV]: '1' },
  });
  const pid = child.pid;
  started.pid = pid;
  if (pid === undefined) {
    await once(child, 'error').catch(() => undefined);
    throw new Error(`could not start ${entry} under ${process.execPath}`);
  }
  if (stoppedBy) killGroup(pid, 'SIGKILL');
  const tracked = new Map<string, TrackMessage['kind']>();
  child.on('message', (message) => {
    if (!isTrackMessage(message)) return;
    if (message.syslab === 'track') tracked.set(message.path, message.kind);
    else tracked.delete(message.path);
  });

  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  stopWatching();
  // Whatever the lab left running in its group (a server, a tool) goes with it.
  killGroup(pid, 'SIGKILL');
  removeTracked(tracked);
  sweepScratch({ pid });
  for (const [sig, handler] of handlers) process.off(sig, handler);
  if (stoppedBy) return signalExitCode(stoppedBy);
  if (signal) return signalExitCode(signal);
  return code ?? 1;
}
