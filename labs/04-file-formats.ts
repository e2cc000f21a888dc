// Lab 04: storage, row versus columnar file formats. Writes one table as CSV, JSON lines, SQLite (with and without
// an index), Arrow IPC and Parquet (several codecs, two libraries), then times the same queries on each and counts
// the bytes each reads. The logic lives in src/formats/; this file parses parameters and assembles the report.
import path from 'node:path';
import { defineLab, InputError, p, runIfMain } from '../src/core/index.js';
import { FORMAT_IDS } from '../src/formats/ids.js';

const lab = defineLab({
  id: '04',
  slug: 'file-formats',
  title: 'Storage: row versus columnar file formats',
  summary:
    'Writes one table as CSV, JSON lines, SQLite, Arrow and Parquet; times scans, one-column sums, filters, lookups and appends, and counts bytes read.',
  libraries: [
    'csv-parse',
    'csv-stringify',
    'better-sqlite3',
    'apache-arrow',
    'hyparquet',
    'hyparquet-writer',
    'hyparquet-compressors',
    'parquetjs-lite',
    '@duckdb/node-api',
    '@bokuweb/zstd-wasm',
  ],
  params: {
    rows: p.int({
      default: 1_000_000,
      quick: 50_000,
      min: 100,
      max: 5_000_000,
      description: 'rows of the generated table (ignored with --input); about 1 GB of memory per million rows',
    }),
    input: p.path({
      description: 'use your own CSV file (header row; column types inferred) instead of the generated table',
    }),
    formats: p.enumList({
      values: FORMAT_IDS,
      default: [...FORMAT_IDS],
      description:
        'formats to write and query (duckdb queries the parquet-snappy file, else the first parquet-<codec> one)',
    }),
    rowGroupSize: p.int({
      default: 100_000,
      quick: 10_000,
      min: 100,
      max: 10_000_000,
      description: 'rows per Parquet row group and Arrow record batch',
    }),
    repeats: p.int({
      default: 3,
      quick: 1,
      min: 1,
      max: 100,
      description: 'timed runs per query, after one warm-up run (with --quick: one per format)',
    }),
    writeRepeats: p.int({ default: 2, quick: 1, min: 1, max: 100, description: 'timed writes per format' }),
    filterQuantile: p.number({
      default: 0.99,
      min: 0,
      max: 1,
      description: 'the filters keep rows above this quantile of the value (and time) column',
    }),
    appendRows: p.int({ default: 1000, min: 1, max: 1_000_000, description: 'rows added by the append query' }),
    keyColumn: p.string({ description: 'column for the point lookup (default id, else the first integer column)' }),
    valueColumn: p.string({
      description: 'numeric column to sum and filter (default amount, else the first numeric column)',
    }),
    timeColumn: p.string({
      description: 'timestamp column for the time filter (default ts, else the first timestamp column)',
    }),
    blockReads: p.int({
      default: 200,
      quick: 50,
      min: 1,
      max: 100_000,
      description: 'random reads per size in the small-reads table',
    }),
    keepFiles: p.bool({ default: false, description: "keep the written files in the lab's output folder" }),
    cold: p.bool({
      default: false,
      description: 'drop the page cache before every timed read (Linux, root only; affects the whole machine)',
    }),
  },
  async run(ctx) {
    const { params } = ctx;
    const [{ runExperiment }, registry, gen, infer, rep, pagecache, pqjs] = await Promise.all([
      import('../src/formats/experiment.js'),
      import('../src/formats/registry.js'),
      import('../src/formats/generate.js'),
      import('../src/formats/infer.js'),
      import('../src/formats/report.js'),
      import('../src/formats/pagecache.js'),
      import('../src/formats/parquetjs.js'),
    ]);
    const wanted = new Set<string>(params.formats);
    const formats = registry.FILE_FORMATS.filter((f) => wanted.has(f.id));
    const engines = registry.ENGINES.filter((e) => wanted.has(e.id));
    if (engines.length && !formats.some((f) => f.id.startsWith('parquet-'))) {
      throw new InputError(
        '--formats: duckdb queries a Parquet file written by hyparquet; add parquet-snappy (or another parquet-<codec>)',
      );
    }
    if (formats.length === 0) throw new InputError('--formats: choose at least one file format besides duckdb');
    if (params.cold) pagecache.dropPageCache(); // fails early, with the reason, when it cannot

    const table = params.input
      ? await infer.readCsvInput(params.input)
      : gen.generateTable(params.rows, ctx.rng.fork('formats.table'));
    const cols = infer.chooseColumns(table, {
      keyColumn: params.keyColumn,
      valueColumn: params.valueColumn,
      timeColumn: params.timeColumn,
    });
    ctx.log(
      `${table.rowCount.toLocaleString('en-US')} rows, ${table.columns.length} columns; files in ${params.keepFiles ? 'the report folder' : 'a scratch folder'}`,
    );

    const warmup = ctx.quick ? 'per-format' : 'per-query';
    const result = await runExperiment({
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
      appendRows: gen.rowsToAppend(table, params.appendRows, ctx.rng, !params.input),
      cold: params.cold,
      blockReads: params.blockReads,
      rng: ctx.rng,
      log: ctx.log,
      progress: ctx.progress,
    });

    const sections = [
      rep.typesSection(
        table.columns,
        params.input ? `${params.input} (types inferred)` : `generated from seed ${ctx.seed}`,
      ),
      rep.cachesSection(result, params.cold, warmup),
      rep.notesSection([...formats, ...engines]),
    ];
    if (formats.some((f) => f.id === 'parquetjs-snappy')) {
      // Fault 3 shows only above about 16,000 rows per row group; 30,000 rows show it and keep quick mode quick.
      const cursorRows = ctx.quick ? 30_000 : 40_000;
      const cost = await pqjs.measureCursorCost(
        ctx.scratchDir,
        cursorRows,
        [cursorRows / 10, cursorRows],
        ctx.quick ? 1 : 3,
      );
      const foreign = result.engineFile;
      const error = foreign ? await pqjs.parquetjsReadError(foreign.path) : undefined;
      sections.push(rep.parquetjsSection(cost, foreign && path.basename(foreign.path), error));
    }

    const tables = {
      files: rep.filesTable(result.files),
      queries: rep.queriesTable(result.queries),
      blocks: rep.blocksTable(result.blocks, params.cold),
      ...(result.reference.length ? { reference: rep.referenceTable(result.reference) } : {}),
    };
    return { tables, charts: rep.charts(result), findings: rep.findings(result, params.cold), sections };
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
