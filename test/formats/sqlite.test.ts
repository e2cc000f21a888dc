import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCounter, procIoAvailable } from '../../src/formats/io.js';
import { sqliteIndexed, sqlitePlain } from '../../src/formats/sqlite.js';
import { fileFormatContract } from './contract.js';
import { edgeTable, small, tempDir } from './helpers.js';

fileFormatContract(sqlitePlain, edgeTable());
fileFormatContract(sqliteIndexed, edgeTable());

describe.skipIf(!procIoAvailable())('SQLite reads, counted by the kernel', () => {
  const dir = tempDir();
  const t = small(5_000);
  const write = { rowGroupSize: 100, keyColumn: 'id' };

  it('reads a few pages for an indexed lookup and most of the file without the index', async () => {
    const plain = path.join(dir, 'plain.sqlite');
    const indexed = path.join(dir, 'indexed.sqlite');
    await sqlitePlain.write(t, plain, write);
    await sqliteIndexed.write(t, indexed, write);
    const a = newCounter();
    const b = newCounter();
    await sqlitePlain.lookup({ path: plain, columns: t.columns }, 'id', 4_000n, a);
    await sqliteIndexed.lookup({ path: indexed, columns: t.columns }, 'id', 4_000n, b);
    expect(a.bytes).toBeGreaterThan(0.5 * statSync(plain).size);
    expect(b.bytes).toBeLessThan(20 * 4096);
    expect(statSync(indexed).size).toBeGreaterThan(statSync(plain).size);
  });
});
