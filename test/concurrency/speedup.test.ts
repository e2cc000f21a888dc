// Pool speedups from constructed runs (no timings): each speedup is the 1-thread median over the n-thread median of
// the same work, and a report never states a speedup beyond what the cores allow (the 526x with 64 threads on 2 cores
// that a 1-thread base timed during the boot of all 64 threads once produced).
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/stats.js';
import { scalingRows, type PoolResult, type ScalingRun } from '../../src/concurrency/pool-experiment.js';
import { threadsReport } from '../../src/concurrency/report.js';
import type { ThreadsResult } from '../../src/concurrency/experiment.js';

const run = (threads: number, samples: number[], primes = 9592): ScalingRun => ({
  threads,
  tasks: 64,
  primes,
  seconds: summarize(samples),
});

function report(pool: PoolResult): string[] {
  const r: ThreadsResult = {
    lockName: 'built-in',
    counter: [],
    exclusion: undefined,
    bank: [],
    accounts: 8,
    handoff: [],
    pool,
    poolFailure: undefined,
    terminated: 0,
  };
  return threadsReport(r).findings;
}

describe('scalingRows', () => {
  // Medians 3, 1.5 and 2.4; the means (10/3, 1.5, 8.4/3) and minimums (2, 1, 0.4) would give other speedups.
  const runs = [run(1, [2, 5, 3]), run(2, [1, 2, 1.5]), run(64, [0.4, 2.4, 5.6])];

  it('divides the 1-thread median by the n-thread median; efficiency = speedup / n', () => {
    const rows = scalingRows(runs, [1, 2, 64]);
    expect(rows.map((x) => [x.threads, x.speedup, x.efficiency, x.karpFlatt])).toEqual([
      [1, 1, 1, null],
      [2, 2, 1, 0],
      [64, 1.25, 1.25 / 64, (1 / 1.25 - 1 / 64) / (1 - 1 / 64)],
    ]);
  });

  it('keeps only the counts asked for, the base measured even when 1 is not asked', () => {
    expect(scalingRows(runs, [64]).map((x) => [x.threads, x.speedup])).toEqual([[64, 1.25]]);
    expect(scalingRows(runs, [2]).map((x) => [x.threads, x.speedup])).toEqual([[2, 2]]);
  });

  it('refuses runs of other work than the base, and a missing base', () => {
    expect(() => scalingRows([run(1, [3]), run(2, [1], 9591)], [2])).toThrow('not the same work');
    expect(() => scalingRows([run(2, [1])], [2])).toThrow('1-thread run');
  });
});

describe('pool findings', () => {
  const pool = (runs: ScalingRun[], asked: number[], cores: number): PoolResult => ({
    scaling: scalingRows(runs, asked),
    granularity: [],
    serialFraction: undefined,
    cores,
  });

  it('a speedup beyond the cores is reported as not comparable, never as the speedup', () => {
    // The reported run: a 1-thread median of 5.26 s against 0.01 s with 64 threads, on 2 cores.
    const findings = report(pool([run(1, [5.26]), run(64, [0.01])], [1, 64], 2));
    expect(findings.join(' ')).not.toContain('the speedup was');
    expect(findings).toEqual([
      'Measured speedups beyond what 2 cores allow: 526× with 64 threads (at most 2×); the runs were not ' +
        'comparable (something else slowed one of them), so no speedup, efficiency or serial fraction of this run ' +
        'is stated.',
    ]);
  });

  it('a possible speedup is stated with the numbers of its rows, for one and two thread counts', () => {
    expect(report(pool([run(1, [3]), run(64, [2.4])], [64], 2))).toEqual([
      'With 64 threads on 2 cores the speedup was 1.3×.',
    ]);
    expect(report(pool([run(1, [3]), run(2, [1.5]), run(64, [2.4])], [2, 64], 2))).toEqual([
      "With 2 threads (the core count) the pool's speedup over 1 thread was 2.0× (efficiency 100.0%).",
      'With 64 threads on 2 cores the speedup was 1.3× against 2.0× with 2: threads beyond the cores only take turns.',
    ]);
  });

  it('a fitted serial fraction whose cap a measured speedup exceeds is said not to describe the run', () => {
    const p = { ...pool([run(1, [5]), run(3, [2])], [3], 4), serialFraction: 0.5 };
    expect(report(p)).toEqual([
      'Fitted Amdahl serial fraction: 50.0%, which would cap the speedup at 2.0× on any number of cores; yet 2.5× ' +
        'with 3 threads measured here already exceeds that, so the fit does not describe this run.',
    ]);
    const q = { ...pool([run(1, [5]), run(3, [2.5])], [3], 4), serialFraction: 0.5 };
    expect(report(q)).toEqual([
      'Fitted Amdahl serial fraction: 50.0%, which would cap the speedup at 2.0× on any number of cores.',
    ]);
  });

  it('tiny tasks no slower than coarse ones are not given a negative cost per task', () => {
    const g = (split: 'coarse' | 'tiny', tasks: number, seconds: number, overhead: number | null) => ({
      split,
      threads: 2,
      tasks,
      numbersPerTask: 100,
      primes: 9592,
      seconds: summarize([seconds]),
      overheadPerTask: overhead === null ? null : summarize([overhead]),
    });
    const p: PoolResult = {
      scaling: [],
      granularity: [g('coarse', 64, 0.0477, null), g('tiny', 200, 0.0319, (0.0319 - 0.0477) / 136)],
      serialFraction: undefined,
      cores: 2,
    };
    const [finding] = report(p);
    expect(finding).toContain('(no measurable cost per extra task in this run)');
    expect(finding).not.toContain('-');
  });
});
