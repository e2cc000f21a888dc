// compare-html.ts: the forest plot draws one estimate and interval per row (dashed when unbounded) over the
// threshold band; the strip plot one dot per run with the reference highlighted; pages are self-contained.
import { describe, expect, it } from 'vitest';
import { classCompare } from '../../src/core/compare-class.js';
import { classHtml, distinctLabels, forestSvg, stripSvg } from '../../src/core/compare-html.js';
import { loadClass } from '../../src/core/compare.js';
import { realLab03Runs } from './compare-fixtures.js';

const count = (text: string, what: RegExp) => (text.match(what) ?? []).length;

describe('forest plot', () => {
  it('one dot and bar per row, the unbounded one dashed, the threshold shaded', () => {
    const svg = forestSvg(
      'seconds: B / A',
      [
        { label: 'k=1', ratio: 1.5, lo: 1.3, hi: 1.7, verdict: 'worse' },
        { label: 'k=2', ratio: 1.01, lo: 0, hi: Infinity, verdict: "can't tell" },
      ],
      0.02,
    );
    expect(count(svg, /<circle /g)).toBe(2);
    expect(count(svg, /stroke-dasharray/g)).toBe(1);
    expect(svg).toContain('fill="#eaeef2"'); // the ±2% band
    expect(svg).toContain('stroke="#cf222e"'); // worse in red
    expect(svg).toContain('within ±2%');
  });
});

describe('chart labels', () => {
  it('keep only the key parts that differ between rows', () => {
    expect(distinctLabels(['w=zipf, p=lru, size=50', 'w=zipf, p=lru, size=200', 'w=zipf, p=opt, size=50'])).toEqual([
      'p=lru, size=50',
      'p=lru, size=200',
      'p=opt, size=50',
    ]);
    expect(distinctLabels(['k=1'])).toEqual(['k=1']);
  });
});

describe('strip plot and class page', () => {
  it('one dot per run, the reference larger and red', () => {
    const svg = stripSvg('t', [{ label: 'row', points: [0.9, 1, 1.1], reference: 1.3 }], 'me');
    expect(count(svg, /<circle /g)).toBe(4);
    expect(count(svg, /fill="#cf222e"/g)).toBe(1);
  });
  it('the class page plots every varying metric with the reference highlighted, self-contained', () => {
    const c = classCompare(loadClass(realLab03Runs().classDir), { reference: 's05' });
    const html = classHtml(c);
    expect(html).toContain('s05 (reference)');
    expect(count(html, /<svg /g)).toBeGreaterThan(0);
    expect(html).not.toMatch(/<script|<link|src=/);
  });
});
