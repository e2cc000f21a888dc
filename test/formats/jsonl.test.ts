import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCounter } from '../../src/formats/io.js';
import { jsonlFormat } from '../../src/formats/jsonl.js';
import { firstDifference } from '../../src/formats/table.js';
import { fileFormatContract } from './contract.js';
import { edgeTable, tempDir } from './helpers.js';

fileFormatContract(jsonlFormat, edgeTable({ bigInts: false }));

describe('JSON lines specifics', () => {
  const dir = tempDir();

  it('writes one object per line with ISO timestamps', async () => {
    const p = path.join(dir, 'edge.jsonl');
    await jsonlFormat.write(edgeTable({ bigInts: false }), p, { rowGroupSize: 10, keyColumn: 'id' });
    const lines = readFileSync(p, 'utf8').split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe(
      '{"id":1,"ts":"1970-01-01T00:00:00.000Z","category":"plain","note":null,"amount":0,"quantity":2147483647,"returned":true}',
    );
  });

  it('loses int64 values beyond 2^53: JSON numbers are read as doubles', async () => {
    const t = edgeTable({ bigInts: true });
    const p = path.join(dir, 'big.jsonl');
    await jsonlFormat.write(t, p, { rowGroupSize: 10, keyColumn: 'id' });
    expect(firstDifference(t, await jsonlFormat.scan({ path: p, columns: t.columns }, newCounter()))).toBe(
      'row 4 column id: expected 9223372036854775807n, got 9223372036854775808n',
    );
  });
});
