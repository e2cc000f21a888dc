// How Lab 08's findings compare the latencies of two sets of calls (stack against stack, a new connection against a
// kept-alive one, TLS against plain): the Hodges-Lehmann shift of the raw samples (src/core/hodges-lehmann.ts) with its
// 95% interval, called "more" or "less" only when the interval excludes 0, "no clear difference" when it holds 0, and
// "too few calls to tell" when the samples are too few for a 95% interval at all. Both reports (Calc's,
// src/rpc/report.ts, and a student's service's, src/rpc/service-report.ts) use this one helper. Tests:
// test/rpc/shift.test.ts.
import { hodgesLehmann } from '../core/hodges-lehmann.js';
import { formatNumber } from '../core/units.js';

/** A latency in words: "850 µs", or "12.5 ms" from 10 ms on. */
export const usText = (x: number): string => (x >= 10_000 ? `${formatNumber(x / 1000)} ms` : `${formatNumber(x)} µs`);

/**
 * How much slower the calls of `b` were than those of `a` (latency samples in µs), in words: "300 µs more" or
 * "40 µs less" when the 95% interval of the Hodges-Lehmann shift excludes 0, else "no clear difference", or "too few
 * calls to tell" (also when a side has no samples). Calls made one after another are not independent draws, so the
 * interval is a guide, as in `syslab compare`, not a test.
 */
export function shiftText(a: readonly number[], b: readonly number[]): string {
  if (!a.length || !b.length) return 'too few calls to tell';
  const s = hodgesLehmann(a, b);
  if (s.k === 0) return 'too few calls to tell';
  if (s.lo > 0) return `${usText(s.estimate)} more`;
  if (s.hi < 0) return `${usText(-s.estimate)} less`;
  return 'no clear difference';
}
