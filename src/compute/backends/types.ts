// The one small interface every compute backend implements, so the lab can sweep them alike and a student can plug
// in another (see labs/01-compute.md, "Add your own backend"), and the smaller one of a hand-written matmul kernel
// that runs in more than one number type (webgpu-wgsl). Tests: test/compute/backends.test.ts,
// test/compute/webgpu-wgsl.test.ts.
import type { MatmulDtype } from './wgsl-matmul.js';

/** Where the arithmetic runs: a CPU, a real GPU, or a GPU API implemented in software on the CPU (lavapipe, ...). */
export type DeviceKind = 'cpu' | 'gpu' | 'software-gpu';

/** What a backend found when it tried to load itself on this machine. Never a silent skip: unavailable has a reason. */
export interface Probe {
  available: boolean;
  /** null when unavailable (nothing was found to run on). */
  kind: DeviceKind | null;
  /** The device as the library describes it (CPU model, adapter description, ...); '' when unavailable. */
  device: string;
  /** The library's version, or '' when it could not be loaded. */
  version: string;
  /** Why it is unavailable, or a short note on how it runs when available. */
  reason: string;
  /** What the device offers, where the library says (a WebGPU adapter's features and key limits). */
  capabilities?: string;
}

/**
 * One operation staged on a backend, run in three phases that are timed apart:
 * upload() copies the inputs from JavaScript memory into the backend's memory (replacing earlier ones),
 * compute() runs the operation on the uploaded inputs and waits until it has finished, leaving the result there,
 * download() copies the result back into a Float32Array.
 * compute() may be called again without a new upload(), which times the arithmetic alone.
 */
export interface Staged {
  upload(): Promise<void>;
  compute(): Promise<void>;
  download(): Promise<Float32Array>;
  /** Frees everything this staged operation holds in the backend. */
  release(): void;
}

/**
 * Weights of a dense network: layer i maps sizes[i] inputs to sizes[i+1] outputs, ReLU between layers, softmax last.
 */
export interface MlpWeights {
  sizes: number[];
  /** weights[i] is row-major [sizes[i], sizes[i+1]]. */
  weights: Float32Array[];
  biases: Float32Array[];
}

export interface Backend {
  readonly name: string;
  /** One sentence on what the three phases really are on this backend (some cannot be separated). */
  readonly phases: string;
  /** Loads the library and finds its device. Never throws: a failure is { available: false, reason }. */
  probe(): Promise<Probe>;
  /** C = A x B for row-major n x n float32 matrices. */
  matmul(a: Float32Array, b: Float32Array, n: number): Promise<Staged>;
  /** Elementwise C = A + B. */
  add(a: Float32Array, b: Float32Array): Promise<Staged>;
  /**
   * Inference of the network on a [batch, sizes[0]] input; the weights are loaded into the backend beforehand, untimed.
   */
  mlp(model: MlpWeights, input: Float32Array, batch: number): Promise<Staged>;
  /** Frees the backend (devices, sessions); the process must be able to exit afterwards. */
  dispose(): Promise<void>;
}

/**
 * A backend that runs only C = A x B, in each number type it offers (a hand-written kernel: webgpu-wgsl). Inputs
 * and the downloaded result are float32 arrays whatever the type: conversion to and from the kernel's type is the
 * backend's business, and its `phases` sentence says where that happens.
 */
export interface MatmulKernel {
  readonly name: string;
  readonly phases: string;
  /** Loads the library and finds its device. Never throws: a failure is { available: false, reason }. */
  probe(): Promise<Probe>;
  /**
   * After an available probe: why `dtype` (at size `n`, when given) cannot run here, e.g. a missing adapter feature
   * or a matrix larger than the device's buffers; undefined when it can.
   */
  unsupported(dtype: MatmulDtype, n?: number): string | undefined;
  /** C = A x B for row-major n x n matrices, computed in `dtype`. */
  matmul(a: Float32Array, b: Float32Array, n: number, dtype: MatmulDtype): Promise<Staged>;
  /** Frees the device; the process must be able to exit afterwards. */
  dispose(): Promise<void>;
}
