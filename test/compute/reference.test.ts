import { describe, expect, it } from 'vitest';
import {
  addMaxError,
  createMlp,
  matmulCheck,
  matmulEntry,
  matmulMaxError,
  mlpMaxError,
  mlpReferenceRow,
  randomArray,
} from '../../src/compute/reference.js';
import type { MlpWeights } from '../../src/compute/backends/types.js';

const counter = () => {
  let i = 0;
  return () => (i++ * 0.381966) % 1;
};

describe('float64 references', () => {
  it('matmulEntry: [[1,2],[3,4]] x [[5,6],[7,8]] by hand', () => {
    const a = Float32Array.of(1, 2, 3, 4);
    const b = Float32Array.of(5, 6, 7, 8);
    expect([0, 1, 2, 3].map((k) => matmulEntry(a, b, 2, Math.floor(k / 2), k % 2))).toEqual([19, 22, 43, 50]);
  });
  it('matmulMaxError is 0 for the exact product and finds one wrong corner', () => {
    const a = Float32Array.of(1, 2, 3, 4);
    const b = Float32Array.of(5, 6, 7, 8);
    expect(matmulMaxError(a, b, Float32Array.of(19, 22, 43, 50), 2, 8, counter())).toBe(0);
    expect(matmulMaxError(a, b, Float32Array.of(19, 22, 43, 50.5), 2, 8, counter())).toBe(0.5);
    expect(matmulMaxError(a, b, Float32Array.of(19, 22, NaN, 50), 2, 8, counter())).toBe(Infinity);
    expect(matmulMaxError(a, b, Float32Array.of(19, 22, 43), 2, 8, counter())).toBe(Infinity);
  });
  it('matmulCheck holds each entry to its own bound, from its exact value and sum of |a b|', () => {
    // [[1,-2],[3,4]] x [[5,6],[7,8]]: C = [[-9,-10],[43,50]]; sum |a b| per entry: 19, 22, 43, 50.
    const a = Float32Array.of(1, -2, 3, 4);
    const b = Float32Array.of(5, 6, 7, 8);
    const seen: Array<[number, number]> = [];
    const bound = (exact: number, absSum: number) => {
      seen.push([exact, absSum]);
      return absSum / 100;
    };
    const exact = Float32Array.of(-9, -10, 43, 50);
    expect(matmulCheck(a, b, exact, 2, 0, counter(), bound)).toEqual({
      maxAbsError: 0,
      boundAtMax: 0.19,
      violation: null,
    });
    expect(seen).toEqual([
      [-9, 19],
      [-10, 22],
      [43, 43],
      [50, 50],
    ]);
    // 0.125 off at C[0][1] is within 0.22, 0.5 off at C[1][0] is over 0.43: the first violation and the largest error.
    const off = Float32Array.of(-9, -9.875, 43.5, 50);
    expect(matmulCheck(a, b, off, 2, 0, counter(), bound)).toEqual({
      maxAbsError: 0.5,
      boundAtMax: 0.43,
      violation: { i: 1, j: 0, error: 0.5, bound: 0.43 },
    });
    expect(matmulCheck(a, b, Float32Array.of(NaN, -10, 43, 50), 2, 0, counter(), bound).violation?.error).toBe(
      Infinity,
    );
    expect(matmulCheck(a, b, Float32Array.of(1), 2, 0, counter(), bound).violation).not.toBeNull();
  });
  it('addMaxError checks every element', () => {
    const a = Float32Array.of(1, 2, 3);
    const b = Float32Array.of(10, 20, 30);
    expect(addMaxError(a, b, Float32Array.of(11, 22, 33))).toBe(0);
    expect(addMaxError(a, b, Float32Array.of(11, 22, 34))).toBe(1);
  });
  it('randomArray maps [0, 1) onto [-1, 1)', () => {
    const values = randomArray(
      4,
      (() => {
        const seq = [0, 0.25, 0.5, 0.75];
        let i = 0;
        return () => seq[i++];
      })(),
    );
    expect([...values]).toEqual([-1, -0.5, 0, 0.5]);
  });
});

describe('MLP reference', () => {
  // 2 inputs -> 2 hidden (ReLU) -> 2 outputs (softmax), worked by hand.
  const model: MlpWeights = {
    sizes: [2, 2, 2],
    weights: [Float32Array.of(1, -1, 2, 1), Float32Array.of(1, 0, 0, 1)],
    biases: [Float32Array.of(0, 0), Float32Array.of(0, 0)],
  };
  it('x = [1, 1]: hidden = relu([3, 0]) = [3, 0], softmax([3, 0])', () => {
    const y = mlpReferenceRow(model, Float32Array.of(1, 1), 0);
    const e3 = Math.exp(3);
    expect(y[0]).toBeCloseTo(e3 / (e3 + 1), 15);
    expect(y[1]).toBeCloseTo(1 / (e3 + 1), 15);
  });
  it('reads the right row of a batch and the ReLU cuts negatives', () => {
    // row 1 = [1, -1]: hidden = relu([1 - 2, -1 - 1]) = [0, 0], softmax([0, 0]) = [0.5, 0.5]
    expect([...mlpReferenceRow(model, Float32Array.of(1, 1, 1, -1), 1)]).toEqual([0.5, 0.5]);
  });
  it('mlpMaxError is 0 against its own answer and catches a wrong output', () => {
    const x = Float32Array.of(1, 1, 1, -1);
    const exact = Float32Array.from([...mlpReferenceRow(model, x, 0), ...mlpReferenceRow(model, x, 1)]);
    expect(mlpMaxError(model, x, 2, exact)).toBeLessThan(1e-7);
    exact[3] = 0.25;
    expect(mlpMaxError(model, x, 2, exact)).toBe(0.25);
  });
  it('createMlp gives the 784-512-512-10 shapes', () => {
    const m = createMlp([784, 512, 512, 10], counter());
    expect(m.weights.map((w) => w.length)).toEqual([784 * 512, 512 * 512, 512 * 10]);
    expect(m.biases.map((b) => b.length)).toEqual([512, 512, 10]);
  });
});
