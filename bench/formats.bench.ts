// Reader speed on one 20,000-row table: CSV (csv-parse) against Parquet SNAPPY (hyparquet), for a full scan and a
// one-column sum, so a change to a reader shows up as rows per second. Run: npm run bench -- --filter formats
// The table and its files are made on first use (each task's beforeAll), so importing or registering this file
// costs nothing when a filter leaves its tasks out.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bench } from 'tinybench';
import { createRng } from '../src/core/rng.js';
import { csvFormat } from '../src/formats/csv.js';
import type { FileFormat, StoredFile } from '../src/formats/format.js';
import { generateTable } from '../src/formats/generate.js';
import { newCounter } from '../src/formats/io.js';
import { parquetFormat } from '../src/formats/parquet.js';

const ROWS = 20_000;
const formats: FileFormat[] = [csvFormat, parquetFormat('SNAPPY')];

export const items: Record<string, number> = Object.fromEntries(
  formats.flatMap((f) => [
    [`${f.id} scan`, ROWS],
    [`${f.id} sum`, ROWS],
  ]),
);

let written: Promise<Map<string, StoredFile>> | undefined;

/** Generates the table and writes it in every format, once, into a temp folder removed at exit. */
function writeFiles(): Promise<Map<string, StoredFile>> {
  written ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-formats-bench-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const table = generateTable(ROWS, createRng(1));
    const files = new Map<string, StoredFile>();
    for (const f of formats) {
      const file = { path: path.join(dir, `t${f.extension}`), columns: table.columns };
      await f.write(table, file.path, { rowGroupSize: 5_000, keyColumn: 'id' });
      files.set(f.id, file);
    }
    return files;
  })();
  return written;
}

export default function register(bench: Bench): void {
  for (const f of formats) {
    let file: StoredFile | undefined;
    const beforeAll = async () => {
      file = (await writeFiles()).get(f.id);
    };
    bench.add(
      `${f.id} scan`,
      async () => {
        await f.scan(file!, newCounter());
      },
      { beforeAll },
    );
    bench.add(
      `${f.id} sum`,
      async () => {
        await f.sum(file!, 'amount', newCounter());
      },
      { beforeAll },
    );
  }
}
