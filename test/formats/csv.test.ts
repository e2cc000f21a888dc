import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvFormat } from '../../src/formats/csv.js';
import { newCounter } from '../../src/formats/io.js';
import { fileFormatContract } from './contract.js';
import { edgeTable, tempDir } from './helpers.js';

fileFormatContract(csvFormat, edgeTable({ emptyString: false }));

describe('CSV specifics', () => {
  const dir = tempDir();

  it('writes quoted fields where the text needs them and a header row', async () => {
    const t = edgeTable({ emptyString: false });
    const p = path.join(dir, 'edge.csv');
    await csvFormat.write(t, p, { rowGroupSize: 10, keyColumn: 'id' });
    const text = readFileSync(p, 'utf8');
    expect(text.startsWith('id,ts,category,note,amount,quantity,returned\n')).toBe(true);
    expect(text).toContain('"with, comma"');
    expect(text).toContain('"with ""quotes"""');
    expect(text).toContain('"line\nbreak"');
    expect(text).toContain('1,1970-01-01T00:00:00.000Z,plain,,0,2147483647,true\n');
  });

  it('reads an empty string back as null: CSV cannot tell them apart', async () => {
    const t = edgeTable({ emptyString: true });
    const p = path.join(dir, 'empty.csv');
    await csvFormat.write(t, p, { rowGroupSize: 10, keyColumn: 'id' });
    const back = await csvFormat.scan({ path: p, columns: t.columns }, newCounter());
    expect(back.data[2]?.[7]).toBeNull();
  });

  it('reads every byte even for one column, and counts them', async () => {
    const t = edgeTable({ emptyString: false });
    const p = path.join(dir, 'count.csv');
    await csvFormat.write(t, p, { rowGroupSize: 10, keyColumn: 'id' });
    const counter = newCounter();
    await csvFormat.sum({ path: p, columns: t.columns }, 'amount', counter);
    expect(counter.bytes).toBe(readFileSync(p).length);
  });

  it('rejects a header that does not match, naming the file', async () => {
    const p = path.join(dir, 'bad-header.csv');
    writeFileSync(p, 'a,b\n1,2\n');
    await expect(csvFormat.scan({ path: p, columns: edgeTable().columns }, newCounter())).rejects.toThrow(
      /bad-header.csv": header is "a,b"/,
    );
  });
});
