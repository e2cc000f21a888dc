import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCounter } from '../../src/formats/io.js';
import { canSkip, mayHoldKey, parquetFormat, rowGroupStats, type RowGroupInfo } from '../../src/formats/parquet.js';
import { fileFormatContract } from './contract.js';
import { edgeTable, small, tempDir } from './helpers.js';

for (const codec of ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD'] as const)
  fileFormatContract(parquetFormat(codec), edgeTable());

describe('row-group pruning rules', () => {
  const g: RowGroupInfo = { index: 0, rowStart: 0, rowEnd: 100, min: 10, max: 20, nullCount: 0 };

  it('skips a group only when its max proves no row passes', () => {
    expect(canSkip(g, { column: 'x', op: '>', value: 20 })).toBe(true);
    expect(canSkip(g, { column: 'x', op: '>=', value: 20 })).toBe(false);
    expect(canSkip(g, { column: 'x', op: '>', value: 19.5 })).toBe(false);
    expect(canSkip({ ...g, max: undefined }, { column: 'x', op: '>', value: 1e9 })).toBe(false);
    expect(canSkip({ ...g, min: undefined, max: undefined, nullCount: 100 }, { column: 'x', op: '>', value: 0 })).toBe(
      true,
    );
  });

  it('looks for a key only where [min, max] holds it', () => {
    expect(mayHoldKey(g, 10)).toBe(true);
    expect(mayHoldKey(g, 20)).toBe(true);
    expect(mayHoldKey(g, 21)).toBe(false);
    expect(mayHoldKey({ ...g, min: undefined }, 21)).toBe(true);
  });
});

describe('Parquet reads only what the query needs', () => {
  const dir = tempDir();
  // Big enough (about 1.5 MB) that the reader's first 64 KiB footer read is small beside the column chunks.
  const t = small(20_000);
  const f = parquetFormat('SNAPPY');
  const file = { path: path.join(dir, 't.parquet'), columns: t.columns };
  const written = f.write(t, file.path, { rowGroupSize: 2_000, keyColumn: 'id' });

  it('writes the requested row groups with statistics', async () => {
    await written;
    const { parquetMetadata } = await import('hyparquet');
    const { readFileSync } = await import('node:fs');
    const groups = rowGroupStats(parquetMetadata(readFileSync(file.path).buffer), 'id');
    expect(groups).toHaveLength(10);
    expect(groups[3]).toMatchObject({ rowStart: 6_000, rowEnd: 8_000, min: 6_001, max: 8_000, nullCount: 0 });
  });

  it('projects: one column reads far fewer bytes than the full scan', async () => {
    await written;
    const scan = newCounter();
    const sum = newCounter();
    await f.scan(file, scan);
    await f.sum(file, 'amount', sum);
    expect(scan.bytes).toBeGreaterThanOrEqual(statSync(file.path).size * 0.95);
    expect(sum.bytes).toBeLessThan(scan.bytes / 3);
  });

  it('skips row groups on a sorted column and none on an unsorted one', async () => {
    await written;
    const sorted = await f.filter(file, { column: 'id', op: '>', value: 18_500 }, 'amount', newCounter());
    expect(sorted.matched).toBe(1_500);
    expect(sorted.blocks).toEqual({ total: 10, skipped: 9 });
    const unsorted = await f.filter(file, { column: 'amount', op: '>', value: 100 }, 'amount', newCounter());
    expect(unsorted.blocks?.skipped).toBe(0);
  });

  it('reads one row group of the key column for a lookup', async () => {
    await written;
    const lookup = newCounter();
    const sum = newCounter();
    await f.lookup(file, 'id', 12_345n, lookup);
    await f.sum(file, 'id', sum);
    expect(lookup.bytes).toBeLessThan(statSync(file.path).size / 2);
    expect(lookup.bytes).toBeLessThan(sum.bytes + 64 * 1024);
  });
});
