// Lab 04's measurements, as plain rows: load or generate the table, write it in every chosen format (size, write
// time, exact round trip), run the same queries (src/formats/queries.ts) against each (time and bytes read), check
// every Parquet file with DuckDB, time small reads of a large file, and measure parquetjs-lite's cursor fault.
// experiment() is what labs/04-file-formats.ts calls; src/formats/report.ts turns its result into the report. All
// timing goes through the core's engine (src/core/timing.ts). Tests: test/formats/lab.test.ts.
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { LabContext } from '../core/lab.js';
import type { ParamSpecs } from '../core/params.js';
import type { Progress } from '../core/progress.js';
import type { Rng } from '../core/rng.js';
import type { Summary } from '../core/stats.js';
import { measure } from '../core/timing.js';
import { formatNumber } from '../core/units.js';
import { timeBlockReads } from './blocks.js';
import { checksAgree, duckdbChecks, tableChecks } from './duckdb.js';
import {
  filterValues,
  findRow,
  sumValues,
  type FileFormat,
  type FilterResult,
  type Predicate,
  type QueryEngine,
  type StoredFile,
  type WriteOptions,
} from './format.js';
import { generateTable, rowsToAppend } from './generate.js';
import type { FormatId } from './ids.js';
import { chooseColumns, readCsvInput } from './infer.js';
import { newCounter, procIo, ioBetween, type ProcIo, type ReadCounter } from './io.js';
import { dropPageCache } from './pagecache.js';
import { describeFilter, describeSum, planQueries, rowDifference, sumsAgree, whatOf, type Queries } from './queries.js';
import { measureCursorCost, parquetjsReadError, type CursorCost } from './parquetjs.js';
import { ENGINES, FILE_FORMATS } from './registry.js';
import {
  column,
  columnIndex,
  firstDifference,
  rowAt,
  showValue,
  sliceTable,
  type ColumnDef,
  type DataTable,
} from './table.js';

/** The lab's parameters, as labs/04-file-formats.ts declares them. */
export interface FormatsParams {
  rows: number;
  input?: string;
  formats: readonly FormatId[];
  rowGroupSize: number;
  repeats: number;
  writeRepeats: number;
  filterQuantile: number;
  appendRows: number;
  keyColumn?: string;
  valueColumn?: string;
  timeColumn?: string;
  blockReads: number;
  keepFiles: boolean;
  cold: boolean;
}

/** What the experiment needs from the lab's context. */
export type FormatsContext = Pick<
  LabContext<ParamSpecs>,
  'quick' | 'seed' | 'rng' | 'outDir' | 'scratchDir' | 'log' | 'progress'
>;

/** Untimed warm-up runs: every query gets one, or (quick mode) only each format's first query. */
export type Warmup = 'per-query' | 'per-format';

/** parquetjs-lite's faults, measured: the cursor cost by row-group size and its attempt at another writer's file. */
export interface ParquetjsFaults {
  cost: CursorCost[];
  /** The hyparquet-writer file it tried to read, and the error it got (undefined: it read it). */
  foreignFile?: string;
  error?: string;
}

/** Everything the report needs: the measured rows and the choices that shaped them. */
export interface FormatsResult extends ExperimentResult {
  columns: ColumnDef[];
  /** Where the table came from, in words. */
  source: string;
  cold: boolean;
  warmup: Warmup;
  /** The formats and engines that ran, in the registry's order. */
  engines: QueryEngine[];
  parquetjs?: ParquetjsFaults;
}

/** Rows per parquetjs-lite cursor file: fault 3 shows only above about 16,000 rows per row group. */
const CURSOR_ROWS = { quick: 30_000, full: 40_000 };

/**
 * The whole lab: checks the format choice (InputError when it cannot run), loads --input or generates the table,
 * picks the query columns, measures, and measures parquetjs-lite's faults when it is among the formats.
 */
export async function experiment(params: FormatsParams, ctx: FormatsContext): Promise<FormatsResult> {
  const wanted = new Set<string>(params.formats);
  const formats = FILE_FORMATS.filter((f) => wanted.has(f.id));
  const engines = ENGINES.filter((e) => wanted.has(e.id));
  if (engines.length && !formats.some((f) => f.id.startsWith('parquet-'))) {
    throw new InputError(
      '--formats: duckdb queries a Parquet file written by hyparquet; add parquet-snappy (or another parquet-<codec>)',
    );
  }
  if (formats.length === 0) throw new InputError('--formats: choose at least one file format besides duckdb');
  if (params.cold) dropPageCache(); // fails early, with the reason, when it cannot

  const table = params.input
    ? await readCsvInput(params.input)
    : generateTable(params.rows, ctx.rng.fork('formats.table'));
  const cols = chooseColumns(table, params);
  const where = params.keepFiles ? 'the report folder' : 'a scratch folder';
  ctx.log(`${formatNumber(table.rowCount)} rows, ${table.columns.length} columns; files in ${where}`);

  const warmup: Warmup = ctx.quick ? 'per-format' : 'per-query';
  const result = await measureFormats({
    table,
    dir: params.keepFiles ? ctx.outDir : ctx.scratchDir,
    formats,
    engines,
    write: { rowGroupSize: params.rowGroupSize, keyColumn: cols.keyColumn },
    warmup,
    repeats: params.repeats,
    writeRepeats: params.writeRepeats,
    valueColumn: cols.valueColumn,
    timeColumn: cols.timeColumn,
    filterQuantile: params.filterQuantile,
    appendRows: rowsToAppend(table, params.appendRows, ctx.rng, !params.input),
    cold: params.cold,
    blockReads: params.blockReads,
    rng: ctx.rng,
    log: ctx.log,
    progress: ctx.progress,
  });

  let parquetjs: ParquetjsFaults | undefined;
  if (formats.some((f) => f.id === 'parquetjs-snappy')) {
    const rows = ctx.quick ? CURSOR_ROWS.quick : CURSOR_ROWS.full;
    const cost = await measureCursorCost(ctx.scratchDir, rows, [rows / 10, rows], ctx.quick ? 1 : 3);
    const foreign = result.engineFile;
    const error = foreign ? await parquetjsReadError(foreign.path) : undefined;
    parquetjs = { cost, foreignFile: foreign && path.basename(foreign.path), error };
  }
  return {
    ...result,
    columns: table.columns,
    source: params.input ? `${params.input} (types inferred)` : `generated from seed ${ctx.seed}`,
    cold: params.cold,
    warmup,
    engines: [...formats, ...engines],
    parquetjs,
  };
}

export interface ExperimentConfig {
  table: DataTable;
  /** Where the files go (scratch, or the report folder with --keep-files). */
  dir: string;
  formats: readonly FileFormat[];
  engines: readonly QueryEngine[];
  write: WriteOptions;
  /**
   * Untimed warm-up runs: 'per-query' gives every query one; 'per-format' (quick mode) only each format's first
   * query, which loads its modules, compiles its code paths and brings its file into the page cache.
   */
  warmup: Warmup;
  repeats: number;
  writeRepeats: number;
  valueColumn: string;
  timeColumn?: string;
  /** The value filter keeps rows above this quantile of the value column; the time filter the last (1 - q). */
  filterQuantile: number;
  appendRows: DataTable;
  cold: boolean;
  blockReads: number;
  rng: Rng;
  log(message: string): void;
  progress(label: string, total: number): Progress;
}

export interface FileRow {
  format: string;
  codec: string;
  library: string;
  file: string;
  bytes: number;
  bytesPerRow: number;
  writeSeconds: Summary;
  roundTrip: string;
}

export type QueryKind = 'scan' | 'sum' | 'filter-value' | 'filter-time' | 'lookup' | 'append';

export interface QueryRow {
  format: string;
  codec: string;
  library: string;
  query: QueryKind;
  what: string;
  seconds: Summary;
  /** Bytes read from the file in one run (null where they cannot be counted). */
  bytesRead: number | null;
  /** bytesRead over the file's size. */
  fileFraction: number | null;
  /** Bytes the kernel fetched from the storage device per timed run, on average (0 when the page cache served all). */
  deviceBytes: number | null;
  blocksTotal: number | null;
  blocksSkipped: number | null;
  result: string;
  /** 'ok' when the answer equals the in-memory reference answer, else what differs ('n/a' for appends). */
  check: string;
  how: string;
}

export interface ReferenceRow {
  file: string;
  writer: string;
  rows: number;
  check: string;
}

export interface ExperimentResult {
  files: FileRow[];
  queries: QueryRow[];
  reference: ReferenceRow[];
  blocks: { file: string; readBytes: number; reads: number; seconds: Summary; deviceBytesPerRead: number | null }[];
  queriesSpec: Queries;
  /** Bytes fetched from the storage device while the queries ran (kernel counter), when known. */
  deviceBytesDuringQueries?: number;
  /** The Parquet file the engines queried (written by hyparquet-writer), if one was written. */
  engineFile?: StoredFile;
}

/** One engine over one stored file: whose queries are timed, and the codec the file was written with. */
interface QueryRun {
  engine: QueryEngine;
  codec: string;
  file: StoredFile;
  size: number;
}

/** Writes, queries and checks every format, and times the small reads: the measured rows. */
export async function measureFormats(cfg: ExperimentConfig): Promise<ExperimentResult> {
  const { table } = cfg;
  const defOf = (name: string) => table.columns[columnIndex(table, name)];
  const before = cfg.cold ? dropPageCache : undefined;

  // 1. Write every format, timing each write.
  const files: FileRow[] = [];
  const stored = new Map<string, StoredFile>();
  const writeBar = cfg.progress('writing', cfg.formats.length);
  for (const f of cfg.formats) {
    const file = path.join(cfg.dir, `table${f.extension}`);
    cfg.log(`writing ${f.format} ${f.codec} (${f.library})`);
    // An untimed write of a few rows first loads the writer's modules and codecs, so the timing is of writing only.
    const warm = path.join(cfg.dir, `warmup${f.extension}`);
    await f.write(sliceTable(table, 0, 100), warm, cfg.write);
    rmSync(warm, { force: true });
    const seconds = await measure(() => f.write(table, file, cfg.write), { warmup: 0, repeats: cfg.writeRepeats });
    const bytes = statSync(file).size;
    stored.set(f.id, { path: file, columns: table.columns });
    files.push({
      format: f.format,
      codec: f.codec,
      library: f.library,
      file: path.basename(file),
      bytes,
      bytesPerRow: bytes / Math.max(1, table.rowCount),
      writeSeconds: seconds,
      roundTrip: '',
    });
    writeBar.tick();
  }
  writeBar.done();

  // 2. The same queries against every format, each checked against the answer computed in memory.
  const spec = planQueries(
    table,
    cfg.write.keyColumn,
    cfg.valueColumn,
    cfg.timeColumn,
    cfg.filterQuantile,
    cfg.rng.fork('formats.queries'),
  );
  const value = column(table, cfg.valueColumn);
  const expected = {
    sum: sumValues(value),
    value: filterValues(column(table, spec.value.column), spec.value, value),
    time: spec.time ? filterValues(column(table, spec.time.column), spec.time, value) : undefined,
    lookup: (() => {
      const i = findRow(column(table, spec.keyColumn), spec.key);
      return i < 0 ? null : rowAt(table, i);
    })(),
  };
  // The engines (DuckDB) query the hyparquet-writer SNAPPY file, else the first hyparquet-writer file written.
  const parquet =
    cfg.formats.find((f) => f.id === 'parquet-snappy') ?? cfg.formats.find((f) => f.id.startsWith('parquet-'));
  const engineFile = parquet && stored.get(parquet.id);
  const engineRuns =
    parquet && engineFile
      ? cfg.engines.map((e) => ({
          engine: e,
          codec: parquet.codec,
          file: engineFile,
          size: statSync(engineFile.path).size,
        }))
      : [];
  const formatRuns = cfg.formats.flatMap((f) => {
    const file = stored.get(f.id);
    return file ? [{ engine: f, codec: f.codec, format: f, file, size: statSync(file.path).size }] : [];
  });
  const kinds = 4 + (spec.time ? 1 : 0);
  const bar = cfg.progress('queries', formatRuns.length * (kinds + 1) + engineRuns.length * (kinds - 1));
  const queries: QueryRow[] = [];
  const warmed = new Set<QueryEngine>();
  const io0 = procIo();

  const measureQuery = async <T>(
    run: QueryRun,
    query: QueryKind,
    what: string,
    fn: (counter: ReadCounter) => Promise<T>,
    judge: (r: T) => { result: string; check: string; blocks?: { total: number; skipped: number } },
    isRead = true,
  ) => {
    let counter = newCounter();
    let io: ProcIo | undefined;
    let runs = 0;
    let device: number | null = 0;
    const warmup = cfg.warmup === 'per-query' || !warmed.has(run.engine) ? 1 : 0;
    warmed.add(run.engine);
    let last: T | undefined;
    const seconds = await measure(
      async () => {
        last = await fn(counter);
      },
      {
        warmup,
        repeats: cfg.repeats,
        before: () => {
          counter = newCounter();
          if (isRead) before?.();
          io = procIo();
        },
        after: () => {
          const now = procIo();
          if (++runs <= warmup || device === null) return;
          device = io && now ? device + ioBetween(io, now).readBytes : null;
        },
      },
    );
    if (last === undefined) throw new Error(`${run.engine.id} ${query}: no result`);
    // Appends write rather than read: no bytes read, no device reads to report.
    const counted = isRead && !(run.engine.bytesCountedAt.includes('/proc/self/io') && procIo() === undefined);
    const j = judge(last);
    queries.push({
      format: run.engine.format,
      codec: run.codec,
      library: run.engine.library,
      query,
      what,
      seconds,
      bytesRead: counted ? counter.bytes : null,
      fileFraction: counted ? counter.bytes / run.size : null,
      deviceBytes: device === null || !isRead ? null : device / cfg.repeats,
      blocksTotal: j.blocks?.total ?? null,
      blocksSkipped: j.blocks?.skipped ?? null,
      result: j.result,
      check: j.check,
      how: run.engine.notes[query === 'filter-value' || query === 'filter-time' ? 'filter' : query] ?? '',
    });
    bar.tick();
    return last;
  };

  const runQueries = async (run: QueryRun) => {
    const e = run.engine;
    await measureQuery(
      run,
      'sum',
      `SUM(${cfg.valueColumn})`,
      (c) => e.sum(run.file, cfg.valueColumn, c),
      (r) => ({
        result: describeSum(r),
        check:
          r.count === expected.sum.count && sumsAgree(r.sum, expected.sum.sum)
            ? 'ok'
            : `expected ${describeSum(expected.sum)}`,
      }),
    );
    const filters: [QueryKind, Predicate, FilterResult][] = [['filter-value', spec.value, expected.value]];
    if (spec.time && expected.time) filters.push(['filter-time', spec.time, expected.time]);
    for (const [kind, p, want] of filters) {
      await measureQuery(
        run,
        kind,
        `${whatOf(p, defOf(p.column))}: COUNT(*), SUM(${cfg.valueColumn})`,
        (c) => e.filter(run.file, p, cfg.valueColumn, c),
        (r) => ({
          result: describeFilter(r),
          check: r.matched === want.matched && sumsAgree(r.sum, want.sum) ? 'ok' : `expected ${describeFilter(want)}`,
          blocks: r.blocks,
        }),
      );
    }
    await measureQuery(
      run,
      'lookup',
      `${spec.keyColumn} = ${showValue(spec.key).replace(/n$/, '')}`,
      (c) => e.lookup(run.file, spec.keyColumn, spec.key, c),
      (r) => {
        const diff = rowDifference(expected.lookup, r, table.columns);
        return { result: r ? 'found' : 'not found', check: diff ? `differs: ${diff}` : 'ok' };
      },
    );
  };

  for (const run of formatRuns) {
    cfg.log(`querying ${run.format.format} ${run.format.codec}`);
    let diff: string | undefined;
    await measureQuery(
      run,
      'scan',
      `all ${table.columns.length} columns`,
      (c) => run.format.scan(run.file, c),
      (t) => {
        diff = firstDifference(table, t);
        return { result: `${formatNumber(t.rowCount)} rows`, check: diff ? `differs: ${diff}` : 'ok' };
      },
    );
    const fileRow = files.find(
      (r) => r.format === run.format.format && r.codec === run.format.codec && r.library === run.format.library,
    );
    if (fileRow) fileRow.roundTrip = diff ?? 'exact';
    await runQueries(run);
  }
  for (const run of engineRuns) {
    cfg.log(`querying with ${run.engine.library}`);
    await runQueries(run);
  }
  const io1 = procIo();

  // 3. Appends last: they change the files.
  for (const run of formatRuns) {
    let part = 0;
    await measureQuery(
      run,
      'append',
      `append ${formatNumber(cfg.appendRows.rowCount)} rows`,
      async () => {
        part++;
        await run.format.append(run.file, cfg.appendRows, part, cfg.write);
        return part;
      },
      () => ({ result: 'appended', check: 'n/a' }),
      false,
    ); // appends are checked in the tests (test/formats/contract.ts)
  }
  bar.done();

  // 4. DuckDB reads every Parquet file the lab wrote: same rows, same column checksums.
  const reference: ReferenceRow[] = [];
  const want = tableChecks(table);
  for (const f of cfg.formats) {
    if (!f.extension.endsWith('.parquet')) continue;
    const file = stored.get(f.id);
    if (!file) continue;
    let check: string;
    let rows = -1;
    try {
      const got = await duckdbChecks(file.path, table.columns);
      rows = got.rows;
      const bad = got.checks.filter((c, i) => !checksAgree(c, want[i])).map((c) => c.column);
      check =
        rows !== table.rowCount
          ? `row count ${rows}, expected ${table.rowCount}`
          : bad.length
            ? `columns differ: ${bad.join(', ')}`
            : 'ok';
    } catch (error) {
      check = `DuckDB could not read it: ${(error as Error).message.split('\n')[0]}`;
    }
    reference.push({ file: path.basename(file.path), writer: f.library, rows, check });
  }

  // 5. Small reads of the largest file.
  const largest = [...stored.values()].sort((a, b) => statSync(b.path).size - statSync(a.path).size)[0];
  const blocks = largest
    ? timeBlockReads(
        largest.path,
        cfg.cold ? Math.min(cfg.blockReads, 20) : cfg.blockReads,
        cfg.rng.fork('formats.blocks'),
        before,
      ).map((b) => ({
        file: path.basename(largest.path),
        readBytes: b.readBytes,
        reads: b.reads,
        seconds: b.seconds,
        deviceBytesPerRead: b.deviceBytesPerRead ?? null,
      }))
    : [];

  return {
    files,
    queries,
    reference,
    blocks,
    queriesSpec: spec,
    engineFile,
    deviceBytesDuringQueries: io0 && io1 ? ioBetween(io0, io1).readBytes : undefined,
  };
}
