// float16 against float32 on the same kernel, as sentences and table rows computed from a run's matmul rows: the paired
// Hodges-Lehmann ratio of their compute times (round by round) with its 95% interval and a verdict that calls a
// difference only when the samples support it, float16's error against its bound, or why no float16 matmul ran. Used by
// ./report.ts. Tests: test/compute/float16-findings.test.ts.
import { pairedShift } from '../core/signed-rank.js';
import type { Summary } from '../core/stats.js';
import { formatNumber, formatSeconds } from '../core/units.js';
import { listText } from '../core/words.js';
import type { DeviceKind } from './backends/types.js';
import { backendLabel } from './backends/names.js';
import { best, passedCheck } from './findings.js';
import type { MatmulResult } from './sweeps.js';

/** A speed-up closer to 1 than this is not called faster or slower: `syslab compare`'s default --threshold. */
export const FLOAT16_THRESHOLD = 0.02;

/**
 * float16 against float32: faster or slower only when the whole 95% interval of the ratio lies beyond ±2%; "within 2%"
 * when it excludes 1 but reaches inside ±2% (a real difference that may be too small to matter); else can't tell.
 */
export type Verdict = 'faster' | 'slower' | 'within 2%' | "can't tell";

/** How float16's compute time compares with float32's, from the raw samples of both. */
export interface TimeComparison {
  verdict: Verdict;
  /** float32 time / float16 time (above 1: float16 faster): the Hodges-Lehmann estimate of the per-round log ratios. */
  speedup: number;
  /** Its 95% interval (distribution-free, the one that inverts the Wilcoxon signed-rank test); null: too few rounds. */
  interval: [number, number] | null;
}

/**
 * Compares two timings taken in turn within the same rounds (sample i of each from round i: measureKernelSize), round
 * by round: the Hodges-Lehmann estimate of the log ratios log(float32_i / float16_i) and its 95% interval. Pairing
 * takes out what a round's two timings share (the machine's load at that moment), which two independent samples
 * cannot; "faster" still needs rounds that support it (5 or fewer never can: the smallest two-sided p is 1/16), and
 * an interval beyond ±FLOAT16_THRESHOLD (many quiet rounds can exclude 1 for a difference of 0.5%). Without paired
 * samples (none kept, or counts that differ) it can't tell.
 */
export function compareTimes(float16: Summary, float32: Summary): TimeComparison {
  const a = float16.samples;
  const b = float32.samples;
  if (!a?.length || !b?.length || a.length !== b.length)
    return { verdict: "can't tell", speedup: float32.median / float16.median, interval: null };
  const shift = pairedShift(b.map((t, i) => Math.log(t) - Math.log(a[i])));
  const speedup = Math.exp(shift.estimate);
  if (shift.k === 0) return { verdict: "can't tell", speedup, interval: null };
  const interval: [number, number] = [Math.exp(shift.lo), Math.exp(shift.hi)];
  const limit = 1 + FLOAT16_THRESHOLD;
  const [low, high] = interval;
  const verdict: Verdict =
    low > limit ? 'faster' : high < 1 / limit ? 'slower' : low > 1 || high < 1 ? 'within 2%' : "can't tell";
  return { verdict, speedup, interval };
}

/** One backend and size at which both number types ran: the two rows and how float16's time compares. */
export interface DtypePair {
  backend: string;
  kind: DeviceKind;
  n: number;
  float32: MatmulResult;
  float16: MatmulResult;
  /** float32's compute time / float16's (above 1: float16 was faster), its interval and the verdict. */
  comparison: TimeComparison;
}

/** Every backend and size at which both number types ran and passed their checks: the same kernel, two types. */
export function float16Pairs(rows: MatmulResult[]): DtypePair[] {
  const ok = rows.filter(passedCheck);
  return ok
    .filter((h) => h.dtype === 'float16')
    .flatMap((float16) => {
      const float32 = ok.find((r) => r.dtype === 'float32' && r.backend === float16.backend && r.n === float16.n);
      if (!float32) return [];
      const comparison = compareTimes(float16.compute, float32.compute);
      return [{ backend: float16.backend, kind: float16.kind, n: float16.n, float32, float16, comparison }];
    })
    .sort((a, b) => a.backend.localeCompare(b.backend) || a.n - b.n);
}

/** "float16 1.38× faster (2.1 ms against 2.9 ms; 95% interval 1.31× to 1.45×)", within 2%, or why it can't tell. */
function verdictText(p: DtypePair): string {
  const seconds = `${formatSeconds(p.float16.compute.median)} against ${formatSeconds(p.float32.compute.median)}`;
  const { verdict, speedup, interval } = p.comparison;
  if (!interval) return `can't tell (${seconds}; too few rounds for a 95% interval)`;
  const [low, high] = interval;
  const bounds = `the 95% interval of float32/float16, ${formatNumber(low)} to ${formatNumber(high)}`;
  if (verdict === "can't tell") return `can't tell (${seconds}; ${bounds}, includes 1)`;
  if (verdict === 'within 2%') return `within 2% (${seconds}; ${bounds}, excludes 1 but reaches inside ±2%)`;
  const [ratio, from, to] = verdict === 'faster' ? [speedup, low, high] : [1 / speedup, 1 / high, 1 / low];
  // The estimate and its bounds with the same three digits: one decimal could print "1.0×" for a bound just above 1,
  // or an estimate of 1.23 as "1.2×" beside an interval of 1.21× to 1.26× that seems not to hold it.
  const x = (r: number) => `${formatNumber(r)}×`;
  return `float16 ${x(ratio)} ${verdict} (${seconds}; 95% interval ${x(from)} to ${x(to)})`;
}

/** What the probes say about float16, for the sentence when it did not run. */
export interface Float16Status {
  backend: string;
  float16: string;
}

/**
 * float16 against float32 on the same kernel, size by size, with float16's error against its bound; or why no float16
 * matmul ran. Undefined when float16 was not asked for (--dtypes float32).
 */
export function float16Sentence(
  rows: MatmulResult[],
  statuses: Float16Status[],
  dtypes: readonly string[],
): string | undefined {
  if (!dtypes.includes('float16')) return undefined;
  const ran = rows.filter((r) => r.dtype === 'float16' && passedCheck(r));
  const none = statuses.filter((s) => s.float16.startsWith('none') || s.float16.startsWith('not measured'));
  const others = none.length
    ? ` ${listText(none.map((s) => s.backend))} ${none.length === 1 ? 'has' : 'have'} no float16 matmul here ` +
      '(the float16 column of the backends table says why).'
    : '';
  const failed = [...new Set(rows.filter((r) => r.dtype === 'float16' && !passedCheck(r)).map((r) => r.backend))];
  if (ran.length === 0 && failed.length)
    return `No float16 matmul result passed its check (${listText(failed)}: see FAILED above).${others}`;
  if (ran.length === 0) {
    const tried = statuses.filter((s) => !none.includes(s));
    const why = tried.length
      ? tried.map((s) => `${s.backend}: ${s.float16}`).join('; ')
      : 'only webgpu-wgsl runs float16, and --backends left it out';
    return `No float16 matmul ran (${why}).${others}`;
  }
  const parts: string[] = [];
  for (const backend of [...new Set(ran.map((r) => r.backend))]) {
    const own = ran.filter((r) => r.backend === backend).sort((a, b) => a.n - b.n);
    const who = backendLabel(backend, own[0].kind);
    const pairs = float16Pairs(rows).filter((p) => p.backend === backend);
    const closest = best(own, (r) => r.maxAbsError / (r.check?.bound || Infinity))!;
    const error =
      `float16's error came closest to its bound at n = ${closest.n}: ${closest.maxAbsError.toPrecision(2)} against ` +
      `${(closest.check?.bound ?? NaN).toPrecision(2)} (11-bit significand; sums kept in float32)`;
    if (pairs.length === 0) {
      const top = best(own, (r) => r.gflops.median)!;
      // Alone because float32 was not asked for, or because no float32 result of the same size passed.
      const why = dtypes.includes('float32')
        ? "no float32 result of the same size passed: the FAILED lines or the backends table's note say why"
        : '--dtypes has no float32';
      parts.push(
        `on ${who}, float16 ran alone, up to ${formatNumber(top.gflops.median)} GFLOP/s at n = ${top.n}, with no ` +
          `float32 run of the same kernel to compare (${why}); ${error}`,
      );
      continue;
    }
    const at = pairs.map((p) => `n = ${p.n}: ${verdictText(p)}`).join('; ');
    parts.push(`on the same WGSL kernel, ${who}, float16 against float32 (compute phase): ${at}; ${error}`);
  }
  const text = parts.join('. ');
  return `${text[0].toUpperCase()}${text.slice(1)}.${others}`;
}
