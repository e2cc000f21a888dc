// An example of a backend you write yourself: plain JavaScript loops over Float32Arrays, no library. Run it beside
// the others with `npm run lab -- 01 --backend-file src/compute/examples/js-loops.ts`. It shows what the interface
// asks for; the i-k-j loop order already beats the textbook i-j-k (rows of B are read in order, see the handout).
// Tests: test/compute/lab.test.ts.
import os from 'node:os';
import type { Backend, MlpWeights, Staged } from '../backends/types.js';

/** C += A x B for row-major n x n, loop order i, k, j: the inner loop walks B and C row by row. */
export function matmulIkj(a: Float32Array, b: Float32Array, c: Float32Array, n: number): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[row + k];
      const bRow = k * n;
      for (let j = 0; j < n; j++) c[row + j] += aik * b[bRow + j];
    }
  }
}

/** Y[batch, out] = X[batch, in] x W[in, out] + bias, then ReLU or (last layer) softmax per row. */
function dense(
  x: Float32Array,
  batch: number,
  w: Float32Array,
  bias: Float32Array,
  fanIn: number,
  fanOut: number,
  last: boolean,
): Float32Array {
  const y = new Float32Array(batch * fanOut);
  for (let r = 0; r < batch; r++) {
    const out = y.subarray(r * fanOut, (r + 1) * fanOut);
    out.set(bias);
    for (let k = 0; k < fanIn; k++) {
      const xk = x[r * fanIn + k];
      for (let j = 0; j < fanOut; j++) out[j] += xk * w[k * fanOut + j];
    }
    if (!last) for (let j = 0; j < fanOut; j++) out[j] = Math.max(0, out[j]);
    else {
      const max = Math.max(...out);
      let sum = 0;
      for (let j = 0; j < fanOut; j++) sum += out[j] = Math.exp(out[j] - max);
      for (let j = 0; j < fanOut; j++) out[j] /= sum;
    }
  }
  return y;
}

/** JavaScript memory is this backend's memory: upload and download copy arrays, so their cost is still visible. */
function staged(inputs: Float32Array[], run: (inputs: Float32Array[]) => Float32Array): Staged {
  let held: Float32Array[] = [];
  let result: Float32Array | undefined;
  return {
    async upload() {
      held = inputs.map((x) => x.slice());
    },
    async compute() {
      result = run(held);
    },
    async download() {
      if (!result) throw new Error('download() before compute()');
      return result.slice();
    },
    release() {
      held = [];
      result = undefined;
    },
  };
}

export function jsLoops(): Backend {
  return {
    name: 'js-loops',
    phases: 'upload and download copy the arrays; compute is the loop nest',
    async probe() {
      return {
        available: true,
        kind: 'cpu',
        device: `${os.cpus()[0]?.model.trim() ?? 'CPU'}, 1 JavaScript thread`,
        version: `Node ${process.version}`,
        reason: 'hand-written i-k-j loops',
      };
    },
    async matmul(a, b, n) {
      return staged([a, b], ([x, y]) => {
        const c = new Float32Array(n * n);
        matmulIkj(x, y, c, n);
        return c;
      });
    },
    async add(a, b) {
      return staged([a, b], ([x, y]) => {
        const c = new Float32Array(x.length);
        for (let i = 0; i < c.length; i++) c[i] = x[i] + y[i];
        return c;
      });
    },
    async mlp(model: MlpWeights, input: Float32Array, batch: number) {
      return staged([input], ([x]) =>
        model.weights.reduce(
          (h, w, i) =>
            dense(h, batch, w, model.biases[i], model.sizes[i], model.sizes[i + 1], i === model.weights.length - 1),
          x,
        ),
      );
    },
    async dispose() {},
  };
}

export default jsLoops;
