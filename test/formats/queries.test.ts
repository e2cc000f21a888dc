// Query planning (nearest-rank quantiles, a key drawn from the seed) and the checks of an answer, by known values.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { planQueries, quantile, rowDifference, sumsAgree } from '../../src/formats/queries.js';
import { column } from '../../src/formats/table.js';
import { small } from './helpers.js';

describe('query planning', () => {
  it('takes the nearest-rank quantile of the non-null values', () => {
    expect(quantile([5, null, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([5, null, 1, 4, 2, 3], 0.99)).toBe(5);
    expect(quantile([10n, 20n, 30n, 40n], 0.25)).toBe(10);
    expect(() => quantile([null], 0.5)).toThrow(/empty/);
  });

  it('derives the predicates and the key from the table and the seed', () => {
    const t = small(1_000);
    const q = planQueries(t, 'id', 'amount', 'ts', 0.99, createRng(5));
    expect(q.value).toEqual({ column: 'amount', op: '>', value: quantile(column(t, 'amount'), 0.99) });
    expect(q.time?.op).toBe('>=');
    expect(column(t, 'id')).toContain(q.key);
    expect(planQueries(t, 'id', 'amount', 'ts', 0.99, createRng(5)).key).toBe(q.key);
    expect(planQueries(t, 'id', 'amount', undefined, 0.99, createRng(5)).time).toBeUndefined();
  });
});

describe('checking an answer against the one computed in memory', () => {
  it('accepts sums that differ only by rounding, and names the first differing column of a looked-up row', () => {
    expect(sumsAgree(0.1 + 0.2, 0.3)).toBe(true);
    expect(sumsAgree(1e12, 1e12 + 1)).toBe(true); // relative tolerance 1e-9
    expect(sumsAgree(1000, 1000.01)).toBe(false);
    const columns = [
      { name: 'id', type: 'int64' as const },
      { name: 'note', type: 'string' as const },
    ];
    expect(rowDifference({ id: 1n, note: 'a' }, { id: 1n, note: 'a' }, columns)).toBeUndefined();
    expect(rowDifference({ id: 1n, note: 'a' }, { id: 1n, note: 'b' }, columns)).toBe('note: expected "a", got "b"');
    expect(rowDifference({ id: 1n, note: 'a' }, null, columns)).toBe('expected a row, got none');
  });
});
