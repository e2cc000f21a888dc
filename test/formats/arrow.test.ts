import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { arrowFormat } from '../../src/formats/arrow.js';
import { newCounter } from '../../src/formats/io.js';
import { fileFormatContract } from './contract.js';
import { edgeTable, small, tempDir } from './helpers.js';

const plain = arrowFormat({ dictionary: false, compression: 'none' });
const dict = arrowFormat({ dictionary: true, compression: 'none' });
const zstd = arrowFormat({ dictionary: true, compression: 'zstd' });
fileFormatContract(plain, edgeTable());
fileFormatContract(dict, edgeTable());
fileFormatContract(zstd, edgeTable());

describe('Arrow IPC specifics', () => {
  const dir = tempDir();
  const t = small(5_000);
  const write = { rowGroupSize: 1_000, keyColumn: 'id' };

  it('dictionary encoding shrinks the file; ZSTD shrinks it further; the reader reads the whole file', async () => {
    const sizes: number[] = [];
    for (const f of [plain, dict, zstd]) {
      const p = path.join(dir, `t${f.extension}`);
      await f.write(t, p, write);
      sizes.push(statSync(p).size);
      const counter = newCounter();
      await f.sum({ path: p, columns: t.columns }, 'amount', counter);
      expect(counter.bytes).toBe(statSync(p).size);
    }
    expect(sizes[1]).toBeLessThan(sizes[0]);
    expect(sizes[2]).toBeLessThan(0.6 * sizes[1]);
  });

  it('writes record batches of the requested size', async () => {
    const { tableFromIPC } = await import('apache-arrow');
    const { readFileSync } = await import('node:fs');
    const p = path.join(dir, 'batches.arrow');
    await plain.write(t, p, write);
    expect(tableFromIPC(readFileSync(p)).batches.map((b) => b.numRows)).toEqual([1000, 1000, 1000, 1000, 1000]);
  });
});
