// Times a staged tensor operation phase by phase with the core timing engine: each round uploads, computes and
// downloads, and every phase gets its own samples, so the fixed cost of moving data shows apart from the arithmetic.
// Tests: test/compute/timing.test.ts.
import type { Summary } from '../core/stats.js';
import { timePhases, type TimingOptions } from '../core/timing.js';
import type { Staged } from './backends/types.js';

/** At least this many timed rounds always, so a spread exists even for the slowest work. */
export const MIN_ROUNDS = 3;

export interface PhaseTimes {
  upload: Summary;
  compute: Summary;
  download: Summary;
  /** upload + compute + download of the same round. */
  roundTrip: Summary;
  /** The result of the last round, for the correctness check. */
  output: Float32Array;
}

export async function timeStaged(staged: Staged, options: TimingOptions): Promise<PhaseTimes> {
  const t = await timePhases(
    { upload: () => staged.upload(), compute: () => staged.compute(), download: () => staged.download() },
    { ...options, minRounds: Math.max(MIN_ROUNDS, options.minRounds ?? 0) },
  );
  return {
    upload: t.phases.upload,
    compute: t.phases.compute,
    download: t.phases.download,
    roundTrip: t.total,
    output: t.last.download as Float32Array,
  };
}
