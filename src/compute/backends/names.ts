// The backend names alone, with no imports, so the lab file can declare its --backends option without loading any
// tensor library (`syslab list` imports every lab; the type import below loads nothing). Tests:
// test/compute/backends.test.ts.
import type { DeviceKind } from './types.js';

export const BACKEND_NAMES = ['tfjs-cpu', 'tfjs-wasm', 'onnx-cpu', 'tfjs-node-gpu', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** A backend's name as every table and chart shows it: with its kind, so a software GPU is never mistaken for one. */
export const backendLabel = (backend: string, kind: DeviceKind | null): string =>
  kind ? `${backend} (${kind})` : backend;
