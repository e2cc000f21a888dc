// The protobuf wire format's smallest pieces, read by hand because they are the lesson: base-128 varints, tags (field
// number and wire type), zigzag and the fixed-width little-endian numbers. Every read checks the bounds it was given
// and throws the core's InputError naming the byte offset, so corrupt input never crashes or hangs a caller.
// Tests: test/protobuf/wire.test.ts.
import { InputError } from '../core/errors.js';

export const WireType = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

export const WIRE_TYPE_NAMES: Record<WireType, string> = {
  0: 'VARINT',
  1: 'I64',
  2: 'LEN',
  3: 'SGROUP',
  4: 'EGROUP',
  5: 'I32',
};

/** A varint is at most 10 bytes: 64 bits in 7-bit groups. */
export const MAX_VARINT_BYTES = 10;
/** Field numbers are 29 bits: 1 .. 2^29-1. */
export const MAX_FIELD_NUMBER = 2 ** 29 - 1;

/** Thrown for bytes that are not a protobuf encoding; `offset` is where the bad element starts. */
export class MalformedWireError extends InputError {
  constructor(
    readonly offset: number,
    readonly problem: string,
    source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}malformed protobuf at offset ${offset}: ${problem}`);
  }
}

export interface Read<T> {
  value: T;
  /** The offset just past what was read. */
  next: number;
}

/** Reads a varint starting at `offset`; bytes at or past `end` do not belong to it. */
export function readVarint(bytes: Uint8Array, offset: number, end = bytes.length): Read<bigint> {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const pos = offset + i;
    if (pos >= end) {
      throw new MalformedWireError(
        offset,
        `truncated varint: the data ends after ${i} byte${i === 1 ? '' : 's'} of it, all with the continuation bit set`,
      );
    }
    const byte = bytes[pos];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, result), next: pos + 1 };
    shift += 7n;
  }
  throw new MalformedWireError(
    offset,
    `varint longer than ${MAX_VARINT_BYTES} bytes (the 10th byte still has its continuation bit set)`,
  );
}

export interface Tag {
  fieldNumber: number;
  wireType: WireType;
}

/** Reads a tag: varint (field_number << 3 | wire_type), rejecting wire types 6 and 7 and field number 0. */
export function readTag(bytes: Uint8Array, offset: number, end = bytes.length): Read<Tag> {
  const { value, next } = readVarint(bytes, offset, end);
  if (value > 0xffffffffn) {
    throw new MalformedWireError(
      offset,
      `tag ${value} is wider than 32 bits (field numbers stop at ${MAX_FIELD_NUMBER})`,
    );
  }
  const wireType = Number(value & 7n);
  const fieldNumber = Number(value >> 3n);
  if (wireType > 5) {
    throw new MalformedWireError(
      offset,
      `wire type ${wireType} does not exist (allowed: 0 VARINT, 1 I64, 2 LEN, 3 SGROUP, 4 EGROUP, 5 I32)`,
    );
  }
  if (fieldNumber === 0)
    throw new MalformedWireError(offset, 'field number 0 is not allowed (field numbers start at 1)');
  return { value: { fieldNumber, wireType: wireType as WireType }, next };
}

/** Checks that `length` bytes starting at `offset` lie before `end`. */
export function requireBytes(offset: number, length: number, end: number, what: string, at = offset): void {
  if (offset + length > end) {
    const left = Math.max(0, end - offset);
    throw new MalformedWireError(
      at,
      `${what} needs ${length} byte${length === 1 ? '' : 's'} but only ${left} ${left === 1 ? 'is' : 'are'} left`,
    );
  }
}

/** Zigzag (sint32/sint64): 0,-1,1,-2,2 ... map to 0,1,2,3,4 ... so small negatives stay short. */
export function zigzagEncode(n: bigint, bits: 32 | 64): bigint {
  const v = BigInt.asIntN(bits, n);
  return BigInt.asUintN(bits, (v << 1n) ^ (v >> BigInt(bits - 1)));
}

export function zigzagDecode(u: bigint, bits: 32 | 64): bigint {
  const v = BigInt.asUintN(bits, u);
  return (v >> 1n) ^ -(v & 1n);
}

/** Encodes an unsigned 64-bit value as a varint (used by tests and the layout table's hand-worked checks). */
export function encodeVarint(value: bigint): Uint8Array {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? low : low | 0x80);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const parts: string[] = [];
  for (let i = start; i < end; i++) parts.push(bytes[i].toString(16).padStart(2, '0'));
  return parts.join(' ');
}

/** Parses hex text such as "08 96 01", "089601" or "0x08,0x96" (whitespace, commas, colons and 0x prefixes allowed). */
export function parseHex(text: string, source = 'hex input'): Uint8Array {
  const cleaned = text.replace(/0x/gi, '').replace(/[\s,:]/g, '');
  const bad = cleaned.search(/[^0-9a-fA-F]/);
  if (bad >= 0)
    throw new InputError(
      `${source}: "${cleaned[bad]}" is not a hex digit; expected pairs of 0-9/a-f such as "08 96 01"`,
    );
  if (cleaned.length % 2 !== 0)
    throw new InputError(`${source}: odd number of hex digits (${cleaned.length}); every byte needs two`);
  const out = new Uint8Array(cleaned.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(cleaned.slice(2 * i, 2 * i + 2), 16);
  return out;
}
