// Lab 04: row versus columnar file formats. Writes one table as CSV, JSON lines, SQLite, Arrow IPC and Parquet, times
// the same queries on each and counts the bytes each reads. Logic: src/formats/ (experiment.ts, report.ts); handout:
// labs/04-file-formats.md; tests: test/formats/.
import { defineLab, p, runIfMain } from '../src/core/index.js';
import { FORMAT_IDS, FORMAT_LIBRARIES } from '../src/formats/ids.js';

const lab = defineLab({
  id: '04',
  slug: 'file-formats',
  title: 'Storage: row versus columnar file formats',
  summary: 'CSV, JSON lines, SQLite, Arrow and Parquet: sizes, scans, sums, filters, lookups, appends, bytes read.',
  libraries: [...FORMAT_LIBRARIES],
  params: {
    rows: p.int({
      default: 1_000_000,
      quick: 50_000,
      min: 100,
      max: 5_000_000,
      description: 'rows of the generated table (ignored with --input); about 1 GB of memory per million rows',
    }),
    input: p.path({ description: 'your own CSV file (header row; types inferred) instead of the generated table' }),
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
    // Loaded here, not at the top: `syslab list` imports every lab file, and the format libraries are large.
    const { experiment } = await import('../src/formats/experiment.js');
    const { report } = await import('../src/formats/report.js');
    return report(await experiment(ctx.params, ctx));
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
