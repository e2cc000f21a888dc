// The varints table: the bytes each integer type takes for a ladder of values, found by encoding a one-field message
// with Protobuf-ES and locating the value's bytes with the wire inspector (not from a formula). Values a type cannot
// hold are rejected by the encoder itself, and the row says so. Tests: test/protobuf/tables.test.ts.
import { create, toBinary } from '@bufbuild/protobuf';
import { ScalarsSchema } from './gen/layout_pb.js';
import { inspectWire } from './inspect.js';
import { toHex } from './wire.js';

export const INTEGER_TYPES = ['int32', 'int64', 'uint32', 'sint32', 'sint64', 'fixed32', 'fixed64'] as const;
export type IntegerType = (typeof INTEGER_TYPES)[number];

export const LADDER: ReadonlyArray<{ label: string; value: bigint }> = [
  { label: '0', value: 0n },
  { label: '1', value: 1n },
  { label: '127', value: 127n },
  { label: '128', value: 128n },
  { label: '16383', value: 16383n },
  { label: '16384', value: 16384n },
  { label: '2^21', value: 2n ** 21n },
  { label: '2^28', value: 2n ** 28n },
  { label: '2^31-1', value: 2n ** 31n - 1n },
  { label: '-1', value: -1n },
  { label: '-2^31', value: -(2n ** 31n) },
  { label: '2^63-1', value: 2n ** 63n - 1n },
];

/** Field of the Scalars probe message holding each type (all `optional`, so that 0 is written too). */
const FIELD: Record<IntegerType, string> = {
  int32: 'vInt32',
  int64: 'vInt64',
  uint32: 'vUint32',
  sint32: 'vSint32',
  sint64: 'vSint64',
  fixed32: 'vFixed32',
  fixed64: 'vFixed64',
};

const is64 = (type: IntegerType) => type.endsWith('64');

export interface VarintRow {
  type: IntegerType;
  value: string;
  decimal: string;
  /** Bytes of the value alone (no tag); null when the type cannot hold the value. */
  valueBytes: number | null;
  /** The whole field: tag + value. */
  fieldBytes: number | null;
  hex: string;
  note: string;
}

/** Encodes `value` as the only field of a Scalars message; returns the encoding or the encoder's refusal. */
export function encodeScalar(type: IntegerType, value: bigint): Uint8Array | Error {
  try {
    // 64-bit fields take bigint; 32-bit fields take number (an out-of-range number is refused by the encoder).
    const init = { [FIELD[type]]: is64(type) ? value : Number(value) };
    return toBinary(ScalarsSchema, create(ScalarsSchema, init));
  } catch (error) {
    return error as Error;
  }
}

export function varintRows(): VarintRow[] {
  const rows: VarintRow[] = [];
  for (const type of INTEGER_TYPES) {
    for (const { label, value } of LADDER) {
      const encoded = encodeScalar(type, value);
      if (encoded instanceof Error) {
        rows.push({
          type,
          value: label,
          decimal: String(value),
          valueBytes: null,
          fieldBytes: null,
          hex: '',
          note: `not ${type.startsWith('int') ? 'an' : 'a'} ${type} value (the encoder refuses it)`,
        });
        continue;
      }
      const [record] = inspectWire(encoded);
      if (!record) throw new Error(`encoding ${type} ${value} produced no field`);
      const valueStart = record.offset + record.tagLength;
      const valueBytes = record.end - valueStart;
      const note = type === 'int32' && value < 0n ? 'negative int32 is sign-extended to 64 bits' : '';
      rows.push({
        type,
        value: label,
        decimal: String(value),
        valueBytes,
        fieldBytes: encoded.length,
        hex: toHex(encoded, valueStart, record.end),
        note,
      });
    }
  }
  return rows;
}
