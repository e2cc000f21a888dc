// What machine a report was measured on: CPU model, cores, memory, Node and the versions of the libraries used,
// and, taken when a run starts, the load average and the time of a small fixed calibration workload (so compare
// can say how busy the machine was and, with --normalize, rescale timings between machines).
// Tests: test/core/lab.test.ts, test/core/compare-header.test.ts.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './paths.js';
import type { Summary } from './stats.js';
import { measureSync } from './timing.js';

/** A fixed workload timed at the start of every run: its median time is the machine's speed for --normalize. */
export interface Calibration {
  /** What was timed, in words (a different workload must never be mixed up with this one). */
  workload: string;
  /** Seconds per round, with the raw samples. */
  seconds: Summary;
}

export interface RunStart {
  /** os.loadavg() when the run started: 1, 5 and 15 minute averages of runnable processes. */
  loadAverage: number[];
  calibration: Calibration;
}

export interface MachineInfo {
  hostname: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cpuCount: number;
  memoryBytes: number;
  node: string;
  libraries: Record<string, string>;
  /** Absent in reports written before it was recorded. */
  loadAverage?: number[];
  calibration?: Calibration;
}

/** The installed version of an npm package, read from its package.json; "not installed" when absent. */
export function libraryVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

export const CALIBRATION_WORKLOAD = 'sort 30,000 pseudo-random doubles (xorshift32, seed 1), 7 rounds after 1 warm-up';

/** Fills and sorts 30,000 doubles from a fixed xorshift32 stream; returns the middle value so nothing is elided. */
function calibrationRound(): number {
  const values = new Float64Array(30_000);
  let s = 1;
  for (let i = 0; i < values.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    values[i] = (s >>> 0) / 4294967296;
  }
  values.sort();
  return values[15_000];
}

/** Times the calibration workload (about 10 ms a round on a 2-core VM; under 0.1 s in all). */
export function calibrate(): Calibration {
  return { workload: CALIBRATION_WORKLOAD, seconds: measureSync(calibrationRound, { warmup: 1, repeats: 7 }) };
}

/** What to record when a run starts: the load average first (before calibrating adds load), then the calibration. */
export function runStart(): RunStart {
  const loadAverage = os.loadavg().map((x) => Number(x.toFixed(2)));
  return { loadAverage, calibration: calibrate() };
}

export function machineInfo(libraries: readonly string[] = [], start?: RunStart): MachineInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: os.availableParallelism?.() ?? cpus.length,
    memoryBytes: os.totalmem(),
    node: process.version,
    libraries: Object.fromEntries(libraries.map((name) => [name, libraryVersion(name)])),
    ...(start ? { loadAverage: start.loadAverage, calibration: start.calibration } : {}),
  };
}
