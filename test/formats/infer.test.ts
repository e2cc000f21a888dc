import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/rng.js';
import { chooseColumns, inferType, readCsvInput } from '../../src/formats/infer.js';
import { tempDir } from './helpers.js';

describe('type inference', () => {
  it('takes the narrowest type every non-empty value fits', () => {
    expect(inferType(['true', 'FALSE', ''])).toBe('boolean');
    expect(inferType(['1', '-2', ''])).toBe('int32');
    expect(inferType(['1', '3000000000'])).toBe('int64');
    expect(inferType(['1', '2.5'])).toBe('double');
    expect(inferType(['2024-01-01', '2024-02-03T04:05:06Z'])).toBe('timestamp');
    expect(inferType(['1', 'x'])).toBe('string');
    expect(inferType(['', ''])).toBe('string');
  });
});

describe('reading a CSV of your own', () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('parses quoted fields with commas, quotes and line breaks, and types each column', async () => {
    const p = write(
      'good.csv',
      'id,when,name,price,ok\n1,2024-01-01T00:00:00Z,"Smith, J.",2.5,true\n2,,"say ""hi""\nthere",,false\n3,2024-01-02,plain,4,\n',
    );
    const t = await readCsvInput(p);
    expect(t.columns).toEqual([
      { name: 'id', type: 'int32' },
      { name: 'when', type: 'timestamp' },
      { name: 'name', type: 'string' },
      { name: 'price', type: 'double' },
      { name: 'ok', type: 'boolean' },
    ]);
    expect(t.rowCount).toBe(3);
    expect(t.data[2]).toEqual(['Smith, J.', 'say "hi"\nthere', 'plain']);
    expect(t.data[1]).toEqual([Date.UTC(2024, 0, 1), null, Date.UTC(2024, 0, 2)]);
    expect(t.data[3]).toEqual([2.5, null, 4]);
    expect(t.data[4]).toEqual([true, false, null]);
  });

  it('names the line of a ragged row', async () => {
    const p = write('ragged.csv', 'a,b,c\n1,2,3\n4,5\n');
    await expect(readCsvInput(p)).rejects.toThrow(InputError);
    await expect(readCsvInput(p)).rejects.toThrow(
      `CSV file "${p}": line 3: 2 fields; expected 3, as many as the header has`,
    );
  });

  it('names the line and field of a stray quote, and says how quotes are written', async () => {
    const p = write('stray.csv', 'a,b\n1,2\n3,x"y\n');
    await expect(readCsvInput(p)).rejects.toThrow(
      `CSV file "${p}": line 3, field 2: a quote inside an unquoted field; expected a field either without quotes ` +
        'or wholly in quotes, with each quote inside it written twice ("")',
    );
    const q = write('closing.csv', 'a,b\n1,"x"y\n');
    await expect(readCsvInput(q)).rejects.toThrow(`CSV file "${q}": line 2, field 2: text after a closing quote;`);
  });

  it('names the line where a record with an unclosed quote starts, not only the end of the file', async () => {
    const p = write('unclosed.csv', 'a,b\n1,2\n3,"ok\nfine"\n4,"broken\n5,6\n7,8\n');
    await expect(readCsvInput(p)).rejects.toThrow(
      `CSV file "${p}": a quote opened in the record that starts on line 5 is never closed; expected a closing ` +
        'quote before the end of the file',
    );
  });

  it('refuses binary data and text that is not UTF-8, naming the line and the byte', async () => {
    const nul = path.join(dir, 'nul.csv');
    writeFileSync(nul, Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0x00, 0x01]), Buffer.from('\n')]));
    await expect(readCsvInput(nul)).rejects.toThrow(
      `CSV file "${nul}" line 3: byte 0x00 is not UTF-8 text; expected a text file (UTF-8), not binary data`,
    );
    // "café" in Latin-1: 0xe9 followed by a newline is not a UTF-8 sequence.
    const latin1 = path.join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('a,b\n1,caf\xe9\n', 'latin1'));
    await expect(readCsvInput(latin1)).rejects.toThrow(`CSV file "${latin1}" line 2: byte 0xe9 is not UTF-8 text`);
    // A multi-byte character cut by the 1 MiB chunk boundary is still valid text.
    const wide = path.join(dir, 'wide.csv');
    writeFileSync(wide, `a\n${'x'.repeat((1 << 20) - 3)}中\n`);
    expect((await readCsvInput(wide)).data[0]).toEqual([`${'x'.repeat((1 << 20) - 3)}中`]);
  });

  it('names a file that does not exist (the error the lab gives for an unreadable one is in test/formats/lab.test.ts)', async () => {
    const p = path.join(dir, 'missing.csv');
    await expect(readCsvInput(p)).rejects.toThrow(`--input "${p}" does not exist (ENOENT); expected a readable file`);
  });

  it('rejects empty files, header-only files and duplicate or empty column names', async () => {
    await expect(readCsvInput(write('empty.csv', ''))).rejects.toThrow(/is empty/);
    await expect(readCsvInput(write('header.csv', 'a,b\n'))).rejects.toThrow(/has a header but no data rows/);
    await expect(readCsvInput(write('dup.csv', 'a,a\n1,2\n'))).rejects.toThrow(/column name "a" appears twice/);
    await expect(readCsvInput(write('blank.csv', 'a,\n1,2\n'))).rejects.toThrow(/column 2 has an empty name/);
    await expect(readCsvInput(write('multiline.csv', 'a,"b\nc"\n1,2\n'))).rejects.toThrow(
      /line 1: the name of column 2 holds a line break or control character; expected a name on one line$/,
    );
  });
});

describe('choosing the query columns', () => {
  const cols = {
    columns: [
      { name: 'key', type: 'int64' as const },
      { name: 'label', type: 'string' as const },
      { name: 'v', type: 'double' as const },
      { name: 'at', type: 'timestamp' as const },
    ],
  };

  it('falls back to the first column of a fitting type', () => {
    expect(chooseColumns(cols, {})).toEqual({ keyColumn: 'key', valueColumn: 'v', timeColumn: 'at' });
  });

  it('checks named columns and lists what would fit', () => {
    expect(chooseColumns(cols, { keyColumn: 'label' }).keyColumn).toBe('label');
    expect(() => chooseColumns(cols, { valueColumn: 'label' })).toThrow(
      '--value-column: column "label" is string; allowed: double, int32, int64 columns (key, v)',
    );
    expect(() => chooseColumns(cols, { timeColumn: 'nope' })).toThrow(
      '--time-column: no column "nope"; columns: key, label, v, at',
    );
    expect(() => chooseColumns({ columns: [{ name: 's', type: 'string' }] }, {})).toThrow(/no numeric column to sum/);
  });
});

describe('reading a CSV of your own: fuzzed', () => {
  const dir = tempDir();

  it('turns 1,000 seeded random files into a table or one InputError line, never another error', async () => {
    const rng = createRng(2024);
    // Mostly CSV's own characters (so the parser, not only the UTF-8 check, meets broken input), sometimes any byte.
    const alphabet = ['a', '7', '-', '.', ',', '"', '\n', '\r', ' ', 'é', 'true', '2024-01-01'];
    const outcomes = { table: 0, inputError: 0 };
    for (let i = 0; i < 1000; i++) {
      const parts: Buffer[] = [];
      const length = rng.int(60);
      for (let k = 0; k < length; k++) {
        parts.push(rng.next() < 0.03 ? Buffer.from([rng.int(256)]) : Buffer.from(rng.pick(alphabet)));
      }
      const file = path.join(dir, `fuzz-${i}.csv`);
      writeFileSync(file, Buffer.concat(parts));
      try {
        const t = await readCsvInput(file);
        expect(t.data.every((col) => col.length === t.rowCount)).toBe(true);
        outcomes.table++;
      } catch (error) {
        expect(error, `case ${i}`).toBeInstanceOf(InputError);
        expect((error as Error).message).not.toContain('\n');
        expect((error as Error).message).toContain(file);
        outcomes.inputError++;
      }
    }
    // Both outcomes occur, so the check exercised the parser's errors and its successes.
    expect(outcomes.table).toBeGreaterThan(0);
    expect(outcomes.inputError).toBeGreaterThan(0);
  });
});
