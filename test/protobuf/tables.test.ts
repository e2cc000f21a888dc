// The varints and layout tables against hand-worked encodings, and the sample messages' sizes and round trips.
import { create, equals, fromBinary, fromJson, toBinary, toJson } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { MultReqSchema } from '../../src/protobuf/gen/mult_pb.js';
import { layoutRows } from '../../src/protobuf/layout.js';
import { loadSamples } from '../../src/protobuf/samples.js';
import { canonicalJson, messageSizes } from '../../src/protobuf/sizes.js';
import { toHex } from '../../src/protobuf/wire.js';
import { INTEGER_TYPES, LADDER, varintRows } from '../../src/protobuf/varints.js';

describe('varints table', () => {
  const rows = varintRows();
  const row = (type: string, value: string) => rows.find((r) => r.type === type && r.value === value)!;

  it('has one row per type and ladder value', () => {
    expect(rows.length).toBe(INTEGER_TYPES.length * LADDER.length);
  });

  it('150 in field 1 is 08 96 01 (the encoding guide example)', () => {
    expect(toHex(toBinary(MultReqSchema, create(MultReqSchema, { x: 150 })))).toBe('08 96 01');
  });

  it('matches hand-worked encodings', () => {
    expect(row('int32', '0')).toMatchObject({ valueBytes: 1, fieldBytes: 2, hex: '00' });
    expect(row('uint32', '127')).toMatchObject({ valueBytes: 1, hex: '7f' });
    expect(row('uint32', '128')).toMatchObject({ valueBytes: 2, hex: '80 01' });
    expect(row('int64', '16383')).toMatchObject({ valueBytes: 2, hex: 'ff 7f' });
    expect(row('int64', '16384')).toMatchObject({ valueBytes: 3, hex: '80 80 01' });
    expect(row('int32', '2^21')).toMatchObject({ valueBytes: 4, hex: '80 80 80 01' });
    expect(row('int32', '2^28')).toMatchObject({ valueBytes: 5, hex: '80 80 80 80 01' });
    expect(row('int32', '2^31-1')).toMatchObject({ valueBytes: 5, hex: 'ff ff ff ff 07' });
    // A negative int32 is sign-extended to 64 bits: always 10 bytes.
    expect(row('int32', '-1')).toMatchObject({ valueBytes: 10, fieldBytes: 11, hex: 'ff ff ff ff ff ff ff ff ff 01' });
    expect(row('int32', '-2^31')).toMatchObject({ valueBytes: 10, hex: '80 80 80 80 f8 ff ff ff ff 01' });
    expect(row('int64', '2^63-1')).toMatchObject({ valueBytes: 9, hex: 'ff ff ff ff ff ff ff ff 7f' });
    // Zigzag: -1 -> 1, 1 -> 2, 127 -> 254, -2^31 -> 2^32-1.
    expect(row('sint32', '-1')).toMatchObject({ valueBytes: 1, hex: '01' });
    expect(row('sint32', '1')).toMatchObject({ valueBytes: 1, hex: '02' });
    expect(row('sint32', '127')).toMatchObject({ valueBytes: 2, hex: 'fe 01' });
    expect(row('sint32', '-2^31')).toMatchObject({ valueBytes: 5, hex: 'ff ff ff ff 0f' });
    expect(row('sint64', '2^63-1')).toMatchObject({ valueBytes: 10, hex: 'fe ff ff ff ff ff ff ff ff 01' });
    expect(row('fixed32', '1')).toMatchObject({ valueBytes: 4, hex: '01 00 00 00' });
    expect(row('fixed64', '2^63-1')).toMatchObject({ valueBytes: 8, hex: 'ff ff ff ff ff ff ff 7f' });
  });

  it('leaves values a type cannot hold empty, because the encoder refuses them', () => {
    for (const [type, value] of [
      ['uint32', '-1'],
      ['fixed32', '-2^31'],
      ['int32', '2^63-1'],
      ['fixed64', '-1'],
      ['sint32', '2^63-1'],
    ]) {
      expect(row(type, value)).toMatchObject({ valueBytes: null, fieldBytes: null, hex: '' });
      expect(row(type, value).note).toMatch(/refuses/);
    }
    expect(row('int32', '2^63-1').note).toBe('not an int32 value (the encoder refuses it)');
    expect(row('uint32', '-1').note).toBe('not a uint32 value (the encoder refuses it)');
  });
});

describe('layout table', () => {
  const rows = layoutRows(1000);
  const bytes = (aspect: string, label: string) => rows.find((r) => r.aspect === aspect && r.case === label)!;

  it('tags grow one byte at field numbers 16, 2048, 262144, 33554432', () => {
    const sizes = [1, 15, 16, 2047, 2048, 262143, 262144, 33554431, 33554432, 536870911].map(
      (n) => bytes('field numbers', `int32 = 1 as field ${n}`).framingBytes,
    );
    expect(sizes).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('packed 0..999: 1 tag + 2 length bytes + 128x1 + 872x2 value bytes = 1875; unpacked adds a tag per value = 2872', () => {
    expect(bytes('packing', 'packed, 1000 values 0..999')).toMatchObject({ protobufBytes: 1875, framingBytes: 3 });
    expect(bytes('packing', 'unpacked, 1000 values 0..999')).toMatchObject({ protobufBytes: 2872, framingBytes: 1000 });
    expect(bytes('packing', 'packed, 1000 values 0..99 repeating').protobufBytes).toBe(1003);
    expect(bytes('packing', 'unpacked, 1000 values 0..99 repeating').protobufBytes).toBe(2000);
  });

  it('implicit presence skips zero values; explicit presence writes them', () => {
    expect(bytes('presence', 'int32 = 0 (implicit presence)').protobufBytes).toBe(0);
    expect(bytes('presence', 'optional int32 = 0 (explicit presence)').protobufBytes).toBe(2);
    expect(bytes('presence', 'string = "" (implicit presence)').protobufBytes).toBe(0);
    expect(bytes('presence', 'optional string = "" (explicit presence)').protobufBytes).toBe(2);
  });

  it('strings cost tag + varint length + UTF-8 bytes', () => {
    expect(bytes('strings', 'ASCII, 127 characters').protobufBytes).toBe(1 + 1 + 127);
    expect(bytes('strings', 'ASCII, 128 characters').protobufBytes).toBe(1 + 2 + 128);
    expect(bytes('strings', 'ASCII, 16384 characters').protobufBytes).toBe(1 + 3 + 16384);
    expect(bytes('strings', '"😀" ×100 (4 UTF-8 bytes each)').protobufBytes).toBe(1 + 2 + 400);
  });

  it('each level of nesting adds a tag and a length prefix', () => {
    expect(bytes('nesting', 'value 1 at depth 1').protobufBytes).toBe(2);
    expect(bytes('nesting', 'value 1 at depth 2').protobufBytes).toBe(4);
    expect(bytes('nesting', 'value 1 at depth 64').protobufBytes).toBe(128);
    // Past depth 64 each enclosed message is at least 128 bytes, so its length prefix takes 2 bytes: +3 per level.
    expect(bytes('nesting', 'value 1 at depth 100').protobufBytes).toBe(128 + 36 * 3);
  });
});

describe('sample messages', () => {
  const samples = loadSamples(createRng(1), 50);

  it('are the five JSON samples and the batch', () => {
    expect(samples.map((s) => s.name)).toEqual([
      'MultReq small',
      'MultReq large',
      'SensorReading',
      'Order',
      'TableRow',
      'SensorBatch ×50',
    ]);
  });

  it('round-trip byte-exactly through binary and through canonical JSON', () => {
    for (const s of samples) {
      const bytes = toBinary(s.schema, s.message);
      const back = fromBinary(s.schema, bytes);
      expect(equals(s.schema, back, s.message), s.name).toBe(true);
      expect(toBinary(s.schema, back), s.name).toEqual(bytes);
      const viaJson = fromJson(s.schema, toJson(s.schema, s.message));
      expect(toBinary(s.schema, viaJson), s.name).toEqual(bytes);
    }
  });

  it('have hand-checkable sizes: MultReq {3, 4} is 4 bytes of protobuf and 13 of JSON', () => {
    const small = samples[0];
    expect(canonicalJson(small.schema, small.message)).toBe('{"x":3,"y":4}');
    expect(toHex(toBinary(small.schema, small.message))).toBe('08 03 10 04');
    expect(messageSizes(small.schema, small.message)).toMatchObject({
      jsonBytes: 13,
      protobufBytes: 4,
      jsonPerProtobuf: 3.25,
    });
    // x = 2^31-1 takes 5 bytes, y = -2^31 takes 10: 1 + 5 + 1 + 10.
    expect(messageSizes(samples[1].schema, samples[1].message).protobufBytes).toBe(17);
  });

  it('write 64-bit integers as strings and bytes as base64 in canonical JSON', () => {
    const order = samples.find((s) => s.name === 'Order')!;
    const json = JSON.parse(canonicalJson(order.schema, order.message)) as Record<string, unknown>;
    expect(json.createdAtMs).toBe('1718035200456');
    expect(json.paymentToken).toBe('q83vASNFZ4mrze8BI0VniQ==');
    expect(json.status).toBe('ORDER_STATUS_PAID');
  });
});
