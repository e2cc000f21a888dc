// Lab 01: how fast each kind of processor does tensor work, where an accelerator starts to pay off, how far each
// backend is from the machine's peak, what batching buys and what number types cost. Logic in src/compute/;
// handout in labs/01-compute.md; tests in test/compute/.
import { defineLab, p, runIfMain } from '../src/core/index.js';
import { computeBudget } from '../src/compute/budget.js';
import { BACKEND_NAMES } from '../src/compute/backends/names.js';

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
  params: {
    backends: p.enumList({
      values: BACKEND_NAMES,
      default: [...BACKEND_NAMES],
      description: 'backends to probe and measure',
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
  },
  budget: computeBudget, // memory and disk estimated before any work: src/compute/budget.ts
  async run(ctx) {
    const { runAll, plannedTicks } = await import('../src/compute/run.js');
    const { computeTables, computeCharts, computeFindings } = await import('../src/compute/report.js');
    const { backendFailures, loadBackendFile } = await import('../src/compute/backends/load-file.js');
    const plan = {
      ...ctx.params,
      extraBackends: ctx.params.backendFile ? [await loadBackendFile(ctx.params.backendFile)] : [],
      timing: ctx.quick
        ? { warmup: 1, repeats: ctx.params.repeats, minSeconds: 0.02, maxRepeats: 50, maxSeconds: 1 }
        : { warmup: 1, repeats: ctx.params.repeats, minSeconds: 0.25, maxRepeats: 500, maxSeconds: 10 },
      randomFor: (label: string) => {
        const rng = ctx.rng.fork(label);
        return () => rng.next();
      },
    };
    const bar = ctx.progress('measuring', plannedTicks(plan));
    const results = await runAll(plan, { log: ctx.log, tick: () => bar.tick() });
    bar.done();
    // A student backend whose matmul is wrong is FAILED: marked in the backends table, left out of the "fastest" and
    // "best" findings, listed first, and the lab exits 3.
    const failures = backendFailures(
      results.matmul,
      plan.extraBackends.map((b) => b.name),
    );
    if (!failures.length)
      return { tables: computeTables(results), charts: computeCharts(results), findings: computeFindings(results) };
    const bad = new Set(failures.map((f) => f.backend));
    for (const probe of results.probes) if (bad.has(probe.backend)) probe.note = `FAILED ${probe.note}`.trim();
    const keep = <T extends { backend: string }>(rows: T[]): T[] => rows.filter((r) => !bad.has(r.backend));
    const trusted = {
      ...results,
      matmul: keep(results.matmul),
      add: keep(results.add),
      batching: keep(results.batching),
    };
    return {
      tables: computeTables(results),
      charts: computeCharts(results),
      findings: [...failures.map((f) => `FAILED: ${f.reason}`), ...computeFindings(trusted)],
      failed: failures.map((f) => f.reason),
    };
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
