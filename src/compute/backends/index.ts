// The list of compute backends the lab knows, in report order. To add one, write a module that returns a Backend
// (./types.ts) and add it here. Tests: test/compute/backends.test.ts.
import { onnxCpu } from './onnx-cpu.js';
import { tfjsCpu } from './tfjs-cpu.js';
import { tfjsNodeGpu } from './tfjs-node-gpu.js';
import { tfjsWasm } from './tfjs-wasm.js';
import type { Backend } from './types.js';
import { webgpu } from './webgpu.js';

import type { BackendName } from './names.js';

export { BACKEND_NAMES, type BackendName } from './names.js';

const factories: Record<BackendName, () => Backend> = {
  'tfjs-cpu': tfjsCpu,
  'tfjs-wasm': tfjsWasm,
  'onnx-cpu': onnxCpu,
  'tfjs-node-gpu': tfjsNodeGpu,
  webgpu,
};

export function createBackend(name: BackendName): Backend {
  return factories[name]();
}

export type { Backend, DeviceKind, MlpWeights, Probe, Staged } from './types.js';
