// Helpers for the compare tests: a minimal report around given rows and metrics, lognormal samples from a seeded
// generator, and writing runs to a temporary folder. Used by test/core/compare*.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MachineInfo } from '../../src/core/machine.js';
import { REPORT_SCHEMA, type Report } from '../../src/core/report.js';
import { createRng } from '../../src/core/rng.js';
import { summarize } from '../../src/core/stats.js';
import { table, type Metric, type Row } from '../../src/core/table.js';

export const machine: MachineInfo = {
  hostname: 'h',
  platform: 'linux 6',
  arch: 'x64',
  cpuModel: 'cpu',
  cpuCount: 2,
  memoryBytes: 2 ** 30,
  node: 'v20.19.0',
  libraries: {},
  loadAverage: [0.2, 0.3, 0.3],
};

export function report(
  rows: Row[],
  metrics: Record<string, Metric>,
  o: { id?: string; params?: Record<string, unknown>; machine?: Partial<MachineInfo>; keys?: string[] } = {},
): Report {
  return {
    schema: REPORT_SCHEMA,
    lab: { id: o.id ?? '03', slug: 'x', title: 'X' },
    startedAt: '',
    durationMs: 0,
    machine: { ...machine, ...o.machine },
    params: o.params ?? { seed: 1 },
    findings: [],
    charts: [],
    sections: [],
    results: { tables: { t: table({ title: 'T', keys: o.keys ?? ['k'], metrics, rows }) } },
  };
}

/** n lognormal values with median `median` and log-sd `sigma`, from seed (Box-Muller on the seeded generator). */
export function lognormal(seed: number, n: number, median: number, sigma: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    return median * Math.exp(sigma * z);
  });
}

/** A one-row report holding a timing Summary of `samples` (seconds, lower is better). */
export const timingReport = (samples: number[]): Report =>
  report([{ k: 1, seconds: summarize(samples) }], { seconds: { unit: 's', better: 'lower' } });

/** Writes reports into a new temporary run folder (one lab folder each) and returns its path. */
export function writeRun(reports: Report[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-cmp-'));
  for (const r of reports) {
    mkdirSync(path.join(dir, `${r.lab.id}-${r.lab.slug}`));
    writeFileSync(path.join(dir, `${r.lab.id}-${r.lab.slug}`, 'report.json'), JSON.stringify(r));
  }
  return dir;
}

/**
 * The committed real runs of lab 03 (fixtures/compare/class-lab03.jsonl, made by make-class-lab03.ts): seeds 1-30
 * as run folders s01..s30 in a class folder, and a second run with seed 1 as its own run folder.
 */
export function realLab03Runs(): { classDir: string; runs: string[]; again: string } {
  const lines = readFileSync(new URL('./fixtures/compare/class-lab03.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n');
  const classDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-class-'));
  const place = (dir: string, line: string) => {
    mkdirSync(path.join(dir, '03-cache-policies'), { recursive: true });
    writeFileSync(path.join(dir, '03-cache-policies', 'report.json'), line);
    return dir;
  };
  const runs = lines
    .slice(0, 30)
    .map((line, i) => place(path.join(classDir, `s${String(i + 1).padStart(2, '0')}`), line));
  const again = place(mkdtempSync(path.join(os.tmpdir(), 'syslab-again-')), lines[30]);
  return { classDir, runs, again };
}
