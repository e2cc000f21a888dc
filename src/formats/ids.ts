// The format ids, without loading any format module (the lab file declares its parameters from them, and
// `syslab list` imports every lab file). test/formats/registry.test.ts checks they match src/formats/registry.ts.
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
