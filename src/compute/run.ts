// Runs the whole lab's measurements: the machine's ceilings first, then every backend in turn (probe, matmul sweep,
// elementwise add, MLP batching, float32 edge cases; a matmul kernel runs its matmul sweep in each number type),
// then the number-type experiments. Backends that do not load, and number types a backend lacks, become rows or
// notes with their reason; nothing is skipped silently. Tests: test/compute/lab.test.ts,
// test/compute/webgpu-wgsl.test.ts.
import { createBackend, createKernel, isKernelName, type LabBackendName } from './backends/index.js';
import type { Backend, MatmulKernel, Probe } from './backends/types.js';
import { MATMUL_DTYPES, type MatmulDtype } from './backends/wgsl-matmul.js';
import { backendAddRows, FLOAT16_ENGINE, float16Rows, typedArrayRows, type DtypeRow } from './dtypes.js';
import { measureCeilings, type Ceilings } from './ceilings.js';
import { backendLabel } from './backends/names.js';
import { createMlp } from './reference.js';
import {
  inputCache,
  measureAdd,
  measureBatch,
  measureKernelSize,
  measureMatmul,
  type AddResult,
  type BatchResult,
  type Inputs,
  type MatmulResult,
  type Ready,
} from './sweeps.js';
import type { TimingOptions } from '../core/timing.js';

/** The network measured in the batching table: an MNIST-sized classifier, 784 inputs, two hidden layers, 10 classes. */
export const MLP_SIZES = [784, 512, 512, 10];

export interface Plan {
  backends: LabBackendName[];
  /** Number types of the matmul sweep (tensor backends run float32 only). */
  dtypes: MatmulDtype[];
  /** Backends from outside the built-in list (--backend-file), run after them. */
  extraBackends?: Backend[];
  sizes: number[];
  batches: number[];
  addLength: number;
  bandwidthBytes: number;
  timing: TimingOptions;
  /** Software GPUs are slow: larger matmul sizes and batches are not run on them (and the report says so). */
  softwareGpuMaxSize: number;
  softwareGpuMaxBatch: number;
  /** An independent random source per label, so one seed gives the same inputs whatever else runs. */
  randomFor(label: string): () => number;
}

export interface Hooks {
  log(message: string): void;
  /** Called once per finished measurement; `total` is known up front. */
  tick(): void;
}

export interface ProbeRow extends Probe {
  backend: string;
  phases: string;
  note: string;
  /** Whether a float16 matmul ran on it, or why not (never a silent gap in the float16 rows). */
  float16: string;
}

/** Why a tensor backend has no float16 matmul row. */
const NO_FLOAT16: Record<string, string> = {
  'tfjs-cpu': 'none: TensorFlow.js has no float16 tensors',
  'tfjs-wasm': 'none: TensorFlow.js has no float16 tensors',
  'tfjs-node-gpu': 'none: TensorFlow.js has no float16 tensors',
  webgpu: 'none: TensorFlow.js has no float16 tensors (webgpu-wgsl runs float16 on the same adapter)',
  'onnx-cpu': "not measured: this lab's ONNX graphs are float32 (float16 appears in the number-types table only)",
};
const NO_FLOAT16_PLUGIN = "not measured: a Backend's matmul takes and returns float32 arrays";

export interface ComputeResults {
  probes: ProbeRow[];
  matmul: MatmulResult[];
  add: AddResult[];
  batching: BatchResult[];
  dtypes: DtypeRow[];
  ceilings: Ceilings;
  /** The matmul number types asked for (--dtypes), float32 first. */
  matmulDtypes: MatmulDtype[];
}

/** The number types asked for, once each, in the report's order (float32 first). */
const dtypesOf = (plan: Plan): MatmulDtype[] => MATMUL_DTYPES.filter((d) => plan.dtypes.includes(d));

/** How many tick() calls runAll makes at most, for a progress bar. */
export const plannedTicks = (plan: Plan): number => {
  const tensors = plan.backends.filter((b) => !isKernelName(b)).length + (plan.extraBackends?.length ?? 0);
  const kernels = plan.backends.length - plan.backends.filter((b) => !isKernelName(b)).length;
  const float32 = plan.dtypes.includes('float32') ? plan.sizes.length : 0;
  return 1 + tensors * (float32 + 1 + plan.batches.length) + kernels * plan.sizes.length * dtypesOf(plan).length + 1;
};

/**
 * Runs a matmul kernel's sweep (every size in every number type asked for, or a note saying why one did not run),
 * adding its backends row and matmul rows to `results`; disposes of the kernel.
 */
export async function runKernel(
  kernel: MatmulKernel,
  plan: Plan,
  hooks: Hooks,
  results: ComputeResults,
  inputs: Inputs,
): Promise<void> {
  const name = kernel.name;
  const probe = await kernel.probe();
  const row: ProbeRow = { backend: name, phases: kernel.phases, ...probe, note: '', float16: '' };
  results.probes.push(row);
  hooks.log(probe.available ? `${name}: ${probe.kind}, ${probe.device}` : `${name}: unavailable, ${probe.reason}`);
  if (!probe.available || !probe.kind) {
    row.float16 = 'unavailable: the backend did not load';
    return;
  }
  const kind = probe.kind;
  const notes: string[] = [];
  try {
    const f16 = plan.dtypes.includes('float16') ? kernel.unsupported('float16') : 'not asked (--dtypes)';
    row.float16 = f16 ?? 'ran (shader-f16)';
    // float16 without shader-f16 is said once, in the float16 column. Both types of one size are timed in turn within
    // every round, so a change in the machine's load falls on both and not between the two timings being compared.
    const dtypes = dtypesOf(plan).filter((dtype) => !kernel.unsupported(dtype));
    for (const n of plan.sizes) {
      if (kind === 'software-gpu' && n > plan.softwareGpuMaxSize) continue;
      const runnable = dtypes.filter((dtype) => {
        const why = kernel.unsupported(dtype, n);
        if (why) notes.push(`${dtype} n = ${n} not run: ${why}`);
        return !why;
      });
      if (runnable.length === 0) continue;
      // The same check entries for every type, so their errors are comparable entry by entry.
      const random = () => plan.randomFor(`check:${name}:${n}`);
      const outcome = await measureKernelSize(kernel, kind, n, runnable, inputs, plan.timing, random);
      results.matmul.push(...outcome.results);
      // A device error (out of memory, a lost device) costs this size a note, not the whole run.
      for (const f of outcome.failed) notes.push(`${f.dtype} n = ${n} failed: ${f.reason}`);
      for (let i = 0; i < runnable.length; i++) hooks.tick();
    }
  } finally {
    await kernel.dispose();
  }
  // Offered and asked for, yet no size ran (all above the software-GPU cap, or all failed): the column says so.
  if (row.float16 === 'ran (shader-f16)' && !results.matmul.some((m) => m.backend === name && m.dtype === 'float16'))
    row.float16 = 'no size ran; the note says why';
  const cut = plan.sizes.filter((n) => kind === 'software-gpu' && n > plan.softwareGpuMaxSize);
  if (cut.length)
    notes.push(
      `matmul n = ${cut.join(', ')} not run (software GPU cap ${plan.softwareGpuMaxSize}, --software-gpu-max-size)`,
    );
  notes.push('matmul only: no add or MLP rows');
  row.note = notes.join('; ');
}

export async function runAll(plan: Plan, hooks: Hooks): Promise<ComputeResults> {
  hooks.log(`measuring memory bandwidth with ${plan.bandwidthBytes} bytes`);
  const ceilings = measureCeilings(plan.bandwidthBytes, plan.timing);
  hooks.tick();
  const inputs = inputCache((key) => plan.randomFor(`input:${key}`));
  const model = createMlp(MLP_SIZES, plan.randomFor('mlp-weights'));
  const results: ComputeResults = {
    probes: [],
    matmul: [],
    add: [],
    batching: [],
    dtypes: typedArrayRows(),
    ceilings,
    matmulDtypes: dtypesOf(plan),
  };

  const runFloat32 = plan.dtypes.includes('float32');
  const plugins = new Set(plan.extraBackends ?? []);
  for (const entry of [...plan.backends, ...plugins]) {
    if (typeof entry === 'string' && isKernelName(entry)) {
      await runKernel(createKernel(entry), plan, hooks, results, inputs);
      continue;
    }
    const backend = typeof entry === 'string' ? createBackend(entry) : entry;
    const name = backend.name;
    const probe = await backend.probe();
    const notes: string[] = [];
    const float16 = plugins.has(backend) ? NO_FLOAT16_PLUGIN : (NO_FLOAT16[name] ?? NO_FLOAT16_PLUGIN);
    results.probes.push({ backend: name, phases: backend.phases, ...probe, note: '', float16 });
    hooks.log(probe.available ? `${name}: ${probe.kind}, ${probe.device}` : `${name}: unavailable, ${probe.reason}`);
    if (!probe.available || !probe.kind) continue;
    const ready: Ready = { backend, kind: probe.kind };
    const soft = probe.kind === 'software-gpu';
    try {
      for (const n of runFloat32 ? plan.sizes : []) {
        if (soft && n > plan.softwareGpuMaxSize) continue;
        results.matmul.push(await measureMatmul(ready, n, inputs, plan.timing, plan.randomFor(`check:${name}:${n}`)));
        hooks.tick();
      }
      results.add.push(await measureAdd(ready, plan.addLength, inputs, plan.timing));
      hooks.tick();
      for (const batch of plan.batches) {
        if (soft && batch > plan.softwareGpuMaxBatch) continue;
        results.batching.push(await measureBatch(ready, model, batch, inputs, plan.timing));
        hooks.tick();
      }
      results.dtypes.push(...(await backendAddRows(backend, backendLabel(name, probe.kind))));
    } finally {
      await backend.dispose();
    }
    const cutSizes = plan.sizes.filter((n) => runFloat32 && soft && n > plan.softwareGpuMaxSize);
    if (!runFloat32) notes.push('matmul not run: --dtypes has no float32, the only type this backend has');
    const cutBatches = plan.batches.filter((b) => soft && b > plan.softwareGpuMaxBatch);
    if (cutSizes.length)
      notes.push(
        `matmul n = ${cutSizes.join(', ')} not run (software GPU cap ${plan.softwareGpuMaxSize}, --software-gpu-max-size)`,
      );
    if (cutBatches.length)
      notes.push(
        `batches ${cutBatches.join(', ')} not run (software GPU cap ${plan.softwareGpuMaxBatch}, --software-gpu-max-batch)`,
      );
    results.probes[results.probes.length - 1].note = notes.join('; ');
  }

  try {
    results.dtypes.push(...(await float16Rows(plan.randomFor('float16'))));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    results.dtypes.push({
      experiment: 'float16 round trip',
      engine: FLOAT16_ENGINE,
      dtype: 'float16',
      bytesPerElement: 2,
      input: '-',
      result: 'not run',
      exact: '-',
      relError: null,
      broken: false,
      note: `ONNX Runtime could not run the float16 cast: ${reason}`,
    });
  }
  hooks.tick();
  return results;
}
