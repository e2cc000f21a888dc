// The list of compute backends the lab knows, in report order: the tensor backends, then the matmul kernels. To add
// one, write a module that returns a Backend (./types.ts) and add it here. Tests: test/compute/backends.test.ts,
// test/compute/webgpu-wgsl.test.ts.
import { onnxCpu } from './onnx-cpu.js';
import { tfjsCpu } from './tfjs-cpu.js';
import { tfjsNodeGpu } from './tfjs-node-gpu.js';
import { tfjsWasm } from './tfjs-wasm.js';
import type { Backend, MatmulKernel } from './types.js';
import { webgpu } from './webgpu.js';
import { webgpuWgsl } from './webgpu-wgsl.js';

import type { BackendName, KernelName } from './names.js';

export {
  BACKEND_NAMES,
  KERNEL_NAMES,
  LAB_BACKEND_NAMES,
  isKernelName,
  type BackendName,
  type KernelName,
  type LabBackendName,
} from './names.js';

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

const kernels: Record<KernelName, () => MatmulKernel> = { 'webgpu-wgsl': webgpuWgsl };

/** A fresh matmul kernel by name (probe it before use; dispose of it after). */
export function createKernel(name: KernelName): MatmulKernel {
  return kernels[name]();
}

export type { Backend, DeviceKind, MatmulKernel, MlpWeights, Probe, Staged } from './types.js';
