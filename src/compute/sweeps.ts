// The measurements, one backend at a time: matmul over sizes (and, on a matmul kernel, number types, timed in turn
// within every round), elementwise add, and MLP inference over batch sizes, each timed phase by phase and checked
// against a float64 reference. Plain rows out; the lab turns them into tables. Tests: test/compute/lab.test.ts
// (through the lab), test/compute/backends.test.ts (the ops it times), test/compute/webgpu-wgsl.test.ts (the kernel's
// rows), test/compute/timing.test.ts (timing in turn).
import { mapSummary, type Summary } from '../core/stats.js';
import type { Backend, DeviceKind, MatmulKernel, MlpWeights, Staged } from './backends/types.js';
import { matmulErrorBound, type MatmulDtype } from './backends/wgsl-matmul.js';
import { ADD_BYTES_PER_ELEMENT } from './ceilings.js';
import { addMaxError, matmulCheck, matmulMaxError, mlpMaxError, randomArray } from './reference.js';
import type { TimingOptions } from '../core/timing.js';
import { timeStaged, timeStagedInTurn, type PhaseTimes } from './timing.js';

/** Random entries of C checked against the float64 reference per matmul (the corners come on top). */
export const MATMUL_RANDOM_CHECKS = 64;

/** A backend that probed available, with what it found. */
export interface Ready {
  backend: Backend;
  kind: DeviceKind;
}

export interface Measured {
  backend: string;
  kind: DeviceKind;
  upload: Summary;
  compute: Summary;
  download: Summary;
  roundTrip: Summary;
  maxAbsError: number;
}

export interface MatmulResult extends Measured {
  n: number;
  /** The number type the multiply ran in (float32 everywhere but on a matmul kernel). */
  dtype: MatmulDtype;
  gflops: Summary;
  /**
   * For a kernel checked against its error bound (wgsl-matmul.ts): the bound at the entry with the largest error, and
   * why the result is wrong (null when every sampled entry is within its bound). Absent for the other backends.
   */
  check?: { bound: number; failure: string | null };
}
export interface AddResult extends Measured {
  length: number;
  gbPerSecond: Summary;
  gflops: Summary;
}
export interface BatchResult extends Measured {
  batch: number;
  samplesPerSecond: Summary;
  computeSamplesPerSecond: Summary;
}

/** Returns the input named `label` of `length` values, made once and shared by every backend (same work for all). */
export type Inputs = (label: string, length: number) => Float32Array;

/** Inputs drawn from `randomFor(key)`, a random source per input, so one seed gives the same inputs in any order. */
export function inputCache(randomFor: (key: string) => () => number): Inputs {
  const cache = new Map<string, Float32Array>();
  return (label, length) => {
    const key = `${label}:${length}`;
    let values = cache.get(key);
    if (!values) cache.set(key, (values = randomArray(length, randomFor(key))));
    return values;
  };
}

function phases(ready: Ready, t: PhaseTimes, maxAbsError: number): Measured {
  return {
    backend: ready.backend.name,
    kind: ready.kind,
    upload: t.upload,
    compute: t.compute,
    download: t.download,
    roundTrip: t.roundTrip,
    maxAbsError,
  };
}

export async function measureMatmul(
  ready: Ready,
  n: number,
  inputs: Inputs,
  timing: TimingOptions,
  checkRandom: () => number,
  checkSamples = MATMUL_RANDOM_CHECKS,
): Promise<MatmulResult> {
  const a = inputs('A', n * n);
  const b = inputs('B', n * n);
  const staged = await ready.backend.matmul(a, b, n);
  try {
    const t = await timeStaged(staged, timing);
    const flops = 2 * n ** 3;
    return {
      ...phases(ready, t, matmulMaxError(a, b, t.output, n, checkSamples, checkRandom)),
      n,
      dtype: 'float32',
      gflops: mapSummary(t.compute, (s) => flops / s / 1e9),
    };
  } finally {
    staged.release();
  }
}

/** A kernel's matmul result in one number type from its timings: every sampled entry checked against its bound. */
function kernelResult(
  name: string,
  kind: DeviceKind,
  n: number,
  dtype: MatmulDtype,
  [a, b]: [Float32Array, Float32Array],
  t: PhaseTimes,
  checkRandom: () => number,
  checkSamples: number,
): MatmulResult {
  const bound = (exact: number, absSum: number) => matmulErrorBound(dtype, n, exact, absSum);
  const checked = matmulCheck(a, b, t.output, n, checkSamples, checkRandom, bound);
  const v = checked.violation;
  const flops = 2 * n ** 3;
  return {
    backend: name,
    kind,
    upload: t.upload,
    compute: t.compute,
    download: t.download,
    roundTrip: t.roundTrip,
    maxAbsError: checked.maxAbsError,
    n,
    dtype,
    gflops: mapSummary(t.compute, (s) => flops / s / 1e9),
    check: {
      bound: checked.boundAtMax,
      failure: v
        ? `C[${v.i}][${v.j}] is off the float64 product by ${v.error.toPrecision(3)}, over its bound ${v.bound.toPrecision(3)}`
        : null,
    },
  };
}

/** What one size of a kernel gave: a result per number type that ran, and the types that failed with the reason. */
export interface KernelSizeOutcome {
  results: MatmulResult[];
  failed: { dtype: MatmulDtype; reason: string }[];
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

/**
 * One matmul size on a kernel in each of `dtypes`, on the same inputs as every backend: each type staged apart (one
 * the device cannot stage is a failure of that type alone), then all timed in turn within every round
 * (timeStagedInTurn), so a change in the machine's load falls on every type alike and not between the timings
 * compared; each result checked against its worst-case error bound for its type (a result outside it is wrong).
 * `checkRandom` makes the random source of the checked entries, afresh per type: the same entries for every type.
 */
export async function measureKernelSize(
  kernel: MatmulKernel,
  kind: DeviceKind,
  n: number,
  dtypes: readonly MatmulDtype[],
  inputs: Inputs,
  timing: TimingOptions,
  checkRandom: () => () => number,
  checkSamples = MATMUL_RANDOM_CHECKS,
): Promise<KernelSizeOutcome> {
  const a = inputs('A', n * n);
  const b = inputs('B', n * n);
  const staged: { dtype: MatmulDtype; op: Staged }[] = [];
  const failed: KernelSizeOutcome['failed'] = [];
  try {
    for (const dtype of dtypes) {
      try {
        staged.push({ dtype, op: await kernel.matmul(a, b, n, dtype) });
      } catch (error) {
        failed.push({ dtype, reason: firstLine(error) });
      }
    }
    if (staged.length === 0) return { results: [], failed };
    let times: PhaseTimes[];
    try {
      times = await timeStagedInTurn(
        staged.map((s) => s.op),
        timing,
      );
    } catch (error) {
      // A device error while timing (out of memory, a lost device) costs every type of this size alike.
      return { results: [], failed: [...failed, ...staged.map((s) => ({ dtype: s.dtype, reason: firstLine(error) }))] };
    }
    const results = staged.map((s, i) =>
      kernelResult(kernel.name, kind, n, s.dtype, [a, b], times[i], checkRandom(), checkSamples),
    );
    return { results, failed };
  } finally {
    for (const s of staged) s.op.release();
  }
}

export async function measureAdd(
  ready: Ready,
  length: number,
  inputs: Inputs,
  timing: TimingOptions,
): Promise<AddResult> {
  const a = inputs('addA', length);
  const b = inputs('addB', length);
  const staged = await ready.backend.add(a, b);
  try {
    const t = await timeStaged(staged, timing);
    return {
      ...phases(ready, t, addMaxError(a, b, t.output)),
      length,
      gbPerSecond: mapSummary(t.compute, (s) => (length * ADD_BYTES_PER_ELEMENT) / s / 1e9),
      gflops: mapSummary(t.compute, (s) => length / s / 1e9),
    };
  } finally {
    staged.release();
  }
}

export async function measureBatch(
  ready: Ready,
  model: MlpWeights,
  batch: number,
  inputs: Inputs,
  timing: TimingOptions,
): Promise<BatchResult> {
  const x = inputs('mlpX', batch * model.sizes[0]);
  const staged = await ready.backend.mlp(model, x, batch);
  try {
    const t = await timeStaged(staged, timing);
    return {
      ...phases(ready, t, mlpMaxError(model, x, batch, t.output)),
      batch,
      samplesPerSecond: mapSummary(t.roundTrip, (s) => batch / s),
      computeSamplesPerSecond: mapSummary(t.compute, (s) => batch / s),
    };
  } finally {
    staged.release();
  }
}
