// The backend names alone, with no imports, so the lab file can declare its --backends option without loading any
// tensor library (`syslab list` imports every lab). Tests: test/compute/backends.test.ts.
export const BACKEND_NAMES = ['tfjs-cpu', 'tfjs-wasm', 'onnx-cpu', 'tfjs-node-gpu', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
