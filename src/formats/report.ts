// Turns lab 04's measured rows into its report: the files, queries, blocks and reference tables, two charts,
// findings computed from the numbers, and sections (column types, caches, how each query ran, parquetjs-lite's
// faults). report() is what labs/04-file-formats.ts returns. Tests: test/formats/report.test.ts.
import type { LabResult } from '../core/lab.js';
import {
  barChart,
  fasterOrSlower,
  formatBytes,
  formatNumber,
  formatSeconds,
  pct,
  spreadText,
  table,
  times,
  vegaLite,
  type ChartSpec,
  type Section,
  type Table,
} from '../core/index.js';
import type {
  ExperimentResult,
  FileRow,
  FormatsResult,
  ParquetjsFaults,
  QueryKind,
  QueryRow,
  Warmup,
} from './experiment.js';
import type { QueryEngine } from './format.js';
import type { ColumnDef } from './table.js';

/** The whole report: tables, charts, findings and sections, all from this run's result. */
export function report(
  result: FormatsResult,
): Required<Pick<LabResult, 'tables' | 'charts' | 'findings' | 'sections'>> {
  const sections = [
    typesSection(result.columns, result.source),
    cachesSection(result, result.cold, result.warmup),
    notesSection(result.engines),
  ];
  if (result.parquetjs) sections.push(parquetjsSection(result.parquetjs));
  const tables: Record<string, Table> = {
    files: filesTable(result.files),
    queries: queriesTable(result.queries),
    blocks: blocksTable(result.blocks, result.cold),
  };
  if (result.reference.length) tables.reference = referenceTable(result.reference);
  return { tables, charts: charts(result), findings: findings(result, result.cold), sections };
}

const bytesRead = (q: QueryRow) => (q.bytesRead === null ? 'an uncounted number of bytes' : formatBytes(q.bytesRead));
const label = (r: { format: string; codec: string }) => (r.codec === 'none' ? r.format : `${r.format} ${r.codec}`);

export function filesTable(files: FileRow[]): Table {
  const csv = files.find((f) => f.format === 'CSV');
  return table({
    title: 'Files: size and write time per format',
    description:
      'Each format stores the same table. vsCsv is the CSV file size over this file size (higher: smaller file). ' +
      'roundTrip: whether the full scan read back exactly the values written (nulls and timestamps included).',
    keys: ['format', 'codec', 'library'],
    columns: ['file', 'roundTrip'],
    metrics: {
      bytes: { unit: 'bytes', better: 'lower' },
      bytesPerRow: { unit: 'bytes', better: 'lower' },
      vsCsv: { unit: 'ratio', better: 'higher' },
      writeSeconds: { unit: 's', better: 'lower' },
    },
    rows: files.map((f) => ({
      format: f.format,
      codec: f.codec,
      library: f.library,
      file: f.file,
      roundTrip: f.roundTrip,
      bytes: f.bytes,
      bytesPerRow: Math.round(f.bytesPerRow * 10) / 10,
      vsCsv: csv ? csv.bytes / f.bytes : null,
      writeSeconds: f.writeSeconds,
    })),
  });
}

export function queriesTable(queries: QueryRow[]): Table {
  return table({
    title: 'Queries: time and bytes read per format',
    description:
      'Every query opens the file anew. bytesRead counts what the reader took from the file in one run (see "How ' +
      'each query ran" for where it is counted); fileFraction is that over the file size. blocksSkipped: ' +
      'Parquet row groups the min/max statistics ruled out. check: the answer equals the one computed in ' +
      'memory (appends are checked by the tests instead).',
    keys: ['format', 'codec', 'library', 'query'],
    columns: ['what', 'result', 'check'],
    metrics: {
      seconds: { unit: 's', better: 'lower' },
      bytesRead: { unit: 'bytes', better: 'lower' },
      fileFraction: { unit: 'ratio', better: 'lower' },
      deviceBytes: {
        unit: 'bytes',
        kind: 'observed',
        description: 'fetched from the storage device by the kernel during the run (0: all from the page cache)',
      },
      blocksTotal: { unit: 'count' },
      blocksSkipped: { unit: 'count', better: 'higher' },
    },
    rows: queries.map((q) => ({
      format: q.format,
      codec: q.codec,
      library: q.library,
      query: q.query,
      what: q.what,
      result: q.result,
      check: q.check,
      seconds: q.seconds,
      bytesRead: q.bytesRead,
      fileFraction: q.fileFraction,
      deviceBytes: q.deviceBytes,
      blocksTotal: q.blocksTotal,
      blocksSkipped: q.blocksSkipped,
    })),
  });
}

export function blocksTable(blocks: ExperimentResult['blocks'], cold: boolean): Table {
  return table({
    title:
      'Small reads: time per read at random offsets ' +
      `(${cold ? 'page cache dropped before every read' : 'page cache warm'})`,
    description:
      'Positional reads (pread) of one size at uniformly random offsets of the largest file written. ' +
      'deviceBytesPerRead: bytes the kernel fetched from the storage device per read (0 when the page cache ' +
      'held them).',
    keys: ['readBytes'],
    columns: ['file'],
    metrics: {
      secondsPerRead: { unit: 's', better: 'lower' },
      reads: { unit: 'count' },
      deviceBytesPerRead: { unit: 'bytes', kind: 'observed' },
    },
    rows: blocks.map((b) => ({
      readBytes: b.readBytes,
      file: b.file,
      reads: b.reads,
      secondsPerRead: b.seconds,
      deviceBytesPerRead: b.deviceBytesPerRead,
    })),
  });
}

export function referenceTable(reference: ExperimentResult['reference']): Table {
  return table({
    title: 'DuckDB reads every Parquet file the lab wrote',
    description:
      'Row count and, per column, the non-null count and a checksum (sum of values; of string byte lengths; of ' +
      'trues), computed by DuckDB and compared with the table in memory.',
    keys: ['file'],
    columns: ['writer', 'check'],
    metrics: { rows: { unit: 'count' } },
    rows: reference.map((r) => ({ file: r.file, writer: r.writer, rows: r.rows, check: r.check })),
  });
}

const ROW_HEIGHT = 22;

/**
 * Two charts with one row per format, sorted, so the long format names stay readable: file size per row (the core's
 * horizontal bars, in row order), and the one-column SUM's time and bytes read (points on log scales, since they span
 * decades; the time's whisker is its interquartile range when there were repeats). No builder draws a whisker beside
 * a second panel, so that one is a Vega-Lite spec written here.
 */
export function charts(result: ExperimentResult): ChartSpec[] {
  const sizes = result.files
    .map((f) => ({ format: label(f), bytesPerRow: Math.round(f.bytesPerRow * 10) / 10 }))
    .sort((a, b) => a.bytesPerRow - b.bytesPerRow);
  const sums = result.queries
    .filter((q) => q.query === 'sum')
    .map((q) => ({
      format: label(q),
      seconds: q.seconds.median,
      p25: q.seconds.p25,
      p75: q.seconds.p75,
      bytesRead: q.bytesRead,
    }))
    .sort((a, b) => a.seconds - b.seconds);
  const formatAxis = (order: string[], title: string | null) => ({
    field: 'format',
    type: 'nominal',
    sort: order,
    title,
  });
  return [
    barChart({
      name: 'file-sizes',
      title: 'Bytes per row by format and codec',
      rows: sizes,
      x: 'format',
      y: 'bytesPerRow',
      horizontal: true,
      valueLabels: true,
      width: 420,
      xTitle: 'format',
      yTitle: 'bytes per row (smaller is better)',
    }),
    vegaLite({
      name: 'sum-seconds',
      title: `SUM(${result.queriesSpec.value.column}): median time and bytes read per format (log scales)`,
      spec: {
        data: { values: sums },
        resolve: { scale: { y: 'shared' } },
        hconcat: [
          {
            width: 300,
            height: sums.length * ROW_HEIGHT,
            encoding: {
              y: formatAxis(
                sums.map((r) => r.format),
                'format',
              ),
            },
            layer: [
              {
                mark: 'rule',
                encoding: { x: { field: 'p25', type: 'quantitative', scale: { type: 'log' } }, x2: { field: 'p75' } },
              },
              {
                mark: { type: 'point', filled: true, size: 60 },
                encoding: {
                  x: {
                    field: 'seconds',
                    type: 'quantitative',
                    scale: { type: 'log' },
                    title: 'median seconds (log scale)',
                  },
                },
              },
            ],
          },
          {
            width: 220,
            height: sums.length * ROW_HEIGHT,
            mark: { type: 'point', filled: true, size: 60, color: '#e45756' },
            encoding: {
              y: {
                ...formatAxis(
                  sums.map((r) => r.format),
                  null,
                ),
                axis: null,
              },
              x: {
                field: 'bytesRead',
                type: 'quantitative',
                scale: { type: 'log' },
                title: 'bytes read from the file (log scale)',
              },
            },
          },
        ],
      },
    }),
  ];
}

const find = (qs: QueryRow[], query: QueryKind, format: string, codec?: string) =>
  qs.find((q) => q.query === query && q.format === format && (codec === undefined || q.codec === codec));

function fastest(qs: QueryRow[], query: QueryKind): QueryRow | undefined {
  return qs.filter((q) => q.query === query).sort((a, b) => a.seconds.median - b.seconds.median)[0];
}

/** Sentences computed from this run's numbers; each only when the rows it needs are there. */
export function findings(result: ExperimentResult, cold: boolean): string[] {
  const out: string[] = [];
  const qs = result.queries;
  const csvSum = find(qs, 'sum', 'CSV');
  const pqSum = find(qs, 'sum', 'Parquet', 'SNAPPY') ?? qs.find((q) => q.query === 'sum' && q.format === 'Parquet');
  if (csvSum && pqSum) {
    out.push(
      `Summing one column: Parquet ${pqSum.codec} (hyparquet) took ${formatSeconds(pqSum.seconds.median)} against ` +
        `${formatSeconds(csvSum.seconds.median)} for CSV, ` +
        `${fasterOrSlower(pqSum.seconds.median, csvSum.seconds.median)}; it read ${bytesRead(pqSum)} ` +
        `(${pct(pqSum.fileFraction ?? 0)} of its file) where CSV had to read all ${bytesRead(csvSum)}.`,
    );
  }
  const duckSum = qs.find((q) => q.query === 'sum' && q.library === '@duckdb/node-api');
  if (duckSum && pqSum) {
    out.push(
      `DuckDB's vectorised engine summed the same Parquet file in ${formatSeconds(duckSum.seconds.median)}, ` +
        `${fasterOrSlower(duckSum.seconds.median, pqSum.seconds.median)} than hyparquet in JS (its time includes ` +
        `planning the SQL and opening the file), reading ${bytesRead(duckSum)}.`,
    );
  }
  const csvScan = find(qs, 'scan', 'CSV');
  const pqScan = find(qs, 'scan', 'Parquet', pqSum?.codec);
  if (csvScan && pqScan) {
    const why =
      pqScan.seconds.median < csvScan.seconds.median ? ': even a full scan gains from skipping the text parsing' : '';
    out.push(
      `Reading every column: CSV took ${formatSeconds(csvScan.seconds.median)} and Parquet ${pqScan.codec} ` +
        `${formatSeconds(pqScan.seconds.median)}, ` +
        `${fasterOrSlower(pqScan.seconds.median, csvScan.seconds.median)}${why}.`,
    );
  }
  const lookup = fastest(qs, 'lookup');
  if (lookup) {
    const unindexed = find(qs, 'lookup', 'SQLite (no index)');
    const where = qs.filter((q) => q.query === 'lookup').length > 1 ? 'was fastest in' : 'ran only in';
    const without =
      unindexed && unindexed !== lookup
        ? `; SQLite without the index took ${formatSeconds(unindexed.seconds.median)} and read ${bytesRead(unindexed)}`
        : '';
    out.push(
      `The point lookup (${lookup.what}) ${where} ${label(lookup)} (${lookup.library}): ` +
        `${formatSeconds(lookup.seconds.median)}, ${bytesRead(lookup)} read${without}.`,
    );
  }
  const append = fastest(qs, 'append');
  if (append) {
    const slowest = qs.filter((q) => q.query === 'append').sort((a, b) => b.seconds.median - a.seconds.median)[0];
    const where = qs.filter((q) => q.query === 'append').length > 1 ? 'was fastest in' : 'ran only in';
    const slow =
      slowest && slowest !== append
        ? ` and slowest in ${label(slowest)} (${formatSeconds(slowest.seconds.median)})`
        : '';
    out.push(
      `Appending ${append.what.replace('append ', '')} ${where} ${label(append)} ` +
        `(${formatSeconds(append.seconds.median)})${slow}.`,
    );
  }
  const csvFile = result.files.find((f) => f.format === 'CSV');
  const parquetFiles = result.files.filter((f) => f.format === 'Parquet');
  if (csvFile && parquetFiles.length) {
    const parts = parquetFiles.map((f) => `${f.codec} ${pct(f.bytes / csvFile.bytes)}`);
    const smallest = [...parquetFiles].sort((a, b) => a.bytes - b.bytes)[0];
    const fastestWrite = [...parquetFiles].sort((a, b) => a.writeSeconds.median - b.writeSeconds.median)[0];
    out.push(
      `Parquet file size as a share of CSV's ${formatBytes(csvFile.bytes)}: ${parts.join(', ')}; the smallest is ` +
        `${smallest.codec}, the fastest to write ${fastestWrite.codec} ` +
        `(${formatSeconds(fastestWrite.writeSeconds.median)}).`,
    );
  }
  const arrowPlain = result.files.find((f) => f.format === 'Arrow IPC' && f.codec === 'none');
  const arrowDict = result.files.find((f) => f.format === 'Arrow IPC (dictionary strings)' && f.codec === 'none');
  if (arrowPlain && arrowDict) {
    out.push(
      arrowDict.bytes < arrowPlain.bytes
        ? 'Dictionary-encoding the low-cardinality string columns shrank the Arrow file from ' +
            `${formatBytes(arrowPlain.bytes)} to ${formatBytes(arrowDict.bytes)} ` +
            `(${pct(1 - arrowDict.bytes / arrowPlain.bytes)} smaller) with no compression at all.`
        : `Dictionary encoding did not shrink the Arrow file (${formatBytes(arrowPlain.bytes)} plain, ` +
            `${formatBytes(arrowDict.bytes)} with dictionaries): no string column repeats its values enough for a ` +
            'dictionary to pay.',
    );
  }
  const fv = qs.find((q) => q.query === 'filter-value' && q.blocksTotal !== null);
  const ft = qs.find(
    (q) => q.query === 'filter-time' && q.blocksTotal !== null && q.library === fv?.library && q.codec === fv?.codec,
  );
  if (fv) {
    const predicate = (q: QueryRow) => q.what.split(': COUNT')[0];
    const clustered = ft && (ft.blocksSkipped ?? 0) > (fv.blocksSkipped ?? 0);
    const other = ft ? `, while ${predicate(ft)} skipped ${ft.blocksSkipped} of ${ft.blocksTotal}` : '';
    const lesson = clustered
      ? ': min/max statistics only help on a clustered column, whose row groups each cover a narrow range of values'
      : '';
    out.push(
      `Row-group statistics let the filter ${predicate(fv)} skip ${fv.blocksSkipped} of ${fv.blocksTotal} row ` +
        `groups${other}${lesson}.`,
    );
  }
  const oneByte = result.blocks.find((b) => b.readBytes === 1);
  const page = result.blocks.find((b) => b.readBytes === 4096);
  const mib = result.blocks.find((b) => b.readBytes === 1 << 20);
  if (oneByte && page) {
    const cache = cold ? 'page cache dropped before each read' : 'warm page cache';
    const fetched =
      cold && oneByte.deviceBytesPerRead
        ? `; a 1-byte read made the kernel fetch ${formatBytes(oneByte.deviceBytesPerRead)} from the device on average`
        : '';
    out.push(
      `A 1-byte read at a random offset took ${formatSeconds(oneByte.seconds.median)} and a 4 KiB read ` +
        `${formatSeconds(page.seconds.median)}${mib ? `, a 1 MiB read ${formatSeconds(mib.seconds.median)}` : ''} ` +
        `(${cache})${fetched}.`,
    );
  }
  const reads = qs.filter((q) => q.query !== 'append' && q.deviceBytes !== null);
  if (reads.length) {
    const fromDevice = reads.filter((q) => (q.deviceBytes ?? 0) > 0);
    const total = reads.reduce((s, q) => s + (q.deviceBytes ?? 0), 0);
    out.push(
      cold
        ? `With the page cache dropped, ${fromDevice.length} of ${reads.length} queries fetched data from the ` +
            `storage device, ${formatBytes(total)} per timed run of each in all.`
        : fromDevice.length === 0
          ? `The page cache was warm: none of the ${reads.length} queries fetched anything from the storage device ` +
            'in its timed runs, so these timings are memory and CPU, not disk.'
          : `The page cache was mostly warm: ${reads.length - fromDevice.length} of ${reads.length} queries ` +
            `fetched nothing from the storage device in their timed runs; the other ${fromDevice.length} fetched ` +
            `${formatBytes(total)} per timed run of each in all.`,
    );
  }
  const badChecks = qs.filter((q) => q.check !== 'ok' && q.query !== 'append');
  out.push(
    badChecks.length === 0
      ? `Every format's answer to every query equalled the one computed in memory, and every round trip was exact.`
      : `${badChecks.length} answers differed from the in-memory answer: ` +
          `${badChecks.map((q) => `${label(q)} ${q.query}`).join(', ')}.`,
  );
  const badRef = result.reference.filter((r) => r.check !== 'ok');
  if (result.reference.length) {
    const files =
      result.reference.length === 1 ? 'the one Parquet file' : `all ${result.reference.length} Parquet files`;
    out.push(
      badRef.length === 0
        ? `DuckDB read ${files} with the same row count and column checksums.`
        : `DuckDB disagreed on ${badRef.map((r) => `${r.file} (${r.check})`).join(', ')}.`,
    );
  }
  return out;
}

export function typesSection(columns: ColumnDef[], source: string): Section {
  return {
    title: 'Column types',
    body: [
      `Source: ${source}.`,
      '',
      '| column | type |',
      '| --- | --- |',
      ...columns.map((c) => `| ${c.name} | ${c.type} |`),
    ].join('\n'),
  };
}

export function notesSection(engines: readonly QueryEngine[]): Section {
  const lines = ['| format | library | bytes counted at | how the queries ran |', '| --- | --- | --- | --- |'];
  for (const e of engines) {
    const how = Object.entries(e.notes)
      .map(([q, n]) => `${q}: ${n}`)
      .join('; ');
    lines.push(`| ${label(e)} | ${e.library} | ${e.bytesCountedAt} | ${how} |`);
  }
  return { title: 'How each query ran', body: lines.join('\n') };
}

/** Whether the page cache was warm or dropped, with the kernel's count of bytes fetched from the storage device. */
export function cachesSection(result: ExperimentResult, cold: boolean, warmup: Warmup): Section {
  if (cold) {
    return {
      title: 'Caches',
      body:
        'Run with --cold: the page cache was dropped (sync; echo 1 > /proc/sys/vm/drop_caches) before every ' +
        'timed read, so each read started from the storage device.',
    };
  }
  const warmed =
    warmup === 'per-query'
      ? 'every query ran once untimed first'
      : "each format's first query ran once untimed first (quick mode)";
  const reads = result.queries.filter((q) => q.query !== 'append' && q.deviceBytes !== null);
  const counted =
    result.deviceBytesDuringQueries === undefined
      ? ''
      : ' Bytes the kernel fetched from the storage device (/proc/self/io read_bytes): ' +
        `${formatBytes(reads.reduce((s, q) => s + (q.deviceBytes ?? 0), 0))} per timed run, summed over the ` +
        `${reads.length} queries (the deviceBytes column), and ${formatBytes(result.deviceBytesDuringQueries)} ` +
        'over the whole query phase, warm-up runs and library loading included.';
  return {
    title: 'Caches',
    body:
      `Warm: every file was written just before it was read and ${warmed}, so the files were in the page ` +
      `cache.${counted} Rerun with --cold (Linux, root) for cold-cache numbers.`,
  };
}

/** parquetjs-lite's cursor cost by row-group size (fault 3) and what it says about another writer's file (fault 5). */
export function parquetjsSection({ cost, foreignFile, error }: ParquetjsFaults): Section {
  const [small, large] = cost;
  const lines = [
    'Each fault and its workaround is listed in src/formats/parquetjs.ts and in the handout.',
    '',
    '| rows | row-group size | seconds for one cursor pass | seconds per 1,000 rows |',
    '| ---: | ---: | ---: | ---: |',
    ...cost.map(
      (c) =>
        `| ${formatNumber(c.rows)} | ${formatNumber(c.rowGroupSize)} | ` +
        `${formatSeconds(c.seconds.median)}${spreadText(c.seconds)} | ` +
        `${formatSeconds((c.seconds.median / c.rows) * 1000)} |`,
    ),
  ];
  if (small && large) {
    lines.push(
      '',
      `The same ${formatNumber(large.rows)} rows took ${times(large.seconds.median / small.seconds.median)} as ` +
        `long through the cursor in one row group of ${formatNumber(large.rowGroupSize)} as in groups of ` +
        `${formatNumber(small.rowGroupSize)}.`,
    );
  }
  if (foreignFile) {
    lines.push(
      '',
      `Reading the hyparquet-writer file ${foreignFile} with parquetjs-lite: ` +
        `${error ? `fails with "${error}"` : 'succeeded'}.`,
    );
  }
  return { title: 'parquetjs-lite faults, measured', body: lines.join('\n') };
}
