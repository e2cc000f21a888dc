// The backend names alone, with no imports, so the lab file can declare its --backends option without loading any
// tensor library (`syslab list` imports every lab; the type import below loads nothing). Tests:
// test/compute/backends.test.ts, test/compute/webgpu-wgsl.test.ts.
import type { DeviceKind } from './types.js';

/** The tensor backends (./types.ts Backend: matmul, add and MLP in float32). */
export const BACKEND_NAMES = ['tfjs-cpu', 'tfjs-wasm', 'onnx-cpu', 'tfjs-node-gpu', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The built-in backends that only ever run on the CPU (the others may find a GPU or a software one). */
export const CPU_BACKEND_NAMES: readonly string[] = ['tfjs-cpu', 'tfjs-wasm', 'onnx-cpu'];

/** The matmul kernels (./types.ts MatmulKernel: matmul only, in each number type they offer), run after them. */
export const KERNEL_NAMES = ['webgpu-wgsl'] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

/** Everything --backends may name, in report order. */
export const LAB_BACKEND_NAMES = [...BACKEND_NAMES, ...KERNEL_NAMES] as const;
export type LabBackendName = BackendName | KernelName;

export const isKernelName = (name: string): name is KernelName => (KERNEL_NAMES as readonly string[]).includes(name);

/** The name a chart or finding shows for a matmul row: float16 rows say so, float32 is the default and says nothing. */
export const matmulLabel = (backend: string, kind: DeviceKind | null, dtype: string): string =>
  dtype === 'float32' ? backendLabel(backend, kind) : `${backendLabel(backend, kind)} ${dtype}`;

/** A backend's name as every table and chart shows it: with its kind, so a software GPU is never mistaken for one. */
export const backendLabel = (backend: string, kind: DeviceKind | null): string =>
  kind ? `${backend} (${kind})` : backend;
