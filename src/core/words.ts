// Wording shared by every lab's findings and tables: ratios ("3.2×"), plurals ("1 policy", "3 policies"),
// the "±x%" spread of a timing, and "3.2× faster" comparisons. Tests: test/core/words.test.ts.
import type { Summary } from './stats.js';

/** "3.2×", "12×": a ratio with one decimal below 10 and none above. */
export function times(ratio: number): string {
  if (!Number.isFinite(ratio)) return `${ratio}×`;
  return `${ratio.toFixed(Math.abs(ratio) >= 10 ? 0 : Math.abs(ratio) >= 1 ? 1 : 2)}×`;
}

/** "1 policy", "3 policies", "0 runs": the count and the noun in the right number. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}

/** " ±7%": half the interquartile range as a percentage of the median; empty for a single sample. */
export function spreadText(s: Summary): string {
  return s.n > 1 ? ` ±${(s.relSpread * 50).toFixed(0)}%` : '';
}

/** "3.2× faster" or "1.5× slower": how `seconds` compares with `referenceSeconds`. */
export function fasterOrSlower(seconds: number, referenceSeconds: number): string {
  if (seconds <= 0 || referenceSeconds <= 0) return 'not comparable';
  return seconds <= referenceSeconds
    ? `${times(referenceSeconds / seconds)} faster`
    : `${times(seconds / referenceSeconds)} slower`;
}

/** "a, b and c": a list joined the way a sentence reads. */
export function listText(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
