// Issue 12's done-when: `run all --quick` interrupted at a random moment (10 seeded trials) never leaves a partial
// report, a scratch folder or a process. The real labs take minutes on 2 cores, so `all` runs over fixture labs
// (test/faults/fixtures/labs, through SYSLAB_LABS_DIR) with the same CLI, supervisor and publish step: one writes in
// awaited steps and leaves a child process running, one computes synchronously beside a busy worker thread (so
// signals meet both an idle and a blocked event loop). Trials alternate SIGINT and SIGTERM.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { eventually, root, runCli, scratchFolders, tempDir } from './harness.js';

const env = { SYSLAB_LABS_DIR: path.join(root, 'test/faults/fixtures/labs') };
const LABS = ['91-writer', '92-busy'];

/** What a run folder may hold at any moment: whole labs (report.json, report.md, all steps) and an index of them. */
function checkRunFolder(out: string): string[] {
  if (!existsSync(out)) return [];
  const names = readdirSync(out).sort();
  expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
  const labs = names.filter((n) => n !== 'index.html');
  for (const lab of labs) {
    expect(LABS).toContain(lab);
    const files = readdirSync(path.join(out, lab));
    expect(files).toContain('report.md');
    const report = JSON.parse(readFileSync(path.join(out, lab, 'report.json'), 'utf8')) as { findings: string[] };
    expect(report.findings).toHaveLength(1);
    if (lab === '91-writer') expect(files.filter((f) => f.startsWith('step-'))).toHaveLength(12);
    if (lab === '92-busy') expect(files).toContain('spins.txt');
  }
  // A published lab is always in the index: the two are one step.
  if (labs.length) {
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    for (const lab of labs) expect(index).toContain(`${lab}/report.md`);
  } else {
    expect(names).toEqual([]);
  }
  return labs;
}

describe('run all, interrupted', () => {
  it('at 10 seeded random moments leaves whole labs or none, no scratch folder and no process', async () => {
    // One uninterrupted run: it completes, and its phases bound the moments to try: Node's start-up until the first
    // lab's scratch folder appears, then the labs themselves.
    const t0 = Date.now();
    let labsStart = 0;
    const full = await runCli(['run', 'all', '--quick', '--out', path.join(tempDir('all'), 'run')], {
      env,
      onStart: ({ tmp }) =>
        void eventually(() => scratchFolders(tmp).length > 0, 60_000).then(() => (labsStart = Date.now())),
    });
    const startup = labsStart - t0;
    const labsTime = Date.now() - labsStart;
    expect(full.code).toBe(0);
    expect(startup).toBeGreaterThan(0);
    expect(full.processesLeft).toEqual([]);
    expect(full.scratchLeft).toEqual([]);
    const rng = createRng(12);
    const outcomes: string[] = [];
    for (let trial = 0; trial < 10; trial++) {
      const signal = trial % 2 === 0 ? 'SIGINT' : 'SIGTERM';
      // Two moments during start-up, eight while the labs run (timed from the first scratch folder).
      const duringStartup = trial < 2;
      const delay = Math.round(rng.next() * (duringStartup ? startup : labsTime));
      const out = path.join(tempDir('all'), 'run');
      const r = await runCli(['run', 'all', '--quick', '--out', out], {
        env,
        onStart: ({ pid, tmp }) => {
          const kill = () => setTimeout(() => process.kill(pid, signal), delay).unref();
          if (duringStartup) kill();
          else void eventually(() => scratchFolders(tmp).length > 0, 60_000).then(kill);
        },
      });
      const published = checkRunFolder(out);
      const phase = duringStartup ? 'after start' : 'into the labs';
      outcomes.push(`${signal} ${delay} ms ${phase}: exit ${r.code ?? r.signal}, ${published.length} labs published`);
      expect(r.timedOut).toBe(false);
      expect(r.processesLeft).toEqual([]);
      expect(r.scratchLeft).toEqual([]);
      // Ended by the signal (130 / 143, or killed by it during Node's start-up), or finished just before it.
      expect([0, 130, 143, null]).toContain(r.code);
    }
    console.log(outcomes.join('\n'));
  }, 300_000);
});
