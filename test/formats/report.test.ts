import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/stats.js';
import type { ExperimentResult, FileRow, QueryRow } from '../../src/formats/experiment.js';
import { filesTable, findings } from '../../src/formats/report.js';

const s = (x: number) => summarize([x]);
const q = (
  format: string,
  codec: string,
  library: string,
  query: QueryRow['query'],
  seconds: number,
  bytesRead: number,
  extra: Partial<QueryRow> = {},
): QueryRow => ({
  format,
  codec,
  library,
  query,
  what: query === 'lookup' ? 'id = 7' : query === 'append' ? 'append 1,000 rows' : 'SUM(amount)',
  seconds: s(seconds),
  bytesRead,
  fileFraction: bytesRead / 1000,
  deviceBytes: 0,
  blocksTotal: null,
  blocksSkipped: null,
  result: '',
  check: 'ok',
  how: '',
  ...extra,
});
const f = (format: string, codec: string, bytes: number, write: number): FileRow => ({
  format,
  codec,
  library: 'lib',
  file: 'x',
  bytes,
  bytesPerRow: bytes / 10,
  writeSeconds: s(write),
  roundTrip: 'exact',
});

const result: ExperimentResult = {
  files: [f('CSV', 'none', 1000, 2), f('Parquet', 'SNAPPY', 400, 1), f('Parquet', 'ZSTD', 250, 0.5)],
  queries: [
    q('CSV', 'none', 'csv', 'sum', 2, 1000),
    q('Parquet', 'SNAPPY', 'hyparquet', 'sum', 0.1, 150),
    q('CSV', 'none', 'csv', 'lookup', 1, 800),
    q('SQLite (index on key)', 'none', 'better-sqlite3', 'lookup', 0.001, 4096),
    q('CSV', 'none', 'csv', 'append', 0.002, 0),
    q('Parquet', 'SNAPPY', 'hyparquet', 'append', 0.02, 0),
    q('Parquet', 'SNAPPY', 'hyparquet', 'filter-value', 0.05, 300, {
      what: 'amount > 9: COUNT(*), SUM(amount)',
      blocksTotal: 10,
      blocksSkipped: 0,
    }),
    q('Parquet', 'SNAPPY', 'hyparquet', 'filter-time', 0.01, 50, {
      what: 'ts >= 2024-01-01T00:00:00.000Z: COUNT(*), SUM(amount)',
      blocksTotal: 10,
      blocksSkipped: 9,
    }),
  ],
  reference: [{ file: 'a.parquet', writer: 'w', rows: 10, check: 'ok' }],
  blocks: [],
  queriesSpec: { value: { column: 'amount', op: '>', value: 9 }, keyColumn: 'id', key: 7n },
};

describe('findings', () => {
  const text = findings(result, false);

  it('computes the speedup, bytes, winners and codec sizes from the rows', () => {
    expect(text).toContain(
      'Summing one column: Parquet SNAPPY (hyparquet) took 100 ms against 2 s for CSV, 20× faster; it read 150 B ' +
        '(15.0% of its file) where CSV had to read all 1000 B.',
    );
    expect(text).toContain(
      'The point lookup (id = 7) was fastest in SQLite (index on key) (better-sqlite3): 1 ms, 4.00 KiB read.',
    );
    expect(text).toContain('Appending 1,000 rows was fastest in CSV (2 ms) and slowest in Parquet SNAPPY (20 ms).');
    expect(text).toContain(
      "Parquet file size as a share of CSV's 1000 B: SNAPPY 40.0%, ZSTD 25.0%; the smallest is ZSTD, " +
        'the fastest to write ZSTD (500 ms).',
    );
    expect(text).toContain(
      'Row-group statistics let the filter amount > 9 skip 0 of 10 row groups, while ts >= ' +
        '2024-01-01T00:00:00.000Z skipped 9 of 10: min/max statistics only help on a clustered column, whose row ' +
        'groups each cover a narrow range of values.',
    );
    expect(text).toContain('DuckDB read the one Parquet file with the same row count and column checksums.');
  });

  it('says "slower" when the columnar read lost, and draws no conclusion the numbers do not show', () => {
    const swapped = {
      ...result,
      files: [...result.files, f('Arrow IPC', 'none', 500, 1), f('Arrow IPC (dictionary strings)', 'none', 500, 1)],
      queries: result.queries.map((r) => {
        if (r.query === 'sum' && r.format === 'Parquet') return { ...r, seconds: s(4) };
        if (r.query === 'filter-value') return { ...r, blocksSkipped: 10 };
        if (r.query === 'filter-time') return { ...r, blocksSkipped: 0 };
        return r;
      }),
    };
    const text = findings(swapped, false);
    expect(text[0]).toBe(
      'Summing one column: Parquet SNAPPY (hyparquet) took 4 s against 2 s for CSV, 2.0× slower; it read 150 B ' +
        '(15.0% of its file) where CSV had to read all 1000 B.',
    );
    expect(text).toContain(
      'Row-group statistics let the filter amount > 9 skip 10 of 10 row groups, while ts >= ' +
        '2024-01-01T00:00:00.000Z skipped 0 of 10.',
    );
    expect(text).toContain(
      'Dictionary encoding did not shrink the Arrow file (500 B plain, 500 B with dictionaries): no string column ' +
        'repeats its values enough for a dictionary to pay.',
    );
  });

  it('says when an answer was wrong', () => {
    const bad = {
      ...result,
      queries: [...result.queries, q('JSON lines', 'none', 'json', 'sum', 1, 1, { check: 'expected 3 values' })],
    };
    expect(findings(bad, false)).toContain('1 answers differed from the in-memory answer: JSON lines sum.');
  });

  it('gives vsCsv as the CSV size over each file size', () => {
    expect(filesTable(result.files).rows.map((r) => r.vsCsv)).toEqual([1, 2.5, 4]);
  });
});
