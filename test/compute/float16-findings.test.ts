// src/compute/float16-findings.ts on rows made up here: the paired Hodges-Lehmann verdict with its 95% interval worked
// out by hand (faster, slower, within 2%, can't tell with too few rounds), float16 alone and why, a failed check, and
// the sentence when no float16 matmul ran.
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

/** Eight rounds whose load drifts: 1, 1.03, ..., 1.21 ms (the float16 timings of the made-up pairs). */
const drift = Array.from({ length: 8 }, (_, i) => 1e-3 * (1 + 0.03 * i));
/** Rounds in which float32 took exp(d_i) times float16's drifting time: the per-round log ratios are exactly d. */
const paired = (d: readonly number[]) => ({
  float16: drift.slice(0, d.length),
  float32: d.map((di, i) => drift[i] * Math.exp(di)),
});
/** d = 0.6, 0.7, ..., 1.3 (test/core/signed-rank.test.ts works it by hand): estimate 0.95, interval 0.7 to 1.2. */
const twiceAndMore = paired([0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3]);
/** d = -0.035, -0.025, ..., 0.035: estimate 0, interval -0.025 to 0.025 (the same counts): includes 1. */
const even = paired([-0.035, -0.025, -0.015, -0.005, 0.005, 0.015, 0.025, 0.035]);
/** d = 0.011, 0.012, ..., 0.018: interval 0.012 to 0.017, so the ratio's 1.0121 to 1.0171 excludes 1 but not 1.02. */
const slightly = paired([0.011, 0.012, 0.013, 0.014, 0.015, 0.016, 0.017, 0.018]);
const swap = (p: { float16: number[]; float32: number[] }) => ({ float16: p.float32, float32: p.float16 });
const compare = (p: { float16: number[]; float32: number[] }) =>
  compareTimes(summarize(p.float16), summarize(p.float32));

describe('float16 findings', () => {
  // n = 64: float32 took e^0.6 to e^1.3 times as long, round by round: the ratio is e^0.95 = 2.59 with the interval
  // e^0.7 = 2.01 to e^1.2 = 3.32. n = 256: ratios spread evenly around 1 (e^-0.035 to e^0.035): can't tell.
  // n = 512: three rounds, which can never give p < 0.05 (the smallest two-sided p for 3 pairs is 1/4).
  const rows = [
    kernelRow('float32', 64, twiceAndMore.float32),
    kernelRow('float16', 64, twiceAndMore.float16),
    kernelRow(
      'float32',
      256,
      even.float32.map((t) => t * 10),
    ),
    kernelRow(
      'float16',
      256,
      even.float16.map((t) => t * 10),
    ),
    kernelRow('float32', 512, [80e-3, 81e-3, 82e-3]),
    kernelRow('float16', 512, [40e-3, 41e-3, 42e-3]),
    cpuRow,
  ];

  it('calls float16 faster or slower only when the 95% interval of the paired ratio lies beyond 2%', () => {
    const faster = compare(twiceAndMore);
    expect(faster.verdict).toBe('faster');
    // Summaries keep samples to 6 significant digits, so the log ratios are d to about 1e-6.
    expect(faster.speedup).toBeCloseTo(Math.exp(0.95), 4);
    expect(faster.interval![0]).toBeCloseTo(Math.exp(0.7), 4);
    expect(faster.interval![1]).toBeCloseTo(Math.exp(1.2), 4);
    expect(compare(swap(twiceAndMore)).verdict).toBe('slower');
    expect(compare(even).verdict).toBe("can't tell");
    // Unpaired, these two samples overlap almost entirely (the drift is 21%); paired, every round says float32 took
    // 1.1% to 1.8% longer.
    expect(compare(slightly).verdict).toBe('within 2%');
    const three = compareTimes(summarize([1, 1.1, 1.2]), summarize([2, 2.2, 2.4]));
    expect(three.verdict).toBe("can't tell");
    expect(three.interval).toBeNull();
    expect(three.speedup).toBeCloseTo(2, 12); // every round's ratio is 2
    // Sample counts that differ cannot be paired.
    expect(compareTimes(summarize([1, 1.1, 1.2]), summarize([2, 2.2])).interval).toBeNull();
    expect(float16Pairs(rows).map((p) => [p.n, p.comparison.verdict])).toEqual([
      [64, 'faster'],
      [256, "can't tell"],
      [512, "can't tell"],
    ]);
  });

  it('with both types: size by size, the error against its bound, and the backends without float16', () => {
    expect(float16Sentence(rows, statuses, ['float32', 'float16'])).toBe(
      'On the same WGSL kernel, webgpu-wgsl (software-gpu), float16 against float32 (compute phase): ' +
        // Medians: 1.105 ms ((1.09 + 1.12) / 2) against 2.86 ms ((1.09 e^0.9 + 1.12 e^1) / 2); 11.1 against 11.1 ms
        // (the same times 10, e^+-0.005); 41 against 81 ms.
        'n = 64: float16 2.59× faster (1.1 ms against 2.86 ms; 95% interval 2.01× to 3.32×); ' +
        "n = 256: can't tell (11.1 ms against 11.1 ms; the 95% interval of float32/float16, 0.975 to 1.03, " +
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
    const close = compare(slightly);
    expect(close.verdict).toBe('within 2%');
    expect(close.interval![0]).toBeCloseTo(Math.exp(0.012), 4);
    expect(close.interval![1]).toBeCloseTo(Math.exp(0.017), 4);
    expect(compare(swap(slightly)).verdict).toBe('within 2%');
    // The estimate printed with its bounds' three digits (1.23, not 1.2): 1.23 e^+-0.025 = 1.1996 and 1.2611.
    const d123 = paired([-0.035, -0.025, -0.015, -0.005, 0.005, 0.015, 0.025, 0.035].map((e) => Math.log(1.23) + e));
    const faster = [kernelRow('float32', 64, d123.float32), kernelRow('float16', 64, d123.float16)];
    expect(float16Sentence(faster, statuses, ['float32', 'float16'])).toContain(
      'n = 64: float16 1.23× faster (1.1 ms against 1.36 ms; 95% interval 1.2× to 1.26×)',
    );
    const pair = [kernelRow('float32', 64, slightly.float32), kernelRow('float16', 64, slightly.float16)];
    expect(float16Sentence(pair, statuses, ['float32', 'float16'])).toContain(
      'float16 against float32 (compute phase): n = 64: within 2% (1.1 ms against 1.12 ms; the 95% interval of ' +
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
