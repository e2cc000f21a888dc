import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parquetFormat } from '../../src/formats/parquet.js';
import { measureCursorCost, parquetjsFormat, parquetjsReadError } from '../../src/formats/parquetjs.js';
import { fileFormatContract } from './contract.js';
import { edgeTable, small, tempDir } from './helpers.js';

fileFormatContract(parquetjsFormat, edgeTable());

describe('parquetjs-lite faults and workarounds', () => {
  const dir = tempDir();

  it('cannot read the files hyparquet-writer makes, and says why', async () => {
    const t = small(300);
    const p = path.join(dir, 'hyparquet.parquet');
    await parquetFormat('SNAPPY').write(t, p, { rowGroupSize: 100, keyColumn: 'id' });
    expect(await parquetjsReadError(p)).toBe('invalid parquet version');
    const own = path.join(dir, 'own.parquet');
    await parquetjsFormat.write(t, own, { rowGroupSize: 100, keyColumn: 'id' });
    expect(await parquetjsReadError(own)).toBeUndefined();
  });

  it('reads every row through the cursor whatever the row-group size', async () => {
    const cost = await measureCursorCost(dir, 3_000, [300, 3_000]);
    expect(cost.map((c) => [c.rows, c.rowGroupSize])).toEqual([
      [3_000, 300],
      [3_000, 3_000],
    ]);
    expect(cost.every((c) => c.seconds.n === 1 && c.seconds.median > 0)).toBe(true);
  });
});
