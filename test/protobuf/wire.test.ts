// Varints, tags and zigzag against hand-worked encodings (the protobuf encoding guide's examples).
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/index.js';
import {
  encodeVarint,
  MalformedWireError,
  parseHex,
  readTag,
  readVarint,
  toHex,
  zigzagDecode,
  zigzagEncode,
} from '../../src/protobuf/wire.js';

const hex = (s: string) => parseHex(s);

describe('varints', () => {
  it('encodes by hand-worked examples: 1, 127, 128, 150, 300, 16384, 2^63-1, -1', () => {
    expect(toHex(encodeVarint(1n))).toBe('01');
    expect(toHex(encodeVarint(127n))).toBe('7f');
    expect(toHex(encodeVarint(128n))).toBe('80 01');
    // 150 = 0b1001_0110: low 7 bits 0010110 with the continuation bit -> 0x96, then 1 -> 0x01.
    expect(toHex(encodeVarint(150n))).toBe('96 01');
    expect(toHex(encodeVarint(300n))).toBe('ac 02');
    expect(toHex(encodeVarint(16384n))).toBe('80 80 01');
    expect(toHex(encodeVarint(2n ** 63n - 1n))).toBe('ff ff ff ff ff ff ff ff 7f');
    expect(toHex(encodeVarint(-1n))).toBe('ff ff ff ff ff ff ff ff ff 01');
  });

  it('reads back what it encodes, with the position after the varint', () => {
    for (const v of [0n, 1n, 127n, 128n, 150n, 2n ** 35n, 2n ** 64n - 1n]) {
      const bytes = encodeVarint(v);
      expect(readVarint(bytes, 0)).toEqual({ value: v, next: bytes.length });
    }
    expect(readVarint(hex('08 96 01'), 1)).toEqual({ value: 150n, next: 3 });
  });

  it('rejects a truncated varint and one longer than 10 bytes, naming the offset', () => {
    expect(() => readVarint(hex('00 96'), 1)).toThrow(/offset 1: truncated varint/);
    expect(() => readVarint(hex('96 01'), 0, 1)).toThrow(/offset 0: truncated varint/);
    const eleven = hex('ff ff ff ff ff ff ff ff ff ff 01');
    expect(() => readVarint(eleven, 0)).toThrow(/offset 0: varint longer than 10 bytes/);
    try {
      readVarint(eleven, 0);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect(error).toBeInstanceOf(MalformedWireError);
      expect((error as MalformedWireError).offset).toBe(0);
    }
  });
});

describe('tags', () => {
  it('splits field number and wire type: 08 is field 1 VARINT, 12 field 2 LEN, 0x80 0x01 field 16 VARINT', () => {
    expect(readTag(hex('08'), 0).value).toEqual({ fieldNumber: 1, wireType: 0 });
    expect(readTag(hex('12'), 0).value).toEqual({ fieldNumber: 2, wireType: 2 });
    expect(readTag(hex('80 01'), 0)).toEqual({ value: { fieldNumber: 16, wireType: 0 }, next: 2 });
    expect(readTag(hex('f8 ff ff ff 0f'), 0).value).toEqual({ fieldNumber: 2 ** 29 - 1, wireType: 0 });
  });

  it('rejects wire types 6 and 7, field number 0 and tags wider than 32 bits', () => {
    expect(() => readTag(hex('0e'), 0)).toThrow(/offset 0: wire type 6 does not exist/);
    expect(() => readTag(hex('00 0f'), 1)).toThrow(/offset 1: wire type 7 does not exist/);
    expect(() => readTag(hex('00'), 0)).toThrow(/field number 0/);
    expect(() => readTag(hex('80 80 80 80 10'), 0)).toThrow(/wider than 32 bits/);
  });
});

describe('zigzag', () => {
  it('maps 0,-1,1,-2,2 to 0,1,2,3,4 and the 32-bit extremes to the top values', () => {
    const pairs: Array<[bigint, bigint]> = [
      [0n, 0n],
      [-1n, 1n],
      [1n, 2n],
      [-2n, 3n],
      [2n, 4n],
      [2147483647n, 4294967294n],
      [-2147483648n, 4294967295n],
    ];
    for (const [signed, unsigned] of pairs) {
      expect(zigzagEncode(signed, 32)).toBe(unsigned);
      expect(zigzagDecode(unsigned, 32)).toBe(signed);
    }
    expect(zigzagEncode(-(2n ** 63n), 64)).toBe(2n ** 64n - 1n);
    expect(zigzagDecode(2n ** 64n - 2n, 64)).toBe(2n ** 63n - 1n);
  });
});

describe('parseHex', () => {
  it('accepts spaces, commas, colons and 0x prefixes; rejects other characters and odd digit counts', () => {
    expect(toHex(parseHex('08 96 01'))).toBe('08 96 01');
    expect(toHex(parseHex('0x08,0x96:01\n'))).toBe('08 96 01');
    expect(() => parseHex('08 9g')).toThrow(/"g" is not a hex digit/);
    expect(() => parseHex('089')).toThrow(/odd number of hex digits/);
  });
});
