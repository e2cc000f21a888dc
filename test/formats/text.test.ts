import { describe, expect, it } from 'vitest';
import { textToValue, valueToText } from '../../src/formats/text.js';

describe('values as text', () => {
  it('writes one form per type and parses it back exactly', () => {
    expect(valueToText(1_700_000_000_123, 'timestamp')).toBe('2023-11-14T22:13:20.123Z');
    expect(textToValue('2023-11-14T22:13:20.123Z', 'timestamp')).toBe(1_700_000_000_123);
    expect(valueToText(true, 'boolean')).toBe('true');
    expect(valueToText(2n ** 63n - 1n, 'int64')).toBe('9223372036854775807');
    expect(textToValue('9223372036854775807', 'int64')).toBe(2n ** 63n - 1n);
    expect(textToValue(valueToText(0.1 + 0.2, 'double'), 'double')).toBe(0.1 + 0.2);
    expect(textToValue(valueToText(-86_400_000, 'timestamp'), 'timestamp')).toBe(-86_400_000);
  });

  it('reads timestamps without a zone as UTC, and date-only text as midnight UTC', () => {
    expect(textToValue('2024-01-31', 'timestamp')).toBe(Date.UTC(2024, 0, 31));
    expect(textToValue('2024-01-31 10:00:00', 'timestamp')).toBe(Date.UTC(2024, 0, 31, 10));
    expect(textToValue('2024-01-31T10:00:00+01:00', 'timestamp')).toBe(Date.UTC(2024, 0, 31, 9));
  });

  it('rejects text that is not of the type', () => {
    expect(textToValue('12.5', 'int32')).toBeUndefined();
    expect(textToValue('2147483648', 'int32')).toBeUndefined();
    expect(textToValue('9223372036854775808', 'int64')).toBeUndefined();
    expect(textToValue('abc', 'double')).toBeUndefined();
    expect(textToValue('Infinity', 'double')).toBeUndefined();
    expect(textToValue('yes', 'boolean')).toBeUndefined();
    expect(textToValue('31/01/2024', 'timestamp')).toBeUndefined();
    expect(textToValue('2024-13-45', 'timestamp')).toBeUndefined();
  });
});
