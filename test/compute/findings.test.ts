import { describe, expect, it } from 'vitest';
import { mapSummary, summarize } from '../../src/core/stats.js';
import type { DeviceKind } from '../../src/compute/backends/types.js';
import {
  compareTimes,
  crossover,
  crossoverSentence,
  fastestPerSize,
  float16Pairs,
  float16Sentence,
  passedCheck,
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

/** A webgpu-wgsl row in `dtype` at size n whose compute phase took the given samples (seconds). */
function kernelRow(dtype: 'float32' | 'float16', n: number, seconds: number[], failure: string | null = null) {
  const compute = summarize(seconds);
  return {
    ...mm('webgpu-wgsl', 'software-gpu', n, compute.median),
    dtype,
    compute,
    gflops: mapSummary(compute, (t) => (2 * n ** 3) / t / 1e9),
    maxAbsError: dtype === 'float16' ? 0.004 : 1e-6,
    check: { bound: dtype === 'float16' ? 0.08 : 1e-3, failure },
  } satisfies MatmulResult;
}

const statuses = [
  { backend: 'tfjs-cpu', float16: 'none: TensorFlow.js has no float16 tensors' },
  { backend: 'webgpu-wgsl', float16: 'ran (shader-f16)' },
];

/** Eight rounds: base x (1, 1.02, ..., 1.14), a spread of 14% like a quiet machine's. */
const rounds = (base: number) => Array.from({ length: 8 }, (_, i) => base * (1 + 0.02 * i));

describe('float16 findings', () => {
  // n = 64: float16 takes half of float32 round for round, so every pairwise log difference is log 2 plus a term that
  // is symmetric around 0: the Hodges-Lehmann ratio is exactly 2. For 8 against 8 rounds the 95% bounds are the 14th
  // smallest and largest of the 64 differences (U critical value 13): 10 differences lie 4 or more rounds below, so the
  // 14th is the 4th smallest of the 5 that lie 3 rounds below, 2 x 1.06 / 1.12 = 1.893, and the upper bound by the same
  // count 2 x 1.12 / 1.06 = 2.113. n = 256: float32 is one round (2%) slower, well inside that spread: can't tell.
  // n = 512: three rounds each, which can never give p < 0.05 (the smallest two-sided p for 3 against 3 is 0.1).
  const rows = [
    kernelRow('float32', 64, rounds(2e-3)),
    kernelRow('float16', 64, rounds(1e-3)),
    kernelRow('float32', 256, rounds(10.2e-3)),
    kernelRow('float16', 256, rounds(10e-3)),
    kernelRow('float32', 512, [80e-3, 81e-3, 82e-3]),
    kernelRow('float16', 512, [40e-3, 41e-3, 42e-3]),
    mm('tfjs-cpu', 'cpu', 64, 1),
  ];

  it('calls float16 faster or slower only when the 95% interval of the ratio excludes 1', () => {
    const half = compareTimes(summarize(rounds(1)), summarize(rounds(2)));
    expect(half.verdict).toBe('faster');
    expect(half.speedup).toBeCloseTo(2, 12);
    expect(half.interval![0]).toBeGreaterThan(1.85);
    expect(half.interval![1]).toBeLessThan(2.15);
    expect(compareTimes(summarize(rounds(2)), summarize(rounds(1))).verdict).toBe('slower');
    expect(compareTimes(summarize(rounds(10)), summarize(rounds(10.2))).verdict).toBe("can't tell");
    const three = compareTimes(summarize([1, 1.1, 1.2]), summarize([2, 2.1, 2.2]));
    expect(three.verdict).toBe("can't tell");
    expect(three.interval).toBeNull();
    expect(three.speedup).toBeCloseTo(2.1 / 1.1, 12); // the median of the 9 pairwise ratios
    expect(float16Pairs(rows).map((p) => [p.n, p.comparison.verdict])).toEqual([
      [64, 'faster'],
      [256, "can't tell"],
      [512, "can't tell"],
    ]);
  });

  it('with both types: size by size, the error against its bound, and the backends without float16', () => {
    expect(float16Sentence(rows, statuses, ['float32', 'float16'])).toBe(
      'On the same WGSL kernel, webgpu-wgsl (software-gpu), float16 against float32 (compute phase): ' +
        // Medians: 1.07 ms (1 x 1.07) against 2.14 ms; 10.7 ms against 10.914 ms; 41 against 81 ms.
        'n = 64: float16 2.0× faster (1.07 ms against 2.14 ms; 95% interval 1.89× to 2.11×); ' +
        "n = 256: can't tell (10.7 ms against 10.9 ms; the 95% interval of float32/float16, 0.964 to 1.08, " +
        'includes 1); ' +
        "n = 512: can't tell (41 ms against 81 ms; too few rounds for a 95% interval); " +
        "float16's error came closest to its bound at n = 64: 0.0040 against 0.080 (11-bit significand; sums kept in float32). " +
        'tfjs-cpu has no float16 matmul here (the float16 column of the backends table says why).',
    );
  });

  it('with float16 alone: its speed, and that there is nothing to compare it with', () => {
    const only = rows.filter((r) => r.dtype === 'float16');
    expect(float16Sentence(only, statuses, ['float16'])).toBe(
      // 2 x 512^3 FLOP in 41 ms: 6.55 GFLOP/s, the best (n = 256: 2 x 256^3 in 10.7 ms, 3.14).
      'On webgpu-wgsl (software-gpu), float16 ran alone, up to 6.55 GFLOP/s at n = 512, with no float32 run of the ' +
        "same kernel to compare (--dtypes has no float32); float16's error came closest to its bound at n = 64: 0.0040 " +
        'against 0.080 (11-bit significand; sums kept in float32). tfjs-cpu has no float16 matmul here (the float16 ' +
        'column of the backends table says why).',
    );
  });

  it('with float32 asked but failed at every size: float16 alone, and not blamed on --dtypes', () => {
    const failed = rows.map((r) =>
      r.dtype === 'float32' ? { ...r, check: { bound: 1e-3, failure: 'C[0][0] off' } } : r,
    );
    expect(float16Sentence(failed, statuses, ['float32', 'float16'])).toContain(
      'with no float32 run of the same kernel to compare (no float32 result of the same size passed: the FAILED lines ' +
        "or the backends table's note say why)",
    );
  });

  it('says within 2%, not faster, when the interval excludes 1 but reaches inside the 2% threshold', () => {
    // 20 quiet rounds each (spread 0.19%): float32 1.5% slower gives an interval of about 1.013 to 1.017.
    const quiet = (base: number) => Array.from({ length: 20 }, (_, i) => base * (1 + 0.0001 * i));
    const close = compareTimes(summarize(quiet(1)), summarize(quiet(1.015)));
    expect(close.verdict).toBe('within 2%');
    expect(close.interval![0]).toBeGreaterThan(1);
    expect(close.interval![1]).toBeLessThan(1.02);
    expect(compareTimes(summarize(quiet(1.015)), summarize(quiet(1))).verdict).toBe('within 2%');
    expect(compareTimes(summarize(quiet(1)), summarize(quiet(1.03))).verdict).toBe('faster');
    expect(compareTimes(summarize(quiet(1.03)), summarize(quiet(1))).verdict).toBe('slower');
    const pair = [kernelRow('float32', 64, quiet(1.015e-3)), kernelRow('float16', 64, quiet(1e-3))];
    expect(float16Sentence(pair, statuses, ['float32', 'float16'])).toContain(
      'float16 against float32 (compute phase): n = 64: within 2% (1 ms against 1.02 ms; the 95% interval of ' +
        'float32/float16, 1.01 to 1.02, excludes 1 but reaches inside ±2%);',
    );
  });

  it('with float32 alone: nothing to say about float16', () => {
    expect(float16Sentence(rows, statuses, ['float32'])).toBeUndefined();
  });

  it('says why no float16 ran: the adapter lacks shader-f16, or webgpu-wgsl was left out', () => {
    const f32 = rows.filter((r) => r.dtype === 'float32');
    const lacking = [
      statuses[0],
      { backend: 'webgpu-wgsl', float16: 'unavailable: the adapter does not offer shader-f16' },
    ];
    expect(float16Sentence(f32, lacking, ['float32', 'float16'])).toBe(
      'No float16 matmul ran (webgpu-wgsl: unavailable: the adapter does not offer shader-f16). ' +
        'tfjs-cpu has no float16 matmul here (the float16 column of the backends table says why).',
    );
    expect(float16Sentence([], [statuses[0]], ['float16'])).toBe(
      'No float16 matmul ran (only webgpu-wgsl runs float16, and --backends left it out). ' +
        'tfjs-cpu has no float16 matmul here (the float16 column of the backends table says why).',
    );
  });

  it('leaves a result outside its bound out of every comparison', () => {
    const failed = [rows[0], kernelRow('float16', 64, [1e-3, 1.1e-3, 1.2e-3], 'C[0][0] is off ...')];
    expect(passedCheck(failed[1])).toBe(false);
    expect(float16Pairs(failed)).toEqual([]);
    expect(float16Sentence(failed, statuses, ['float32', 'float16'])).toMatch(
      /^No float16 matmul result passed its check \(webgpu-wgsl: see FAILED above\)\./,
    );
  });
});
