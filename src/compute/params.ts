// Lab 01's parameters, declared once: the backends to probe, the matmul sizes, number types and MLP batches to sweep,
// the sizes of the memory-bound measurements, the timing rounds, the caps for a software GPU, and a student's backend
// file.
// Used by labs/01-compute.ts; tests: test/compute/lab.test.ts.
import { p, type ParamValues } from '../core/params.js';
import { LAB_BACKEND_NAMES } from './backends/names.js';
import { MATMUL_DTYPES } from './backends/wgsl-matmul.js';

export const computeParams = {
  backends: p.enumList({
    values: LAB_BACKEND_NAMES,
    default: [...LAB_BACKEND_NAMES],
    description: "backends to probe and measure (webgpu-wgsl: this lab's own WGSL matmul kernel, matmul only)",
  }),
  dtypes: p.enumList({
    values: MATMUL_DTYPES,
    default: [...MATMUL_DTYPES],
    description:
      'number types of the matmul sweep: float16 runs on webgpu-wgsl where the adapter offers shader-f16; ' +
      'the other backends have float32 only',
  }),
  sizes: p.intList({
    default: [16, 32, 64, 128, 256, 512, 1024, 2048],
    quick: [16, 64, 256],
    min: 2,
    max: 8192,
    description: 'matmul sizes n (n x n matrices; 8192 is for a real GPU: 768 MiB of float32 inputs and output)',
  }),
  batches: p.intList({
    default: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    quick: [1, 4, 16, 64],
    min: 1,
    max: 8192,
    description: 'MLP batch sizes',
  }),
  addLength: p.int({
    default: 1 << 22,
    quick: 1 << 20,
    min: 1,
    max: 1 << 26,
    description: 'elements in the elementwise add (memory-bound op)',
  }),
  bandwidthBytes: p.bytes({
    default: 256 << 20,
    quick: 32 << 20,
    min: 1 << 20,
    max: 4 * 1024 ** 3,
    description: 'buffer size for the memory bandwidth measurement',
  }),
  repeats: p.int({
    default: 5,
    quick: 3,
    min: 3,
    max: 1000,
    description: 'timed rounds per measurement (at least; short work gets more)',
  }),
  softwareGpuMaxSize: p.int({
    default: 4096,
    quick: 256,
    min: 2,
    max: 8192,
    description: 'largest matmul n run on a software GPU (lavapipe is slow)',
  }),
  softwareGpuMaxBatch: p.int({
    default: 8192,
    quick: 64,
    min: 1,
    max: 8192,
    description: 'largest MLP batch run on a software GPU',
  }),
  backendFile: p.path({
    description: 'a .ts/.js file whose default export is your own Backend (see the handout), run after the others',
  }),
};

export type ComputeParams = ParamValues<typeof computeParams>;
