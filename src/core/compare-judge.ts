// Judging one metric of one row between a base run and another run, by the metric's kind:
// - sampled (timings, rates from them): Hodges-Lehmann ratio B/A with its 95% interval on log samples and the
//   Mann-Whitney U p-value; "better"/"worse" only when the (Benjamini-Hochberg adjusted) p < alpha AND the whole
//   interval lies beyond the threshold; "can't tell" when the sample sizes cannot reach alpha at all;
// - exact (deterministic for the same params and seed): "same" or "changed", with the expected reason if any;
// - observed (random events such as races): described ("seen in A (80,536), not in B"), never better or worse.
// Plain functions over cells; compare.ts applies them to matched rows. Tests: test/core/compare-judge.test.ts.
import { hodgesLehmann } from './hodges-lehmann.js';
import { mannWhitneyU, smallestPossibleP } from './mann-whitney.js';
import { isSummary } from './stats.js';
import type { Cell, Metric, MetricKind } from './table.js';
import { formatNumber } from './units.js';

export type Verdict =
  | 'better'
  | 'worse'
  | 'changed'
  | 'same'
  | 'within noise'
  | 'within threshold'
  | "can't tell"
  | 'observed'
  | 'not comparable';

export interface Judgement {
  verdict: Verdict;
  /** The verdict with its evidence, e.g. "worse +52% [+31%, +70%], p=0.002, n=10+10". */
  reason: string;
  /** B/A: the Hodges-Lehmann estimate for sampled metrics, the plain quotient otherwise. */
  ratio?: number;
  /** The 95% interval of B/A (sampled metrics; 0 and Infinity when too few samples bound it). */
  lo?: number;
  hi?: number;
  /** Mann-Whitney U p-value, and the same adjusted across the comparison's rows (Benjamini-Hochberg). */
  p?: number;
  q?: number;
  /** Sample sizes, base first. */
  n?: [number, number];
}

export interface JudgeOptions {
  alpha: number;
  /** Relative change that matters: beyond means B/A > 1 + threshold or B/A < 1 / (1 + threshold). */
  threshold: number;
  /** Names of the base run and the other run, for descriptions. */
  names: [string, string];
  /** Why exact metrics are expected to differ (e.g. "seed differs"), if they are. */
  expectedChange?: string;
  /** Advice when samples are too few, e.g. "rerun with --repeats 10". */
  moreSamples: string;
}

/** How a metric is compared: its declared kind, else sampled when either cell is a Summary, else exact. */
export function kindOf(metric: Metric, a: Cell | undefined, b: Cell | undefined): MetricKind {
  return metric.kind ?? (isSummary(a) || isSummary(b) ? 'sampled' : 'exact');
}

/** "+52%", "-8.1%", "+0%": a ratio as a signed percentage change. */
export function changeText(ratio: number): string {
  if (!Number.isFinite(ratio)) return ratio > 0 ? '+inf%' : '-100%';
  const pct = (ratio - 1) * 100;
  const text = Math.abs(pct) < 0.1 && pct !== 0 ? pct.toPrecision(2) : pct.toFixed(Math.abs(pct) < 10 ? 1 : 0);
  return `${text.startsWith('-') ? '' : '+'}${text}%`;
}

/** "p=0.002", "p<0.001". */
export function pText(p: number): string {
  return p < 0.001 ? 'p<0.001' : `p=${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** Enough digits to see a change: up to 6 significant digits, thousands separated. */
const numberText = (x: number) =>
  Math.abs(x) >= 1e6 || Number.isInteger(x)
    ? formatNumber(x)
    : Number(x.toPrecision(6)).toLocaleString('en-US', { maximumSignificantDigits: 6 });

/** The raw samples of a cell, if it has them. */
function samplesOf(cell: Cell | undefined): number[] | undefined {
  return isSummary(cell) && Array.isArray(cell.samples) && cell.samples.length > 0 ? cell.samples : undefined;
}

/** A sampled comparison before the rows' p-values are adjusted together. */
export type SampledTest =
  | { tested: true; p: number; shift: number; lo: number; hi: number; n: [number, number] }
  | { tested: false; judgement: Judgement };

/** Tests one sampled metric: U p-value and Hodges-Lehmann interval on log samples, or why it cannot be tested. */
export function testSampled(a: Cell | undefined, b: Cell | undefined, o: JudgeOptions): SampledTest {
  const [nameA, nameB] = o.names;
  const sa = samplesOf(a);
  const sb = samplesOf(b);
  if (!sa || !sb) {
    const missing = [!sa ? nameA : '', !sb ? nameB : ''].filter(Boolean).join(' and ');
    const plain = [a, b].some((x) => typeof x === 'number');
    const reason =
      a === undefined || b === undefined || a === null || b === null
        ? `not comparable: no value in ${missing}`
        : plain
          ? `can't tell: ${missing} ${missing.includes(' and ') ? 'hold' : 'holds'} a single number, no samples to test`
          : `can't tell: no raw samples in ${missing} (a report from before samples were kept)`;
    return { tested: false, judgement: { verdict: a == null || b == null ? 'not comparable' : "can't tell", reason } };
  }
  if ([...sa, ...sb].some((x) => !(x > 0) || !Number.isFinite(x)))
    return {
      tested: false,
      judgement: { verdict: 'not comparable', reason: 'not comparable: samples must be positive to take ratios' },
    };
  const n: [number, number] = [sa.length, sb.length];
  const minP = smallestPossibleP(n[0], n[1]);
  const la = sa.map(Math.log);
  const lb = sb.map(Math.log);
  const hl = hodgesLehmann(la, lb, 0.95);
  if (minP >= o.alpha) {
    const ratio = Math.exp(hl.estimate);
    return {
      tested: false,
      judgement: {
        verdict: "can't tell",
        reason: `can't tell (n=${n[0]}+${n[1]}: the smallest possible p is ${minP.toFixed(2)}; ${o.moreSamples})`,
        ratio,
        lo: 0,
        hi: Infinity,
        n,
      },
    };
  }
  return { tested: true, p: mannWhitneyU(la, lb).p, shift: hl.estimate, lo: hl.lo, hi: hl.hi, n };
}

/** The verdict of a tested sampled metric once its adjusted p-value q is known. */
export function sampledVerdict(
  t: Extract<SampledTest, { tested: true }>,
  q: number,
  metric: Metric,
  o: JudgeOptions,
): Judgement {
  const ratio = Math.exp(t.shift);
  const lo = Math.exp(t.lo);
  const hi = Math.exp(t.hi);
  const limit = 1 + o.threshold;
  const evidence = `${changeText(ratio)} [${changeText(lo)}, ${changeText(hi)}], ${pText(q)}, n=${t.n[0]}+${t.n[1]}`;
  let verdict: Verdict;
  let why = '';
  if (!(q < o.alpha)) verdict = 'within noise';
  else if (lo > limit || hi < 1 / limit) {
    const up = lo > limit;
    verdict = metric.better ? (up === (metric.better === 'higher') ? 'better' : 'worse') : 'changed';
  } else {
    verdict = 'within threshold';
    why = `: the interval reaches inside ±${(o.threshold * 100).toFixed(0)}%`;
  }
  return { verdict, reason: `${verdict} ${evidence}${why}`, ratio, lo, hi, p: t.p, q, n: t.n };
}

/** Exact metrics: same or changed (never better or worse: a deterministic change is a different computation). */
export function judgeExact(a: Cell | undefined, b: Cell | undefined, o: JudgeOptions): Judgement {
  const va = isSummary(a) ? a.median : a;
  const vb = isSummary(b) ? b.median : b;
  if (va === undefined || vb === undefined || va === null || vb === null)
    return { verdict: 'not comparable', reason: `not comparable: no value in ${va == null ? o.names[0] : o.names[1]}` };
  const equal =
    typeof va === 'number' && typeof vb === 'number'
      ? va === vb || Math.abs(va - vb) <= 1e-12 * Math.max(Math.abs(va), Math.abs(vb))
      : String(va) === String(vb);
  if (equal) return { verdict: 'same', reason: 'same', ...(typeof va === 'number' && va !== 0 ? { ratio: 1 } : {}) };
  const expected = o.expectedChange
    ? `; expected: ${o.expectedChange === 'seed differs' ? 'seed differs' : 'params differ'}`
    : '';
  if (typeof va === 'number' && typeof vb === 'number') {
    const ratio = va !== 0 ? vb / va : undefined;
    const pct = ratio !== undefined ? ` (${changeText(ratio)})` : '';
    return {
      verdict: 'changed',
      reason: `changed ${numberText(va)} → ${numberText(vb)}${pct}${expected}`,
      ...(ratio !== undefined ? { ratio } : {}),
    };
  }
  return { verdict: 'changed', reason: `changed ${String(va)} → ${String(vb)}${expected}` };
}

const seen = (v: Cell | undefined): boolean | undefined =>
  typeof v === 'boolean' ? v : typeof v === 'number' ? v > 0 : isSummary(v) ? v.max > 0 : undefined;
const amount = (v: Cell | undefined) => (typeof v === 'number' ? ` (${numberText(v)})` : '');

/** Observed events (a race, a deadlock): which run saw them; never better or worse, since chance decides. */
export function judgeObserved(a: Cell | undefined, b: Cell | undefined, o: JudgeOptions): Judgement {
  const [nameA, nameB] = o.names;
  const sa = seen(a);
  const sb = seen(b);
  if (sa === undefined || sb === undefined)
    return { verdict: 'not comparable', reason: `not comparable: no value in ${sa === undefined ? nameA : nameB}` };
  const reason =
    sa && sb
      ? `seen in both${typeof a === 'number' && typeof b === 'number' ? ` (${numberText(a)} and ${numberText(b)})` : ''}`
      : sa
        ? `seen in ${nameA}${amount(a)}, not in ${nameB}`
        : sb
          ? `not seen in ${nameA}, seen in ${nameB}${amount(b)}`
          : 'seen in neither';
  return { verdict: 'observed', reason: `observed: ${reason}` };
}
