// Fault case 9 of issue 12: runs the machine cannot hold are refused before any work, with exit 2 and the estimate.
// The estimators' per-unit costs were measured (see each src/<domain>/budget.ts); here their answers are checked by
// hand, and the four reported cases are refused through the real CLI under SYSLAB_MEMORY_LIMIT=4GiB (so the test
// does not depend on how much memory the test machine has free).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheBudget } from '../../src/cache/budget.js';
import { computeBudget } from '../../src/compute/budget.js';
import { threadsBudget } from '../../src/concurrency/budget.js';
import { availableMemory, checkBudget } from '../../src/core/budget.js';
import { InputError } from '../../src/core/errors.js';
import { hdfsBudget } from '../../src/hdfs/budget.js';
import { expectRefused, runCli, tempDir } from './harness.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('budget estimates (worked by hand from the measured per-unit costs)', () => {
  it('lab 03: 4 B per request kept per trace, 4.8 B per request for one replay, 150 MiB base', () => {
    const b = cacheBudget({ workloads: ['uniform', 'zipf', 'shift', 'scan'], requests: 5e8, throughputRequests: 1e7 });
    // 150 MiB + 4 × (4 × 5e8 + 1e7) + 4.8 × 5e8 = 157,286,400 + 8,040,000,000 + 2,400,000,000
    expect(b.memoryBytes).toBe(10_597_286_400);
  });
  it('lab 06: 4.5 B of memory per byte and 1.07 B of disk per byte per replica', () => {
    const b = hdfsBudget({ size: GiB, replication: 3, sweepReplications: [1, 2, 3] });
    expect(b.memoryBytes).toBe(157_286_400 + 4_831_838_208);
    expect(b.outBytes).toBe(3_446_711_255); // 1.07 × 1 GiB × 3, rounded
    expect(b.scratchBytes).toBe(3_446_711_255);
  });
  it('lab 01: 4 B per byte of --bandwidth-bytes, or 24 B per byte of the largest matrix, on a 440 MiB base', () => {
    const sizes = [16, 2048];
    expect(computeBudget({ bandwidthBytes: 4 * GiB, sizes }).memoryBytes).toBe(17_641_242_624); // 440 MiB + 4 × 4 GiB
    // n = 8192: 461,373,440 + 209,715,200 + 24 × 268,435,456 (4 × 8192²)
    expect(computeBudget({ bandwidthBytes: 32 * 1024 ** 2, sizes: [8192] }).memoryBytes).toBe(7_113_539_584);
    // n = 2048 beside a 32 MiB buffer (128 MiB): 461,373,440 + 209,715,200 + 24 × 16,777,216; beside the default
    // 256 MiB buffer the bandwidth phase is the larger: 461,373,440 + 4 × 268,435,456
    expect(computeBudget({ bandwidthBytes: 32 * 1024 ** 2, sizes: [16, 2048] }).memoryBytes).toBe(1_073_741_824);
    expect(computeBudget({ bandwidthBytes: 256 * 1024 ** 2, sizes: [16, 2048] }).memoryBytes).toBe(1_535_115_264);
  });
  it('lab 02: 21.7 MiB per thread of the largest part that runs, 228 MiB base', () => {
    const p = { parts: ['pool'], threads: [1, 256], workers: [64], bankWorkers: [64] };
    expect(threadsBudget(p).memoryBytes).toBe(6_064_124_723); // 239,075,328 + 21.7 × 1,048,576 × 256, rounded
    expect(threadsBudget({ ...p, parts: ['counter'] }).memoryBytes).toBe(1_695_337_677); // 64 threads
  });
});

describe('checking a budget against the machine', () => {
  const room = { memoryBytes: 8 * GiB, scratchBytes: 2 * GiB, outBytes: 1 * GiB };
  it('passes a run that fits and names the estimate, its basis and what is free when one does not', () => {
    expect(() => checkBudget('lab 99', { memoryBytes: 8 * GiB, outBytes: GiB, basis: 'b' }, room)).not.toThrow();
    expect(() => checkBudget('lab 99', { memoryBytes: 9 * GiB, basis: 'n × 1 GiB' }, room)).toThrow(
      new InputError('lab 99 needs about 9.00 GiB of memory (n × 1 GiB), but only 8.00 GiB is free; lower the sizes'),
    );
    expect(() => checkBudget('lab 99', { memoryBytes: 1, scratchBytes: 3 * GiB, basis: 'x' }, room)).toThrow(
      'lab 99 needs about 3.00 GiB of disk in the temp directory (x), but only 2.00 GiB is free; lower the sizes',
    );
    expect(() => checkBudget('lab 99', { memoryBytes: 1, outBytes: 2 * GiB, basis: 'y' }, room)).toThrow(
      'lab 99 needs about 2.00 GiB of disk in --out (y), but only 1.00 GiB is free; lower the sizes',
    );
  });
  it('caps the memory by SYSLAB_MEMORY_LIMIT and rejects a cap that is not a size', () => {
    const saved = process.env.SYSLAB_MEMORY_LIMIT;
    try {
      process.env.SYSLAB_MEMORY_LIMIT = '1MiB';
      expect(availableMemory()).toBe(MiB);
      process.env.SYSLAB_MEMORY_LIMIT = 'lots';
      expect(() => availableMemory()).toThrow('SYSLAB_MEMORY_LIMIT: "lots" is not a size; allowed: e.g. 8GiB');
    } finally {
      if (saved === undefined) delete process.env.SYSLAB_MEMORY_LIMIT;
      else process.env.SYSLAB_MEMORY_LIMIT = saved;
    }
  });
});

describe('the reported runs are refused before any work (case 9)', () => {
  it.each([
    ['03', ['--requests', '500000000'], '9.87 GiB of memory'],
    ['06', ['--size', '1GiB'], '4.65 GiB of memory'],
    ['01', ['--bandwidth-bytes', '4GiB'], '16.4 GiB of memory'],
    ['01', ['--sizes', '8192'], '6.63 GiB of memory'],
    ['02', ['--threads', '256'], '5.65 GiB of memory'],
  ])('lab %s %s', async (lab, args, needs) => {
    const out = path.join(tempDir('budget'), 'new', 'run');
    const r = await runCli(['run', lab, ...args, '--out', out], { env: { SYSLAB_MEMORY_LIMIT: '4GiB' } });
    expect(expectRefused(r)).toMatch(
      new RegExp(
        `^error: lab ${lab} needs about ${needs.replace('.', '\\.')} \\(.+\\), but only [\\d.]+ [GM]iB is free`,
      ),
    );
    // Refused before any work: no folder of --out was left behind, not even the ones created to check it.
    expect(existsSync(path.dirname(path.dirname(out)) + '/new')).toBe(false);
  });
});
