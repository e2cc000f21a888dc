// The format ids and the libraries behind them, without loading any format module (the lab file declares its
// parameters from them, and `syslab list` imports every lab file). test/formats/registry.test.ts checks that the ids
// match src/formats/registry.ts.
export const FORMAT_IDS = [
  'csv',
  'jsonl',
  'sqlite',
  'sqlite-indexed',
  'arrow',
  'arrow-dict',
  'arrow-dict-zstd',
  'parquet-uncompressed',
  'parquet-snappy',
  'parquet-gzip',
  'parquet-zstd',
  'parquetjs-snappy',
  'duckdb',
] as const;

export type FormatId = (typeof FORMAT_IDS)[number];

/** The npm packages lab 04 uses, whose versions its report records. */
export const FORMAT_LIBRARIES = [
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
] as const;
