// Times a staged operation phase by phase: each round uploads, computes and downloads, and every phase gets its own
// samples, so the fixed cost of moving data shows apart from the arithmetic. Tests: test/compute/timing.test.ts.
import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from '../core/stats.js';
import type { Staged } from './backends/types.js';

export interface TimingOptions {
  /** Untimed rounds first: JIT, shader compilation and allocator warm-up happen there. */
  warmup: number;
  /** Timed rounds at least. */
  repeats: number;
  /** Keep adding rounds until this many seconds were measured in all (short work needs more rounds)... */
  minSeconds: number;
  /** ...but never more rounds than this. */
  maxRepeats: number;
  /** Slow work: stop once this many seconds were measured, even short of `repeats`, but never below 3 rounds. */
  maxSeconds: number;
}

/** At least this many timed rounds always, so a spread exists even for the slowest work. */
export const MIN_ROUNDS = 3;

/** Whether another timed round is needed after `done` rounds that took `total` seconds. */
export function needsAnotherRound(done: number, total: number, o: TimingOptions): boolean {
  if (done < MIN_ROUNDS) return true;
  if (done >= o.maxRepeats || total >= o.maxSeconds) return false;
  return done < o.repeats || total < o.minSeconds;
}

export interface PhaseTimes {
  upload: Summary;
  compute: Summary;
  download: Summary;
  /** upload + compute + download of the same round. */
  roundTrip: Summary;
  /** The result of the last round, for the correctness check. */
  output: Float32Array;
}

export async function timePhases(staged: Staged, options: TimingOptions): Promise<PhaseTimes> {
  const samples = {
    upload: [] as number[],
    compute: [] as number[],
    download: [] as number[],
    roundTrip: [] as number[],
  };
  let output: Float32Array = new Float32Array(0);
  let total = 0;
  for (let round = 0; ; round++) {
    const timed = round >= options.warmup;
    if (timed && !needsAnotherRound(samples.roundTrip.length, total, options)) break;
    const t0 = performance.now();
    await staged.upload();
    const t1 = performance.now();
    await staged.compute();
    const t2 = performance.now();
    output = await staged.download();
    const t3 = performance.now();
    if (!timed) continue;
    samples.upload.push((t1 - t0) / 1000);
    samples.compute.push((t2 - t1) / 1000);
    samples.download.push((t3 - t2) / 1000);
    samples.roundTrip.push((t3 - t0) / 1000);
    total += (t3 - t0) / 1000;
  }
  return {
    upload: summarize(samples.upload),
    compute: summarize(samples.compute),
    download: summarize(samples.download),
    roundTrip: summarize(samples.roundTrip),
    output,
  };
}
