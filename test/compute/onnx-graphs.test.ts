import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { addModel, matmulModel, mlpModel, onnxModelType } from '../../src/compute/onnx-graphs.js';
import { createMlp, mlpMaxError, randomArray } from '../../src/compute/reference.js';

const decode = (bytes: Uint8Array) =>
  onnxModelType().toObject(onnxModelType().decode(bytes), { longs: Number }) as {
    irVersion: number;
    opsetImport: Array<{ version: number }>;
    graph: {
      node: Array<{ opType: string; input: string[]; output: string[] }>;
      input: Array<{
        name: string;
        type: { tensorType: { shape: { dim: Array<{ dimParam?: string; dimValue?: number }> } } };
      }>;
      initializer?: Array<{ name: string; dims: number[] }>;
    };
  };

describe('ONNX graphs built in code', () => {
  it('matmul model decodes to one MatMul node with symbolic n x k and k x m inputs', () => {
    const m = decode(matmulModel());
    expect(m.irVersion).toBe(8);
    expect(m.opsetImport[0].version).toBe(13);
    expect(m.graph.node.map((n) => n.opType)).toEqual(['MatMul']);
    expect(m.graph.input[0].type.tensorType.shape.dim.map((d) => d.dimParam)).toEqual(['n', 'k']);
  });

  it('mlp model holds the weights as initializers and ends in Softmax', () => {
    const m = decode(mlpModel(createMlp([4, 3, 2], () => 0.5)));
    expect(m.graph.node.map((n) => n.opType)).toEqual(['MatMul', 'Add', 'Relu', 'MatMul', 'Add', 'Softmax']);
    expect(m.graph.initializer!.map((t) => [t.name, t.dims])).toEqual([
      ['W0', [4, 3]],
      ['b0', [3]],
      ['W1', [3, 2]],
      ['b1', [2]],
    ]);
  });

  it('ONNX Runtime runs them: [[1,2],[3,4]]^2, a vector add, and the MLP against float64', async () => {
    const matmul = await ort.InferenceSession.create(matmulModel());
    const x = new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4), [2, 2]);
    expect([...((await matmul.run({ A: x, B: x })).C.data as Float32Array)]).toEqual([7, 10, 15, 22]);

    const add = await ort.InferenceSession.create(addModel());
    const v = new ort.Tensor('float32', Float32Array.of(1, 2, 3), [3]);
    expect([...((await add.run({ A: v, B: v })).C.data as Float32Array)]).toEqual([2, 4, 6]);

    let i = 0;
    const random = () => (i++ * 0.754877) % 1;
    const model = createMlp([784, 512, 512, 10], random);
    const input = randomArray(3 * 784, random);
    const mlp = await ort.InferenceSession.create(mlpModel(model));
    const y = (await mlp.run({ X: new ort.Tensor('float32', input, [3, 784]) })).Y.data as Float32Array;
    expect(y.length).toBe(30);
    expect(mlpMaxError(model, input, 3, y, 3)).toBeLessThan(1e-5);
    await Promise.all([matmul.release(), add.release(), mlp.release()]);
  });
});
