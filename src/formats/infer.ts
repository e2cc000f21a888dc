// A user's own CSV (--input): parsed with csv-parse (header row, quoted fields, embedded commas and line breaks),
// each column's type inferred from its values, and the text converted to the lab's table. Rule: an empty field is
// null; a column takes the first type, in the order boolean, int32, int64, double, timestamp, that every non-empty
// value in it parses as; otherwise it is a string. An unreadable file, binary data and malformed CSV each throw one
// InputError naming the file, the line and what was expected. Tests: test/formats/infer.test.ts.
import { InputError } from '../core/errors.js';
import { binaryAt, csvRecords } from './csv.js';
import { checkReadable, newCounter } from './io.js';
import type { ColumnDef, ColumnType, DataTable, Value } from './table.js';
import { textToValue } from './text.js';

const CANDIDATES: readonly ColumnType[] = ['boolean', 'int32', 'int64', 'double', 'timestamp'];

/** The narrowest type every non-empty value parses as (string when none fits, or when all are empty). */
export function inferType(values: readonly string[]): ColumnType {
  let candidates = [...CANDIDATES];
  let seen = false;
  for (const text of values) {
    if (text === '') continue;
    seen = true;
    candidates = candidates.filter((t) => textToValue(text, t) !== undefined);
    if (candidates.length === 0) return 'string';
  }
  return seen ? candidates[0] : 'string';
}

/** Reads a CSV file with a header row into a typed table (`flag`: the option that named the file). */
export async function readCsvInput(path: string, flag = '--input'): Promise<DataTable> {
  checkReadable(flag, path);
  const binary = binaryAt(path);
  if (binary) {
    const what =
      binary.byte === undefined
        ? 'the file ends inside a UTF-8 character'
        : `byte 0x${binary.byte.toString(16).padStart(2, '0')} is not UTF-8 text`;
    throw new InputError(
      `CSV file "${path}" line ${binary.line}: ${what}; expected a text file (UTF-8), not binary data`,
    );
  }
  const rows: string[][] = [];
  let header: string[] | undefined;
  for await (const record of csvRecords(path, newCounter())) {
    if (!header) {
      header = record;
      continue;
    }
    rows.push(record);
  }
  if (!header) throw new InputError(`CSV file "${path}" is empty; expected a header row and at least one data row`);
  if (rows.length === 0) throw new InputError(`CSV file "${path}" has a header but no data rows`);
  const names = header.map((h) => h.trim());
  names.forEach((name, j) => {
    if (name === '')
      throw new InputError(`CSV file "${path}" line 1: column ${j + 1} has an empty name; every column needs one`);
    if ([...name].some((ch) => ch.charCodeAt(0) < 0x20))
      throw new InputError(
        `CSV file "${path}" line 1: the name of column ${j + 1} holds a line break or control character; ` +
          'expected a name on one line',
      );
    if (names.indexOf(name) !== j)
      throw new InputError(`CSV file "${path}" line 1: column name "${name}" appears twice; names must be unique`);
  });
  const columns: ColumnDef[] = names.map((name, j) => ({ name, type: inferType(rows.map((r) => r[j])) }));
  const data: Value[][] = columns.map((c, j) =>
    rows.map((r) => {
      const text = r[j];
      return text === '' ? null : (textToValue(text, c.type) as Value);
    }),
  );
  return { columns, data, rowCount: rows.length };
}

export interface QueryColumns {
  keyColumn: string;
  valueColumn: string;
  timeColumn?: string;
}

const NUMERIC: readonly ColumnType[] = ['double', 'int32', 'int64'];

/**
 * The columns the queries use: the ones named, else `id`, `amount` and `ts` when present with a fitting type, else
 * the first integer column (key), the first numeric one (value, doubles first) and the first timestamp (time; the
 * time filter is left out when there is none). Names that do not fit throw InputError listing what would.
 */
export function chooseColumns(table: Pick<DataTable, 'columns'>, named: Partial<QueryColumns>): QueryColumns {
  const cols = table.columns;
  const byName = (flag: string, name: string, allowed: readonly ColumnType[]) => {
    const c = cols.find((x) => x.name === name);
    const fitting = cols.filter((x) => allowed.includes(x.type)).map((x) => x.name);
    if (!c) throw new InputError(`${flag}: no column "${name}"; columns: ${cols.map((x) => x.name).join(', ')}`);
    if (!allowed.includes(c.type))
      throw new InputError(
        `${flag}: column "${name}" is ${c.type}; allowed: ${allowed.join(', ')} columns (${fitting.join(', ') || 'none here'})`,
      );
    return c.name;
  };
  const pick = (preferred: string, allowed: readonly ColumnType[]) =>
    cols.find((c) => c.name === preferred && allowed.includes(c.type))?.name ??
    allowed.map((t) => cols.find((c) => c.type === t)?.name).find((n) => n !== undefined);

  const keyColumn =
    named.keyColumn !== undefined
      ? byName('--key-column', named.keyColumn, ['int64', 'int32', 'string'])
      : (pick('id', ['int64', 'int32']) ?? cols[0].name);
  const valueColumn =
    named.valueColumn !== undefined ? byName('--value-column', named.valueColumn, NUMERIC) : pick('amount', NUMERIC);
  if (valueColumn === undefined)
    throw new InputError(
      `the table has no numeric column to sum; columns: ${cols.map((c) => `${c.name} (${c.type})`).join(', ')}`,
    );
  const timeColumn =
    named.timeColumn !== undefined
      ? byName('--time-column', named.timeColumn, ['timestamp'])
      : pick('ts', ['timestamp']);
  return { keyColumn, valueColumn, timeColumn };
}
