// src/compute/float16-findings.ts on rows made up here: the Hodges-Lehmann verdict with its 95% interval worked out by
// hand (faster, slower, within 2%, can't tell with too few rounds), float16 alone and why, a failed check, and the
// sentence when no float16 matmul ran.
import { describe, expect, it } from 'vitest';
import { mapSummary, summarize } from '../../src/core/stats.js';
import { passedCheck } from '../../src/compute/findings.js';
import { compareTimes, float16Pairs, float16Sentence } from '../../src/compute/float16-findings.js';
import type { MatmulResult } from '../../src/compute/sweeps.js';

/** A tfjs-cpu float32 row at n = 64 (no check, no float16): never paired with the kernel's rows. */
const cpuRow: MatmulResult = {
  backend: 'tfjs-cpu',
  kind: 'cpu',
  n: 64,
  dtype: 'float32',
  maxAbsError: 0,
  gflops: summarize([1]),
  upload: summarize([0.1]),
  compute: summarize([0.8]),
  download: summarize([0.1]),
  roundTrip: summarize([1]),
};

/** A webgpu-wgsl row in `dtype` at size n whose compute phase took the given samples (seconds). */
function kernelRow(dtype: 'float32' | 'float16', n: number, seconds: number[], failure: string | null = null) {
  const compute = summarize(seconds);
  return {
    backend: 'webgpu-wgsl',
    kind: 'software-gpu',
    n,
    dtype,
    upload: summarize([compute.median * 0.1]),
    compute,
    download: summarize([compute.median * 0.1]),
    roundTrip: summarize([compute.median * 1.2]),
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
    cpuRow,
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
        'n = 64: float16 2× faster (1.07 ms against 2.14 ms; 95% interval 1.89× to 2.11×); ' +
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
    // The estimate printed with its bounds' three digits (1.23, not 1.2): the bounds are 1.23 x 1.06 / 1.12 and
    // 1.23 x 1.12 / 1.06, as worked out for n = 64 above.
    const faster = [kernelRow('float32', 64, rounds(1.23e-3)), kernelRow('float16', 64, rounds(1e-3))];
    expect(float16Sentence(faster, statuses, ['float32', 'float16'])).toContain(
      'n = 64: float16 1.23× faster (1.07 ms against 1.32 ms; 95% interval 1.16× to 1.3×)',
    );
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
