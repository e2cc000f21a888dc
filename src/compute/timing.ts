// Times a staged tensor operation phase by phase with the core timing engine: each round uploads, computes and
// downloads, and every phase gets its own samples, so the fixed cost of moving data shows apart from the arithmetic.
// Several staged operations compared with each other (float32 and float16 of one size) are timed in turn within every
// round, so a change in the machine's load falls on all of them alike. Tests: test/compute/timing.test.ts.
import { summarize, type Summary } from '../core/stats.js';
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

const PHASES = ['upload', 'compute', 'download'] as const;

/**
 * Times several staged operations in turn: every round (warm-up and timed alike) runs the first one's upload, compute
 * and download, then the second one's, and so on, so the operations share each round's conditions instead of
 * running one block after another. Returns one PhaseTimes per operation, in order; a roundTrip is the sum of that
 * operation's three phases in each round.
 */
export async function timeStagedInTurn(staged: readonly Staged[], options: TimingOptions): Promise<PhaseTimes[]> {
  const phases: Record<string, () => Promise<unknown>> = {};
  staged.forEach((op, i) => {
    for (const phase of PHASES) phases[`${i}:${phase}`] = () => op[phase]();
  });
  // A round holds every operation, so the time limits grow with their count: each keeps the budget it had alone.
  const { minSeconds, maxSeconds } = options;
  const t = await timePhases(phases, {
    ...options,
    ...(minSeconds === undefined ? {} : { minSeconds: minSeconds * staged.length }),
    ...(maxSeconds === undefined ? {} : { maxSeconds: maxSeconds * staged.length }),
    minRounds: Math.max(MIN_ROUNDS, options.minRounds ?? 0),
  });
  return staged.map((_, i) => {
    const [upload, compute, download] = PHASES.map((phase) => t.phases[`${i}:${phase}`]);
    // The samples of one round sit at the same index in every phase (kept in the order taken, strided alike).
    const round = (r: number) => upload.samples![r] + compute.samples![r] + download.samples![r];
    return {
      upload,
      compute,
      download,
      roundTrip: summarize(upload.samples!.map((_, r) => round(r))),
      output: t.last[`${i}:download`] as Float32Array,
    };
  });
}
