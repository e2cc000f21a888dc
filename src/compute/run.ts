// Runs the whole lab's measurements: the machine's ceilings first, then every backend in turn (probe, matmul sweep,
// elementwise add, MLP batching, float32 edge cases), then the number-type experiments. Backends that do not load
// become rows with their reason; nothing is skipped silently. Tests: test/compute/lab.test.ts.
import { createBackend, type BackendName } from './backends/index.js';
import type { Backend, Probe } from './backends/types.js';
import { backendAddRows, FLOAT16_ENGINE, float16Rows, typedArrayRows, type DtypeRow } from './dtypes.js';
import { measureCeilings, type Ceilings } from './ceilings.js';
import { backendLabel } from './backends/names.js';
import { createMlp } from './reference.js';
import {
  inputCache,
  measureAdd,
  measureBatch,
  measureMatmul,
  type AddResult,
  type BatchResult,
  type MatmulResult,
  type Ready,
} from './sweeps.js';
import type { TimingOptions } from '../core/timing.js';

/** The network measured in the batching table: an MNIST-sized classifier, 784 inputs, two hidden layers, 10 classes. */
export const MLP_SIZES = [784, 512, 512, 10];

export interface Plan {
  backends: BackendName[];
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
}

export interface ComputeResults {
  probes: ProbeRow[];
  matmul: MatmulResult[];
  add: AddResult[];
  batching: BatchResult[];
  dtypes: DtypeRow[];
  ceilings: Ceilings;
}

/** How many tick() calls runAll makes at most, for a progress bar. */
export const plannedTicks = (plan: Plan): number =>
  1 + (plan.backends.length + (plan.extraBackends?.length ?? 0)) * (plan.sizes.length + 1 + plan.batches.length) + 1;

export async function runAll(plan: Plan, hooks: Hooks): Promise<ComputeResults> {
  hooks.log(`measuring memory bandwidth with ${plan.bandwidthBytes} bytes`);
  const ceilings = measureCeilings(plan.bandwidthBytes, plan.timing);
  hooks.tick();
  const inputs = inputCache((key) => plan.randomFor(`input:${key}`));
  const model = createMlp(MLP_SIZES, plan.randomFor('mlp-weights'));
  const results: ComputeResults = { probes: [], matmul: [], add: [], batching: [], dtypes: typedArrayRows(), ceilings };

  for (const backend of [...plan.backends.map(createBackend), ...(plan.extraBackends ?? [])]) {
    const name = backend.name;
    const probe = await backend.probe();
    const notes: string[] = [];
    results.probes.push({ backend: name, phases: backend.phases, ...probe, note: '' });
    hooks.log(probe.available ? `${name}: ${probe.kind}, ${probe.device}` : `${name}: unavailable, ${probe.reason}`);
    if (!probe.available || !probe.kind) continue;
    const ready: Ready = { backend, kind: probe.kind };
    const soft = probe.kind === 'software-gpu';
    try {
      for (const n of plan.sizes) {
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
    const cutSizes = plan.sizes.filter((n) => soft && n > plan.softwareGpuMaxSize);
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
