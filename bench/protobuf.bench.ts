// Encode/decode speed of Protobuf-ES (binary and its JSON mapping) and plain JSON on lab 05's Order and a 1000-reading
// SensorBatch, for regression tracking. Each iteration runs a ~0.5 ms batch (sized by src/protobuf/speed.ts) and
// reports the time per call, as the task names and the saved baselines expect. Run: npm run bench -- --filter protobuf
import type { Bench } from 'tinybench';
import { createRng } from '../src/core/rng.js';
import { loadSamples } from '../src/protobuf/samples.js';
import { batchSize, speedCases } from '../src/protobuf/speed.js';

export default function register(bench: Bench): void {
  const samples = loadSamples(createRng(1), 1000).filter((s) => s.name === 'Order' || s.name.startsWith('SensorBatch'));
  for (const c of samples.flatMap((s) => speedCases(s))) {
    const calls = batchSize(c.run);
    let sink: unknown;
    bench.add(
      `${c.message} | ${c.codec} | ${c.operation}`,
      () => {
        const t0 = performance.now();
        for (let i = 0; i < calls; i++) sink = c.run();
        const elapsed = performance.now() - t0;
        return { overriddenDuration: elapsed / calls, overriddenIterationCost: elapsed, sink };
      },
      { async: false },
    );
  }
}
