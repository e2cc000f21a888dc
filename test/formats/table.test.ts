import { describe, expect, it } from 'vitest';
import { column, firstDifference, rowAt, sameValue, sliceTable, type DataTable } from '../../src/formats/table.js';

const t: DataTable = {
  columns: [
    { name: 'id', type: 'int64' },
    { name: 's', type: 'string' },
  ],
  data: [
    [1n, 2n, 3n],
    ['a', null, 'c'],
  ],
  rowCount: 3,
};

describe('table', () => {
  it('finds no difference between equal tables and names the first one otherwise', () => {
    expect(
      firstDifference(t, {
        ...t,
        data: [
          [1n, 2n, 3n],
          ['a', null, 'c'],
        ],
      }),
    ).toBeUndefined();
    expect(
      firstDifference(t, {
        ...t,
        data: [
          [1n, 2n, 3n],
          ['a', '', 'c'],
        ],
      }),
    ).toBe('row 1 column s: expected null, got ""');
    expect(
      firstDifference(t, {
        ...t,
        data: [
          [1n, 2n, 4n],
          ['a', null, 'c'],
        ],
      }),
    ).toBe('row 2 column id: expected 3n, got 4n');
    expect(
      firstDifference(t, {
        ...t,
        rowCount: 2,
        data: [
          [1n, 2n],
          ['a', null],
        ],
      }),
    ).toBe('row count differs: expected 3, got 2');
    expect(
      firstDifference(t, {
        ...t,
        columns: [
          { name: 'id', type: 'int32' },
          { name: 's', type: 'string' },
        ],
      }),
    ).toMatch(/^columns differ/);
  });

  it('tells bigint from number and null from undefined', () => {
    expect(sameValue(1n, 1)).toBe(false);
    expect(sameValue(null, null)).toBe(true);
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
  });

  it('slices rows and reads rows and columns', () => {
    const s = sliceTable(t, 1, 10);
    expect(s.rowCount).toBe(2);
    expect(s.data).toEqual([
      [2n, 3n],
      [null, 'c'],
    ]);
    expect(rowAt(t, 2)).toEqual({ id: 3n, s: 'c' });
    expect(column(t, 's')).toEqual(['a', null, 'c']);
    expect(() => column(t, 'nope')).toThrow(/no column "nope"/);
  });
});
