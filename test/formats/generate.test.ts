import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { CATEGORIES, GENERATED_COLUMNS, generateTable, rowsToAppend } from '../../src/formats/generate.js';
import { column, firstDifference, type Value } from '../../src/formats/table.js';

describe('generateTable', () => {
  const t = generateTable(20_000, createRng(3));

  it('is deterministic per seed and differs across seeds', () => {
    expect(firstDifference(t, generateTable(20_000, createRng(3)))).toBeUndefined();
    expect(firstDifference(t, generateTable(20_000, createRng(4)))).toBeDefined();
  });

  it('has the declared columns with values of the canonical types', () => {
    expect(t.columns).toEqual(GENERATED_COLUMNS);
    expect(t.data.every((c) => c.length === 20_000)).toBe(true);
    expect(column(t, 'id').slice(0, 3)).toEqual([1n, 2n, 3n]);
    expect(column(t, 'id')[19_999]).toBe(20_000n);
    const ts = column(t, 'ts') as number[];
    expect(ts.every((x, i) => i === 0 || x >= ts[i - 1])).toBe(true);
    expect(new Set(column(t, 'category')).size).toBeLessThanOrEqual(CATEGORIES.length);
    expect(column(t, 'category').every((c) => CATEGORIES.includes(c as string))).toBe(true);
    expect((column(t, 'quantity') as number[]).every((q) => Number.isInteger(q) && q >= 1 && q <= 1000)).toBe(true);
    expect(
      column(t, 'amount').every(
        (a) => a === null || (typeof a === 'number' && a > 0 && Math.round(a * 100) / 100 === a),
      ),
    ).toBe(true);
  });

  it('has nulls in the nullable columns at about the intended rates', () => {
    const nulls = (name: string) => column(t, name).filter((v) => v === null).length / t.rowCount;
    expect(nulls('note')).toBeGreaterThan(0.08);
    expect(nulls('note')).toBeLessThan(0.12);
    expect(nulls('amount')).toBeGreaterThan(0.01);
    expect(nulls('amount')).toBeLessThan(0.03);
    expect(nulls('returned')).toBeGreaterThan(0.005);
    expect(nulls('id') + nulls('ts') + nulls('category') + nulls('quantity')).toBe(0);
  });

  it('writes free text that a CSV writer must quote: commas, quotes and line breaks', () => {
    const notes = column(t, 'note').filter((v): v is string => typeof v === 'string');
    expect(notes.some((n) => n.includes(','))).toBe(true);
    expect(notes.some((n) => n.includes('"'))).toBe(true);
    expect(notes.some((n) => n.includes('\n'))).toBe(true);
  });

  it('skews the categories: the most common is far more frequent than the median one', () => {
    const counts = new Map<Value, number>();
    for (const c of column(t, 'category')) counts.set(c, (counts.get(c) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    expect(sorted[0] / sorted[Math.floor(sorted.length / 2)]).toBeGreaterThan(5);
  });

  it('continues ids and time for the rows to append', () => {
    const more = rowsToAppend(t, 10, createRng(3), true);
    expect(more.rowCount).toBe(10);
    expect(column(more, 'id')[0]).toBe(20_001n);
    expect(column(more, 'ts')[0] as number).toBeGreaterThanOrEqual(column(t, 'ts')[19_999] as number);
    const cycled = rowsToAppend(generateTable(3, createRng(1)), 5, createRng(1), false);
    expect(column(cycled, 'id')).toEqual([1n, 2n, 3n, 1n, 2n]);
  });
});
