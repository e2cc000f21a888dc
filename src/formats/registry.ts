// The formats the lab compares, by id: each is one module behind the FileFormat interface (src/formats/format.ts).
// To add your own, implement FileFormat in src/formats/<yours>.ts and add it to FILE_FORMATS. Tests:
// test/formats/registry.test.ts.
import { arrowFormat } from './arrow.js';
import { csvFormat } from './csv.js';
import { duckdbEngine } from './duckdb.js';
import type { FileFormat, QueryEngine } from './format.js';
import { jsonlFormat } from './jsonl.js';
import { parquetFormat } from './parquet.js';
import { parquetjsFormat } from './parquetjs.js';
import { sqliteIndexed, sqlitePlain } from './sqlite.js';

export const FILE_FORMATS: readonly FileFormat[] = [
  csvFormat,
  jsonlFormat,
  sqlitePlain,
  sqliteIndexed,
  arrowFormat({ dictionary: false, compression: 'none' }),
  arrowFormat({ dictionary: true, compression: 'none' }),
  arrowFormat({ dictionary: true, compression: 'zstd' }),
  parquetFormat('UNCOMPRESSED'),
  parquetFormat('SNAPPY'),
  parquetFormat('GZIP'),
  parquetFormat('ZSTD'),
  parquetjsFormat,
];

/** Engines that query files other formats wrote (DuckDB reads the Parquet files). */
export const ENGINES: readonly QueryEngine[] = [duckdbEngine];

/** Every id, in order: formats, then engines (src/formats/ids.ts lists the same without loading them). */
export const REGISTERED_IDS: readonly string[] = [...FILE_FORMATS.map((f) => f.id), ...ENGINES.map((e) => e.id)];
