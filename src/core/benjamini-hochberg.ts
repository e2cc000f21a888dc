// Benjamini-Hochberg adjusted p-values: when one comparison tests many rows, a row counts as significant when its
// adjusted p-value is below alpha, which keeps the expected share of false discoveries at most alpha. Values that
// are NaN (rows that were not tested) are passed through and not counted. Same as SciPy's
// `scipy.stats.false_discovery_control(p, method='bh')`. Tests: test/core/benjamini-hochberg.test.ts.

/** Adjusted p-values in the input's order: q_(i) = min over j >= i of m p_(j) / j, capped at 1. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const tested = pValues.map((p, i) => ({ p, i })).filter((e) => !Number.isNaN(e.p));
  tested.sort((a, b) => a.p - b.p);
  const m = tested.length;
  const out = pValues.map(() => NaN);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const e = tested[r];
    running = Math.min(running, (e.p * m) / (r + 1));
    out[e.i] = running;
  }
  return out;
}
