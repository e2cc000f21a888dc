// Compute-phase speed of the CPU tensor backends on a 256 x 256 float32 matmul and a batch-64 MLP inference; the
// items column is FLOP, so items/s reads as FLOP/s. (webgpu is left out: its device would outlive the bench.)
// Run: npm run bench -- --filter compute
import type { Bench } from 'tinybench';
import { createRng } from '../src/core/rng.js';
import { createBackend, type BackendName } from '../src/compute/backends/index.js';
import { createMlp, randomArray } from '../src/compute/reference.js';
import { MLP_SIZES } from '../src/compute/run.js';

const N = 256;
const BATCH = 64;
const BACKENDS: BackendName[] = ['tfjs-cpu', 'tfjs-wasm', 'onnx-cpu'];
const mlpFlops = BATCH * MLP_SIZES.slice(1).reduce((sum, out, i) => sum + 2 * MLP_SIZES[i] * out, 0);

export const items: Record<string, number> = Object.fromEntries(
  BACKENDS.flatMap((b) => [
    [`matmul ${N} ${b}`, 2 * N ** 3],
    [`mlp batch ${BATCH} ${b}`, mlpFlops],
  ]),
);

export default async function register(bench: Bench): Promise<void> {
  const rng = createRng(1);
  const random = () => rng.next();
  const a = randomArray(N * N, random);
  const b = randomArray(N * N, random);
  const model = createMlp(MLP_SIZES, random);
  const x = randomArray(BATCH * MLP_SIZES[0], random);
  for (const name of BACKENDS) {
    const backend = createBackend(name);
    const probe = await backend.probe();
    if (!probe.available) {
      process.stderr.write(`bench compute: ${name} unavailable (${probe.reason})\n`);
      continue;
    }
    const matmul = await backend.matmul(a, b, N);
    await matmul.upload();
    bench.add(`matmul ${N} ${name}`, () => matmul.compute());
    const mlp = await backend.mlp(model, x, BATCH);
    await mlp.upload();
    bench.add(`mlp batch ${BATCH} ${name}`, () => mlp.compute());
  }
}
