// Small ONNX models built in code (no model files): C = A x B, C = A + B, and the MLP with its weights as
// initializers. Encoded with protobufjs from the subset of onnx.proto (field numbers as in onnx/onnx.proto) these
// graphs need. Tests: test/compute/onnx-graphs.test.ts.
import protobuf from 'protobufjs';
import type { MlpWeights } from './backends/types.js';

const ONNX_FLOAT = 1;
const ONNX_FLOAT16 = 10;
const ATTRIBUTE_INT = 2;
const IR_VERSION = 8;
const OPSET = 13;

const rep = (type: string, id: number) => ({ rule: 'repeated', type, id });
const one = (type: string, id: number) => ({ type, id });

/** The messages and field numbers of onnx.proto that these graphs use; every other field is left out. */
const onnxSubset = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: one('int64', 1),
            producerName: one('string', 2),
            graph: one('GraphProto', 7),
            opsetImport: rep('OperatorSetIdProto', 8),
          },
        },
        OperatorSetIdProto: { fields: { domain: one('string', 1), version: one('int64', 2) } },
        GraphProto: {
          fields: {
            node: rep('NodeProto', 1),
            name: one('string', 2),
            initializer: rep('TensorProto', 5),
            input: rep('ValueInfoProto', 11),
            output: rep('ValueInfoProto', 12),
          },
        },
        NodeProto: {
          fields: {
            input: rep('string', 1),
            output: rep('string', 2),
            name: one('string', 3),
            opType: one('string', 4),
            attribute: rep('AttributeProto', 5),
          },
        },
        AttributeProto: { fields: { name: one('string', 1), i: one('int64', 3), type: one('int32', 20) } },
        TensorProto: {
          fields: {
            dims: rep('int64', 1),
            dataType: one('int32', 2),
            name: one('string', 8),
            rawData: one('bytes', 9),
          },
        },
        ValueInfoProto: { fields: { name: one('string', 1), type: one('TypeProto', 2) } },
        TypeProto: { fields: { tensorType: one('TensorTypeProto', 1) } },
        TensorTypeProto: { fields: { elemType: one('int32', 1), shape: one('TensorShapeProto', 2) } },
        TensorShapeProto: { fields: { dim: rep('Dimension', 1) } },
        Dimension: {
          oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
          fields: { dimValue: one('int64', 1), dimParam: one('string', 2) },
        },
      },
    },
  },
};

let modelType: protobuf.Type | undefined;
/** The ModelProto message type (built once). */
export function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(onnxSubset).lookupType('onnx.ModelProto');
  return modelType;
}

/** A dimension: a number is fixed, a string is a symbolic size bound at run time. */
type Dim = number | string;

interface NodeSpec {
  op: string;
  inputs: string[];
  output: string;
  intAttributes?: Record<string, number>;
}
interface GraphSpec {
  name: string;
  inputs: Array<[string, Dim[]]>;
  outputs: Array<[string, Dim[]]>;
  initializers?: Array<[string, number[], Float32Array]>;
  nodes: NodeSpec[];
}

function valueInfo([name, dims]: [string, Dim[]]) {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: ONNX_FLOAT, shape: { dim } } } };
}

/** Float32 values as little-endian bytes, as TensorProto.raw_data requires. */
function rawFloat32(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

/** Serialises a graph into ONNX model bytes, ready for InferenceSession.create(bytes). */
export function encodeGraph(spec: GraphSpec): Uint8Array {
  const type = onnxModelType();
  const model = {
    irVersion: IR_VERSION,
    producerName: 'syslab',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: spec.name,
      node: spec.nodes.map((n, i) => ({
        name: `${n.op.toLowerCase()}${i}`,
        opType: n.op,
        input: n.inputs,
        output: [n.output],
        attribute: Object.entries(n.intAttributes ?? {}).map(([name, i]) => ({ name, i, type: ATTRIBUTE_INT })),
      })),
      initializer: (spec.initializers ?? []).map(([name, dims, values]) => ({
        name,
        dims,
        dataType: ONNX_FLOAT,
        rawData: rawFloat32(values),
      })),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
  };
  const problem = type.verify(model);
  if (problem) throw new Error(`ONNX graph "${spec.name}" is malformed: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/** C[n,m] = A[n,k] x B[k,m], any sizes. */
export function matmulModel(): Uint8Array {
  return encodeGraph({
    name: 'matmul',
    inputs: [
      ['A', ['n', 'k']],
      ['B', ['k', 'm']],
    ],
    outputs: [['C', ['n', 'm']]],
    nodes: [{ op: 'MatMul', inputs: ['A', 'B'], output: 'C' }],
  });
}

/** C = A + B for vectors of any (equal) length. */
export function addModel(): Uint8Array {
  return encodeGraph({
    name: 'add',
    inputs: [
      ['A', ['len']],
      ['B', ['len']],
    ],
    outputs: [['C', ['len']]],
    nodes: [{ op: 'Add', inputs: ['A', 'B'], output: 'C' }],
  });
}

/** The MLP: X[batch, sizes[0]] -> (MatMul, Add, Relu) per hidden layer -> MatMul, Add, Softmax -> Y[batch, last]. */
export function mlpModel(model: MlpWeights): Uint8Array {
  const layers = model.weights.length;
  const nodes: NodeSpec[] = [];
  const initializers: Array<[string, number[], Float32Array]> = [];
  let x = 'X';
  for (let i = 0; i < layers; i++) {
    const [fanIn, fanOut] = [model.sizes[i], model.sizes[i + 1]];
    initializers.push([`W${i}`, [fanIn, fanOut], model.weights[i]], [`b${i}`, [fanOut], model.biases[i]]);
    nodes.push({ op: 'MatMul', inputs: [x, `W${i}`], output: `h${i}` });
    nodes.push({ op: 'Add', inputs: [`h${i}`, `b${i}`], output: `z${i}` });
    const last = i === layers - 1;
    nodes.push({ op: last ? 'Softmax' : 'Relu', inputs: [`z${i}`], output: last ? 'Y' : `a${i}` });
    x = `a${i}`;
  }
  return encodeGraph({
    name: 'mlp',
    inputs: [['X', ['batch', model.sizes[0]]]],
    outputs: [['Y', ['batch', model.sizes[layers]]]],
    initializers,
    nodes,
  });
}

/** Y = float32(float16(X)): what storing float32 values as float16 keeps of them. */
export function float16RoundTripModel(): Uint8Array {
  return encodeGraph({
    name: 'float16-round-trip',
    inputs: [['X', ['len']]],
    outputs: [['Y', ['len']]],
    nodes: [
      { op: 'Cast', inputs: ['X'], output: 'H', intAttributes: { to: ONNX_FLOAT16 } },
      { op: 'Cast', inputs: ['H'], output: 'Y', intAttributes: { to: ONNX_FLOAT } },
    ],
  });
}
