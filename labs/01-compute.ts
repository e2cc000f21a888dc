// Lab 01: how fast each kind of processor does tensor work, where an accelerator starts to pay off, how far each
// backend is from the machine's peak, what batching buys and what number types cost. Logic in src/compute/;
// handout in labs/01-compute.md; tests in test/compute/.
// Parameters: src/compute/params.ts. Experiment: src/compute/experiment.ts. Report: src/compute/report.ts.
import { defineLab, runIfMain } from '../src/core/index.js';
import { computeBudget } from '../src/compute/budget.js';
import { computeParams } from '../src/compute/params.js';

const lab = defineLab({
  id: '01',
  slug: 'compute',
  title: 'Compute: CPU versus GPU tensor work',
  summary:
    'Matmul, elementwise add and MLP inference on every tensor backend found (JS, WASM, ONNX Runtime, WebGPU, CUDA).',
  libraries: [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-backend-webgpu',
    '@tensorflow/tfjs-node-gpu',
    'onnxruntime-node',
    'webgpu',
    'protobufjs',
  ],
  params: computeParams,
  budget: computeBudget, // memory and disk estimated before any work: src/compute/budget.ts
  async run(ctx) {
    // Loaded lazily, so `syslab list` stays cheap: the tensor libraries load only when the lab runs.
    const { computeExperiment } = await import('../src/compute/experiment.js');
    const { computeReport } = await import('../src/compute/report.js');
    return computeReport(await computeExperiment(ctx.params, ctx));
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
