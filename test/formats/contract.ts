// The behaviour every FileFormat must show (src/formats/format.ts), as one suite each format's test file runs:
// exact round trips (generated table and edge values), query answers equal to the in-memory reference, bytes
// counted, and appends that read back: in place, or as the part file the format's notes promise, with the original
// file left exactly as it was.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterValues, findRow, sumValues, type FileFormat, type Predicate } from '../../src/formats/format.js';
import { newCounter } from '../../src/formats/io.js';
import { column, firstDifference, rowAt, sliceTable, type DataTable, type Value } from '../../src/formats/table.js';
import { small, tempDir } from './helpers.js';

export function fileFormatContract(format: FileFormat, edge: DataTable): void {
  describe(`${format.id} (${format.library}) behind the FileFormat interface`, () => {
    const dir = tempDir();
    const table = small(600);
    const write = { rowGroupSize: 100, keyColumn: 'id' };
    const file = { path: path.join(dir, `t${format.extension}`), columns: table.columns };
    const written = format.write(table, file.path, write);

    it('round-trips the generated table exactly', async () => {
      await written;
      const counter = newCounter();
      expect(firstDifference(table, await format.scan(file, counter))).toBeUndefined();
      expect(counter.bytes).toBeGreaterThan(0);
      expect(counter.reads).toBeGreaterThan(0);
    });

    it('round-trips edge values exactly (extremes, nulls, quotes, line breaks, timestamps before 1970)', async () => {
      const edgeFile = { path: path.join(dir, `edge${format.extension}`), columns: edge.columns };
      await format.write(edge, edgeFile.path, write);
      expect(firstDifference(edge, await format.scan(edgeFile, newCounter()))).toBeUndefined();
    });

    it('answers SUM, both filters and the lookup exactly as computed in memory', async () => {
      await written;
      const amount = column(table, 'amount');
      const sum = await format.sum(file, 'amount', newCounter());
      const want = sumValues(amount);
      expect(sum.count).toBe(want.count);
      expect(sum.sum).toBeCloseTo(want.sum, 6);
      const predicates: Predicate[] = [
        { column: 'amount', op: '>', value: 50 },
        { column: 'ts', op: '>=', value: column(table, 'ts')[450] as number },
      ];
      for (const p of predicates) {
        const got = await format.filter(file, p, 'amount', newCounter());
        const expected = filterValues(column(table, p.column), p, amount);
        expect(got.matched).toBe(expected.matched);
        expect(got.sum).toBeCloseTo(expected.sum, 6);
      }
      const key: Value = 321n;
      const row = await format.lookup(file, 'id', key, newCounter());
      expect(row).toEqual(rowAt(table, findRow(column(table, 'id'), key)));
      expect(await format.lookup(file, 'id', 99_999n, newCounter())).toBeNull();
    });

    it('appends rows that read back, where the format says it puts them', async () => {
      await written;
      const appendPath = path.join(dir, `append${format.extension}`);
      await format.write(table, appendPath, write);
      const more = sliceTable(small(50, 99), 0, 50);
      await format.append({ path: appendPath, columns: table.columns }, more, 1, write);
      const original = await format.scan({ path: appendPath, columns: table.columns }, newCounter());
      const parts = readdirSync(dir).filter((f) => f.startsWith(`${path.basename(appendPath)}.part-1`));
      if (format.notes.append?.startsWith('writes a new part file')) {
        // Immutable formats: one new part file holding exactly the new rows, the table itself untouched.
        expect(parts).toHaveLength(1);
        const part = { path: path.join(dir, parts[0]), columns: table.columns };
        expect(firstDifference(more, await format.scan(part, newCounter()))).toBeUndefined();
        expect(firstDifference(table, original)).toBeUndefined();
      } else {
        expect(parts).toEqual([]);
        expect(original.rowCount).toBe(650);
        expect(firstDifference(table, sliceTable(original, 0, 600))).toBeUndefined();
        expect(firstDifference(more, sliceTable(original, 600, 650))).toBeUndefined();
      }
    });
  });
}
