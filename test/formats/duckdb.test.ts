import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksAgree, duckdbChecks, duckdbEngine, tableChecks } from '../../src/formats/duckdb.js';
import { filterValues, findRow, sumValues } from '../../src/formats/format.js';
import { newCounter } from '../../src/formats/io.js';
import { parquetFormat } from '../../src/formats/parquet.js';
import { parquetjsFormat } from '../../src/formats/parquetjs.js';
import { column, rowAt } from '../../src/formats/table.js';
import { edgeTable, small, tempDir } from './helpers.js';

describe('DuckDB reads every Parquet file the lab writes', () => {
  const dir = tempDir();
  const writers = [
    ...(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD'] as const).map((c) => parquetFormat(c)),
    parquetjsFormat,
  ];

  for (const [name, table] of [
    ['generated', small(1_500)],
    ['edge values', edgeTable()],
  ] as const) {
    for (const w of writers) {
      it(`${w.id}, ${name}: same row count and column checksums`, async () => {
        const p = path.join(dir, `${name.replace(' ', '-')}${w.extension}`);
        await w.write(table, p, { rowGroupSize: 400, keyColumn: 'id' });
        const got = await duckdbChecks(p, table.columns);
        expect(got.rows).toBe(table.rowCount);
        const want = tableChecks(table);
        got.checks.forEach((c, i) =>
          expect(checksAgree(c, want[i]), `${c.column}: ${c.count}/${c.sum} vs ${want[i].count}/${want[i].sum}`).toBe(
            true,
          ),
        );
      });
    }
  }

  it('answers the lab queries in-engine as computed in memory', async () => {
    const t = small(1_500);
    const file = { path: path.join(dir, 'q.parquet'), columns: t.columns };
    await parquetFormat('SNAPPY').write(t, file.path, { rowGroupSize: 400, keyColumn: 'id' });
    const amount = column(t, 'amount');
    const sum = await duckdbEngine.sum(file, 'amount', newCounter());
    expect(sum.count).toBe(sumValues(amount).count);
    expect(sum.sum).toBeCloseTo(sumValues(amount).sum, 6);
    const ts = column(t, 'ts')[1_000] as number;
    for (const p of [
      { column: 'amount', op: '>' as const, value: 40 },
      { column: 'ts', op: '>=' as const, value: ts },
    ]) {
      const got = await duckdbEngine.filter(file, p, 'amount', newCounter());
      expect(got.matched).toBe(filterValues(column(t, p.column), p, amount).matched);
    }
    expect(await duckdbEngine.lookup(file, 'id', 777n, newCounter())).toEqual(rowAt(t, findRow(column(t, 'id'), 777n)));
    expect(await duckdbEngine.lookup(file, 'id', -1n, newCounter())).toBeNull();
  });
});
