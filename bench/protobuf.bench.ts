// Encode/decode speed of Protobuf-ES (binary and JSON mapping) and plain JSON on lab 05's Order and a 1000-reading
// SensorBatch, for regression tracking. Each iteration runs a ~0.5 ms batch and reports the time per call.
// Run: npm run bench -- --filter protobuf
import type { Bench } from 'tinybench';
import { createRng } from '../src/core/rng.js';
import { loadSamples } from '../src/protobuf/samples.js';
import { addSpeedTasks, speedCases } from '../src/protobuf/speed.js';

export default function register(bench: Bench): void {
  const samples = loadSamples(createRng(1), 1000).filter((s) => s.name === 'Order' || s.name.startsWith('SensorBatch'));
  addSpeedTasks(
    bench,
    samples.flatMap((s) => speedCases(s)),
  );
}
