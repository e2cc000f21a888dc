// Inputs and float64 reference answers: random float32 matrices, a sampled float64 check of C = A x B (its largest
// error, and for the WGSL kernel whether every sampled entry is within its error bound), an exact float64 check of
// A + B, and the MLP's float64 forward pass. Tests: test/compute/reference.test.ts.
import type { MlpWeights } from './backends/types.js';

/** Uniform values in [-1, 1) from a random source returning [0, 1). */
export function randomArray(length: number, random: () => number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = random() * 2 - 1;
  return out;
}

/** Row i of A times column j of B, summed in float64. */
export function matmulEntry(a: Float32Array, b: Float32Array, n: number, i: number, j: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
  return sum;
}

/** The four corners of C are always checked, besides the random entries. */
export const MATMUL_CORNERS = 4;

/** The entries of C the check samples: the four corners, then `samples` random ones. */
function checkedEntries(n: number, samples: number, random: () => number): Array<[number, number]> {
  const points: Array<[number, number]> = [
    [0, 0],
    [0, n - 1],
    [n - 1, 0],
    [n - 1, n - 1],
  ];
  for (let s = 0; s < samples; s++) points.push([Math.floor(random() * n), Math.floor(random() * n)]);
  return points;
}

/**
 * Largest |C[i][j] - exact| over the four corners and `samples` random entries (a full float64 product would cost as
 * much as the work being measured). NaN in C counts as an infinite error.
 */
export function matmulMaxError(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  n: number,
  samples: number,
  random: () => number,
): number {
  return matmulCheck(a, b, c, n, samples, random, () => Infinity).maxAbsError;
}

/** The outcome of checking sampled entries of C against the float64 product and each entry's error bound. */
export interface MatmulCheck {
  maxAbsError: number;
  /** The bound at the entry with the largest error (the first such entry). */
  boundAtMax: number;
  /** The first sampled entry whose error exceeds its bound (NaN and a wrong length always do), or null. */
  violation: { i: number; j: number; error: number; bound: number } | null;
}

/**
 * Samples entries as matmulMaxError does and checks each against `bound(exact, sumOfAbsProducts)`, the largest error
 * a correct result may have there (e.g. wgsl-matmul.ts's matmulErrorBound).
 */
export function matmulCheck(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  n: number,
  samples: number,
  random: () => number,
  bound: (exact: number, absSum: number) => number,
): MatmulCheck {
  if (c.length !== n * n)
    return { maxAbsError: Infinity, boundAtMax: 0, violation: { i: 0, j: 0, error: Infinity, bound: 0 } };
  let worst = -1;
  let boundAtMax = 0;
  let violation: MatmulCheck['violation'] = null;
  for (const [i, j] of checkedEntries(n, samples, random)) {
    let exact = 0;
    let absSum = 0;
    for (let k = 0; k < n; k++) {
      const product = a[i * n + k] * b[k * n + j];
      exact += product;
      absSum += Math.abs(product);
    }
    const raw = Math.abs(c[i * n + j] - exact);
    const error = Number.isNaN(raw) ? Infinity : raw;
    const allowed = bound(exact, absSum);
    if (error > worst) [worst, boundAtMax] = [error, allowed];
    if (!violation && !(error <= allowed)) violation = { i, j, error, bound: allowed };
  }
  return { maxAbsError: worst, boundAtMax, violation };
}

/** Largest |C[i] - (A[i] + B[i])| with the sum in float64, over every element. */
export function addMaxError(a: Float32Array, b: Float32Array, c: Float32Array): number {
  if (c.length !== a.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(c[i] - (a[i] + b[i]));
    worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
  }
  return worst;
}

/** Random weights for a dense network, He-uniform scaled so activations stay near 1 through the ReLU layers. */
export function createMlp(sizes: readonly number[], random: () => number): MlpWeights {
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [fanIn, fanOut] = [sizes[i], sizes[i + 1]];
    const w = randomArray(fanIn * fanOut, random);
    const scale = Math.sqrt(6 / fanIn);
    for (let k = 0; k < w.length; k++) w[k] *= scale;
    const b = randomArray(fanOut, random);
    for (let k = 0; k < b.length; k++) b[k] *= 0.1;
    weights.push(w);
    biases.push(b);
  }
  return { sizes: [...sizes], weights, biases };
}

/** Float64 forward pass of one input row: ReLU after hidden layers, softmax at the end. */
export function mlpReferenceRow(model: MlpWeights, input: Float32Array, row: number): Float64Array {
  let x = Float64Array.from(input.subarray(row * model.sizes[0], (row + 1) * model.sizes[0]));
  const layers = model.weights.length;
  for (let l = 0; l < layers; l++) {
    const [fanIn, fanOut] = [model.sizes[l], model.sizes[l + 1]];
    const w = model.weights[l];
    const y = new Float64Array(fanOut);
    for (let j = 0; j < fanOut; j++) {
      let sum = model.biases[l][j];
      for (let k = 0; k < fanIn; k++) sum += x[k] * w[k * fanOut + j];
      y[j] = l < layers - 1 ? Math.max(0, sum) : sum;
    }
    x = y;
  }
  const max = Math.max(...x);
  let total = 0;
  for (let j = 0; j < x.length; j++) total += x[j] = Math.exp(x[j] - max);
  for (let j = 0; j < x.length; j++) x[j] /= total;
  return x;
}

/** Largest |Y - exact| over up to `rows` rows of the output, spread evenly through the batch. */
export function mlpMaxError(
  model: MlpWeights,
  input: Float32Array,
  batch: number,
  output: Float32Array,
  rows = 4,
): number {
  const width = model.sizes[model.sizes.length - 1];
  if (output.length !== batch * width) return Infinity;
  let worst = 0;
  const step = Math.max(1, Math.floor(batch / rows));
  for (let r = 0; r < batch; r += step) {
    const exact = mlpReferenceRow(model, input, r);
    for (let j = 0; j < width; j++) {
      const err = Math.abs(output[r * width + j] - exact[j]);
      worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
    }
  }
  return worst;
}
