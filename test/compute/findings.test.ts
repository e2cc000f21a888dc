// src/compute/findings.ts on rows made up here, each answer worked out by hand: the crossover (never, from a size, no
// accelerator, no CPU), the fastest backend per size, the share spent moving data, where batching levels off, and the
// peak sentence against a cache larger or smaller than the working set.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/stats.js';
import type { DeviceKind } from '../../src/compute/backends/types.js';
import {
  crossover,
  crossoverSentence,
  fastestPerSize,
  levelOff,
  levelOffSentence,
  transferShare,
} from '../../src/compute/findings.js';
import { backendLabel } from '../../src/compute/backends/names.js';
import type { AddResult, BatchResult, MatmulResult } from '../../src/compute/sweeps.js';

const s = (x: number) => summarize([x]);

/** A matmul row with the given round trip (seconds) and GFLOP/s; upload and download 10% each of it. */
function mm(backend: string, kind: DeviceKind, n: number, roundTrip: number, gflops = 1): MatmulResult {
  return {
    backend,
    kind,
    n,
    dtype: 'float32',
    maxAbsError: 0,
    gflops: s(gflops),
    upload: s(roundTrip * 0.1),
    compute: s(roundTrip * 0.8),
    download: s(roundTrip * 0.1),
    roundTrip: s(roundTrip),
  };
}

function batch(backend: string, b: number, samplesPerSecond: number): BatchResult {
  return {
    backend,
    kind: 'cpu',
    batch: b,
    maxAbsError: 0,
    samplesPerSecond: s(samplesPerSecond),
    computeSamplesPerSecond: s(samplesPerSecond),
    upload: s(0),
    compute: s(0),
    download: s(0),
    roundTrip: s(b / samplesPerSecond),
  };
}

describe('crossover', () => {
  const cpu = [
    mm('onnx-cpu', 'cpu', 64, 1e-4),
    mm('onnx-cpu', 'cpu', 256, 1e-3),
    mm('onnx-cpu', 'cpu', 1024, 5e-2),
    mm('onnx-cpu', 'cpu', 2048, 0.4),
  ];

  it('finds the smallest size from which the accelerator wins at every larger size', () => {
    const gpu = [
      mm('webgpu', 'gpu', 64, 1e-3),
      mm('webgpu', 'gpu', 256, 2e-3),
      mm('webgpu', 'gpu', 1024, 1e-2),
      mm('webgpu', 'gpu', 2048, 5e-2),
    ];
    const c = crossover([...cpu, ...gpu]);
    expect(c.status).toBe('from');
    expect(c.status === 'from' && c.n).toBe(1024);
    expect(crossoverSentence(c)).toBe(
      'From n = 1024 on, webgpu (gpu) beats the best CPU backend on round-trip time (10 ms against 50 ms for onnx-cpu (cpu) at n = 1024).',
    );
  });

  it('ignores an early win that does not last', () => {
    const gpu = [
      mm('webgpu', 'gpu', 64, 1e-5),
      mm('webgpu', 'gpu', 256, 2e-3),
      mm('webgpu', 'gpu', 1024, 1e-2),
      mm('webgpu', 'gpu', 2048, 5e-2),
    ];
    const c = crossover([...cpu, ...gpu]);
    expect(c.status === 'from' && c.n).toBe(1024);
  });

  it('says never, with the largest size, when the accelerator always loses', () => {
    const soft = [mm('webgpu', 'software-gpu', 64, 1e-3), mm('webgpu', 'software-gpu', 256, 2e-2)];
    const c = crossover([...cpu, ...soft]);
    expect(c.status).toBe('never');
    expect(crossoverSentence(c)).toContain(
      'at the largest, n = 256, webgpu (software-gpu) took 20 ms against 1 ms for onnx-cpu (cpu)',
    );
  });

  it('reports no accelerator when only CPU backends ran', () => {
    expect(crossover(cpu)).toEqual({ status: 'no-accelerator' });
  });
});

describe('other findings', () => {
  it('fastestPerSize picks the highest GFLOP/s per size', () => {
    const rows = [
      mm('a', 'cpu', 16, 1, 5),
      mm('b', 'cpu', 16, 1, 7),
      mm('a', 'cpu', 32, 1, 9),
      mm('b', 'cpu', 32, 1, 3),
    ];
    expect(fastestPerSize(rows).map((r) => [r.n, r.backend])).toEqual([
      [16, 'b'],
      [32, 'a'],
    ]);
  });

  it('transferShare is (upload + download) / round trip', () => {
    expect(transferShare(mm('a', 'cpu', 16, 1))).toBeCloseTo(0.2, 12);
  });

  it('levelOff names the smallest batch within 90% of the best throughput', () => {
    const rows = [
      batch('x', 1, 100),
      batch('x', 4, 170),
      batch('x', 16, 185),
      batch('x', 64, 200),
      batch('y', 1, 10),
      batch('y', 4, 50),
    ];
    const levels = levelOff(rows);
    expect(levels.map((l) => [l.backend, l.batch, l.best])).toEqual([
      ['x', 16, 200],
      ['y', 4, 50],
    ]);
    expect(levelOffSentence(rows)).toBe(
      'MLP inference throughput reaches 90% of its best: x (cpu) levels off at batch 16 (185 samples/s, best ' +
        '200, 2x batch 1); y (cpu) was still rising at the largest batch, 4 (50 samples/s, 5x batch 1).',
    );
  });

  it('levelOffSentence says when batching bought nothing or little', () => {
    const flat = [batch('f', 1, 470), batch('f', 4, 350), batch('f', 16, 440)];
    expect(levelOffSentence(flat)).toBe(
      'MLP inference throughput reaches 90% of its best: f (cpu) gained nothing from batching: its smallest batch, 1, was also its fastest (470 samples/s).',
    );
    const little = [batch('g', 1, 190), batch('g', 4, 200)];
    expect(levelOffSentence(little)).toContain(
      'g (cpu) gained little from batching: batch 1 already reached 190 samples/s, against a best of 200 at batch 4',
    );
  });

  it('backendLabel always carries the kind', () => {
    expect(backendLabel('webgpu', 'software-gpu')).toBe('webgpu (software-gpu)');
    expect(backendLabel('tfjs-cpu', null)).toBe('tfjs-cpu');
  });
});

/** An elementwise add row of `length` elements at the given GB/s. */
function addRow(backend: string, length: number, gbPerSecond: number): AddResult {
  return {
    backend,
    kind: 'cpu',
    length,
    maxAbsError: 0,
    gbPerSecond: s(gbPerSecond),
    gflops: s(gbPerSecond / 12),
    upload: s(0),
    compute: s(0),
    download: s(0),
    roundTrip: s(0),
  };
}

const MiB = 1024 ** 2;
/** Bandwidth 20 GB/s measured on 64 MiB, last-level cache 32 MiB. */
const ceilings = { fp32Gflops: 200, bandwidthGbPerSecond: 20, bandwidthWorkingSet: 64 * MiB, cacheBytes: 32 * MiB };

describe('peakSentence', () => {
  it('measures CPU and software-GPU backends against the CPU peak, and keeps a real GPU apart', async () => {
    const { peakSentence } = await import('../../src/compute/findings.js');
    const rows = [
      mm('onnx-cpu', 'cpu', 256, 1, 50),
      mm('webgpu', 'software-gpu', 256, 1, 2),
      mm('cuda', 'gpu', 256, 1, 5000),
    ];
    expect(peakSentence(rows, [], { ...ceilings, fp32Gflops: 200 })).toBe(
      'The best matmul on the CPU, onnx-cpu (cpu) at n = 256, reached 50 GFLOP/s, 25.0% of the estimated FP32 peak of 200 GFLOP/s; ' +
        'on the GPU, cuda (gpu) reached 5,000 GFLOP/s at n = 256 (its own peak is not estimated here).',
    );
    expect(peakSentence([mm('webgpu', 'software-gpu', 16, 1, 0.02)], [], { ...ceilings, fp32Gflops: 332 })).toContain(
      '0.0060% of the estimated',
    );
  });

  it('names an add whose working set fits in the last-level cache as cache speed, not a share of memory bandwidth', async () => {
    const { peakSentence } = await import('../../src/compute/findings.js');
    // 1 Mi elements x 12 bytes = 12 MiB, inside the 32 MiB cache; 26 GB/s is 1.3x the 20 GB/s measured out of cache.
    expect(peakSentence([], [addRow('onnx-cpu', 1 << 20, 10), addRow('tfjs-wasm', 1 << 20, 26)], ceilings)).toBe(
      'The best elementwise add, tfjs-wasm (cpu), moved 26 GB/s on 1,048,576 elements, but their 12.0 MiB fit in the 32.0 MiB last-level cache, ' +
        'so it ran from cache, not from memory (1.3x the 20 GB/s one thread measured on 64.0 MiB; a larger --add-length measures memory).',
    );
  });

  it('judges an add larger than the cache against the memory bandwidth', async () => {
    const { peakSentence } = await import('../../src/compute/findings.js');
    // 4 Mi elements x 12 bytes = 48 MiB > 32 MiB: 15 GB/s is 75% of 20 GB/s.
    expect(peakSentence([], [addRow('onnx-cpu', 1 << 22, 15)], ceilings)).toBe(
      'The best elementwise add, onnx-cpu (cpu), moved 15 GB/s on 4,194,304 elements (48.0 MiB, more than the 32.0 MiB last-level cache), ' +
        '75.0% of the memory bandwidth, 20 GB/s one thread measured on 64.0 MiB.',
    );
    expect(
      peakSentence([], [addRow('onnx-cpu', 1 << 22, 15)], { ...ceilings, bandwidthWorkingSet: 8 * MiB }),
    ).toContain('which fits in that cache: a larger --bandwidth-bytes measures memory');
    expect(peakSentence([], [addRow('onnx-cpu', 1 << 22, 15)], { ...ceilings, cacheBytes: undefined })).toContain(
      'the cache size is unknown here',
    );
  });
});
