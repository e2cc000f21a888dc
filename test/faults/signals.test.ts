// Fault cases 7 and 8 of issue 12: a run stopped by Ctrl-C, SIGTERM, a kill of its lab process or of its supervisor,
// or the death of the `npm run lab` that started it, ends at once, publishes nothing (then or later), and leaves no
// scratch folder, staging folder, run folder it created, or process. Scratch folders of dead processes are swept.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, markedProcesses, runCli, scratchFolders, snapshot, tempDir } from './harness.js';

// Long enough (tens of seconds on the 2-core development machine) that every signal lands mid-run.
const long = ['--workloads', 'zipf,shift', '--requests', '4000000', '--throughput-requests', '4000000'];
const deadPid = () => {
  // A pid far above the kernel's default pid_max (4194304 at most) names no process.
  return 4_999_999;
};

/** Starts lab 03, calls `act` once its scratch folder exists (the lab is running), and checks the aftermath. */
async function interrupted(act: (s: { pid: number; tmp: string; mark: string }) => void, viaNpm = false) {
  const out = path.join(tempDir('signal'), 'run');
  const r = await runCli(viaNpm ? ['03', ...long, '--out', out] : ['run', '03', ...long, '--out', out], {
    viaNpm,
    timeoutMs: 90_000,
    onStart: (started) => {
      void eventually(() => scratchFolders(started.tmp).length > 0, 60_000).then(() => act(started));
    },
  });
  expect(r.timedOut).toBe(false);
  expect(r.processesLeft).toEqual([]);
  expect(r.scratchLeft).toEqual([]);
  expect(existsSync(out)).toBe(false);
  // Nothing publishes later either (issue 12 case 7: the orphan published 20 s on).
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(existsSync(out)).toBe(false);
  expect(scratchFolders(r.tmp)).toEqual([]);
  return r;
}

describe('a run that is stopped', () => {
  it('ends on SIGINT (Ctrl-C) with exit 130 and leaves nothing', async () => {
    const r = await interrupted(({ pid }) => process.kill(pid, 'SIGINT'));
    expect(r.code).toBe(130);
  });

  it('ends on SIGTERM with exit 143 and leaves nothing', async () => {
    const r = await interrupted(({ pid }) => process.kill(pid, 'SIGTERM'));
    expect(r.code).toBe(143);
  });

  it('cleans up after its lab process is killed outright (SIGKILL)', async () => {
    const r = await interrupted(({ pid, mark }) => {
      for (const p of markedProcesses(mark)) if (p !== pid) process.kill(p, 'SIGKILL');
    });
    expect(r.code).toBe(137);
  });

  it('ends when its supervisor is killed outright (SIGKILL)', async () => {
    const r = await interrupted(({ pid }) => process.kill(pid, 'SIGKILL'));
    expect(r.signal).toBe('SIGKILL');
  });

  it('ends with `npm run lab` when npm gets SIGTERM, instead of running on orphaned (case 7)', async () => {
    await interrupted(({ pid }) => process.kill(pid, 'SIGTERM'), true);
  });
});

describe('leftovers of killed runs', () => {
  it('are swept at the next start when their process is gone, and kept while it lives (case 8)', async () => {
    const out = tempDir('sweep');
    const stale = `.${'03-cache-policies'}.tmp-${deadPid()}-abc123`;
    mkdirSync(path.join(out, stale));
    const live = `.${'03-cache-policies'}.tmp-${process.pid}-def456`;
    mkdirSync(path.join(out, live));
    const r = await runCli(
      [
        'run',
        '03',
        '--quick',
        '--workloads',
        'zipf',
        '--requests',
        '2000',
        '--throughput-requests',
        '2000',
        '--out',
        out,
      ],
      {
        onStart: ({ tmp }) => {
          mkdirSync(path.join(tmp, `syslab-03-${deadPid()}-Abc123`));
          mkdirSync(path.join(tmp, `syslab-06-${process.pid}-Def456`));
        },
      },
    );
    expect(r.code).toBe(0);
    expect(r.scratchLeft).toEqual([`syslab-06-${process.pid}-Def456`]);
    expect(readdirSync(out).sort()).toEqual([live, '03-cache-policies', 'index.html'].sort());
    expect(snapshot(path.join(out, live))).toEqual([]);
  });
});
