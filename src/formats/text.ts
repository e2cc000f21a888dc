// Values as text, for the text formats (CSV, JSON lines) and for typing a user's CSV: each type's one written form
// and its exact parse back. Tests: test/formats/text.test.ts.
import type { ColumnType, Value } from './table.js';

/** The text of a non-null value; timestamps as ISO-8601 UTC with milliseconds, doubles in shortest round-trip form. */
export function valueToText(v: Exclude<Value, null>, type: ColumnType): string {
  switch (type) {
    case 'timestamp':
      return new Date(v as number).toISOString();
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return String(v);
  }
}

const INT_TEXT = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
// Accepts what valueToText writes and common variants: 2024-01-31, 2024-01-31T10:00, 2024-01-31 10:00:00.5Z, +01:00.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses the text of one value; undefined when the text is not a value of that type. */
export function textToValue(text: string, type: ColumnType): Value | undefined {
  switch (type) {
    case 'string':
      return text;
    case 'int64': {
      if (!INT_TEXT.test(text)) return undefined;
      const v = BigInt(text);
      return v >= INT64_MIN && v <= INT64_MAX ? v : undefined;
    }
    case 'int32': {
      if (!INT_TEXT.test(text)) return undefined;
      const v = Number(text);
      return v >= -(2 ** 31) && v < 2 ** 31 ? v : undefined;
    }
    case 'double': {
      const t = text.trim();
      if (t === '') return undefined;
      const v = Number(t);
      return Number.isFinite(v) ? v : undefined;
    }
    case 'boolean': {
      const t = text.toLowerCase();
      return t === 'true' ? true : t === 'false' ? false : undefined;
    }
    case 'timestamp': {
      if (!ISO_TIMESTAMP.test(text)) return undefined;
      // Without a zone the text is read as UTC, so a file means the same instant on every machine.
      const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
      const ms = Date.parse(
        hasZone ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}${text.length > 10 ? 'Z' : ''}`,
      );
      return Number.isFinite(ms) ? ms : undefined;
    }
  }
}
