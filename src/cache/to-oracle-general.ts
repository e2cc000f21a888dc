// Converts a text trace (one integer key per line, or a CSV column) into libCacheSim's oracleGeneral binary format:
// 24 bytes per request (uint32 timestamp = request index, uint64 object id, uint32 size = 1, int64 next access =
// index of the next request for the same id, or -1). An output name ending in .zst is zstd-compressed.
//   data/traces/to-oracle-general.sh data/traces/cloudPhysicsIO.txt data/traces/cloudPhysicsIO.oracleGeneral.zst
//   npx tsx src/cache/to-oracle-general.ts data/traces/cloudPhysicsIO.csv --column lbn /tmp/cp.oracleGeneral
// Keys must be integers from 0 to 2^64 - 1 (oracleGeneral ids are unsigned). Tests: test/cache/oracle-general.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { compress, init } from '@bokuweb/zstd-wasm';
import { encodeOracleGeneral } from './oracle-general.js';

/** The integer keys of a text trace, as unsigned 64-bit ids; `column` picks a CSV column by header name. */
export function textTraceIds(text: string, column?: string): bigint[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  let index = 0;
  if (column !== undefined) {
    const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
    index = header.indexOf(column);
    if (index < 0) throw new Error(`no column "${column}"; the columns are ${header.join(', ')}`);
  }
  return lines.map((line, i) => {
    const field = line.split(',')[index]?.trim() ?? '';
    if (!/^\d+$/.test(field) || BigInt(field) >= 2n ** 64n)
      throw new Error(`line ${i + 1 + (column ? 1 : 0)}: "${field}" is not an integer from 0 to 2^64 - 1`);
    return BigInt(field);
  });
}

/** Converts `input` (txt, or CSV with `column`) to oracleGeneral at `output` (.zst: compressed); returns the count. */
export async function convertToOracleGeneral(input: string, output: string, column?: string): Promise<number> {
  const ids = textTraceIds(readFileSync(input, 'utf8'), column);
  const records = encodeOracleGeneral(ids);
  if (output.endsWith('.zst')) await init();
  writeFileSync(output, output.endsWith('.zst') ? compress(records, 19) : records);
  return ids.length;
}

async function main(argv: string[]): Promise<void> {
  const columnAt = argv.indexOf('--column');
  const column = columnAt >= 0 ? argv.splice(columnAt, 2)[1] : undefined;
  const [input, output] = argv;
  if (!input || !output) throw new Error('usage: to-oracle-general.ts <in.txt|in.csv> [--column name] <out[.zst]>');
  console.log(`${await convertToOracleGeneral(input, output, column)} requests -> ${output}`);
}

// Run as a script (not when a test imports the functions above).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
