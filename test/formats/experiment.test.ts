import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { planQueries, quantile } from '../../src/formats/experiment.js';
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
