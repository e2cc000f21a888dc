// src/protobuf/thrift-sizes.ts: lab 05's messages in Apache Thrift's binary and compact protocols. Known answers worked
// out by hand, byte-exact agreement with an independent implementation (Debian's python3-thrift, run by
// fixtures/thrift/reference.py, whose output reference.json is committed), data/proto/thrift/lab05.thrift checked
// field for field against the .proto descriptors, and the unavailable paths (a compiler that does not exist, a
// program that is not the Thrift compiler).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { create, fromJson, ScalarType, type DescField, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.js';
import { MultReqSchema, MultRespSchema } from '../../src/protobuf/gen/mult_pb.js';
import {
  AddressSchema,
  CustomerSchema,
  LineItemSchema,
  OrderSchema,
  OrderStatusSchema,
} from '../../src/protobuf/gen/order_pb.js';
import { SensorBatchSchema, SensorReadingSchema, SensorStatusSchema } from '../../src/protobuf/gen/sensor_pb.js';
import { TableRowSchema } from '../../src/protobuf/gen/table_row_pb.js';
import {
  encodeThrift,
  fieldCosts,
  loadThriftCodec,
  THRIFT_IDL,
  thriftSizes,
  toThriftStruct,
  type ThriftTypes,
} from '../../src/protobuf/thrift-sizes.js';

const FIXTURES = path.join(projectRoot, 'test', 'protobuf', 'fixtures', 'thrift');
const SCHEMAS: Record<string, DescMessage> = Object.fromEntries(
  [
    MultReqSchema,
    MultRespSchema,
    AddressSchema,
    CustomerSchema,
    LineItemSchema,
    OrderSchema,
    SensorReadingSchema,
    SensorBatchSchema,
    TableRowSchema,
  ].map((s) => [s.name, s]),
);

interface Case {
  name: string;
  message: string;
  file?: string;
  json?: JsonValue;
}
const cases = (JSON.parse(readFileSync(path.join(FIXTURES, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;
const reference = JSON.parse(readFileSync(path.join(FIXTURES, 'reference.json'), 'utf8')) as {
  cases: { name: string; binary: string; compact: string }[];
};

const scratchDirs: string[] = [];
/** A scratch folder for the generated code, removed after the tests. */
function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-thrift05-'));
  scratchDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

let types: ThriftTypes;
beforeAll(() => {
  const codec = loadThriftCodec(scratch());
  if (!codec.available) throw new Error(`the Thrift compiler is needed here: ${codec.reason}`);
  expect(codec.version).toMatch(/^Thrift version \d+\.\d+/);
  types = codec.types;
});

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
function encode(schema: DescMessage, json: JsonValue) {
  const struct = toThriftStruct(types, schema, fromJson(schema, json));
  return { binary: hex(encodeThrift(struct, 'binary')), compact: hex(encodeThrift(struct, 'compact')) };
}

describe('known answers, worked out by hand', () => {
  it('MultReq{x:6, y:7}: binary 2 × (3-byte header + 4-byte i32) + stop = 15 B; compact 2 × (1 + 1) + stop = 5 B', () => {
    // binary: type I32 (08), field id 1 as i16 (00 01), 6 as a big-endian i32; the same for field 2; stop (00).
    // compact: header (delta 1 << 4 | type i32 5) = 15, zigzag(6) = 12 = 0c; 15, zigzag(7) = 14 = 0e; stop 00.
    expect(encode(MultReqSchema, { x: 6, y: 7 })).toEqual({
      binary: '08' + '0001' + '00000006' + '08' + '0002' + '00000007' + '00',
      compact: '15' + '0c' + '15' + '0e' + '00',
    });
  });

  it('MultReq large: compact zigzags -2^31 to 5 bytes where protobuf int32 takes 10', () => {
    // zigzag(2^31-1) = 2^32-2 = fe ff ff ff 0f; zigzag(-2^31) = 2^32-1 = ff ff ff ff 0f; binary stays 4 bytes each.
    expect(encode(MultReqSchema, { x: 2147483647, y: -2147483648 })).toEqual({
      binary: '080001' + '7fffffff' + '080002' + '80000000' + '00',
      compact: '15' + 'feffffff0f' + '15' + 'ffffffff0f' + '00',
    });
    expect(thriftSizes(types, MultReqSchema, fromJson(MultReqSchema, { x: 2147483647, y: -2147483648 }))).toEqual({
      thriftBinaryBytes: 15,
      thriftCompactBytes: 13,
    });
  });

  it('a bool lives in the compact field header; an unset field (proto3 default) is not written', () => {
    // TableRow{flag: true}: compact header delta 7 << 4 | BOOLEAN_TRUE 1 = 71, stop; binary 02 0007 01, stop.
    expect(encode(TableRowSchema, { flag: true })).toEqual({ binary: '02000701' + '00', compact: '71' + '00' });
    // MultReq{x: 0, y: 1}: x holds its default, so protobuf skips it and so does Thrift; compact's delta is then 2.
    expect(encode(MultReqSchema, { x: 0, y: 1 })).toEqual({
      binary: '080002' + '00000001' + '00',
      compact: '2502' + '00',
    });
  });

  it('strings, lists and nested structs: 4-byte lengths in binary, varint lengths and 1-byte list headers in compact', () => {
    // Order{customer: {}, tags: ["ab"]}. binary: 0c 0002 (struct, field 2), 00 (its stop); 0f 0004 (list, field 4),
    // 0b (elements are strings), 00000001 (one element), 00000002 "ab"; stop. compact: 2c (delta 2 << 4 | struct 0c),
    // 00 (its stop); 29 (delta 2 << 4 | list 9), 18 (size 1 << 4 | binary 8), 02 "ab"; stop.
    const ab = '6162';
    expect(encode(OrderSchema, { customer: {}, tags: ['ab'] })).toEqual({
      binary: '0c0002' + '00' + '0f0004' + '0b' + '00000001' + '00000002' + ab + '00',
      compact: '2c' + '00' + '29' + '18' + '02' + ab + '00',
    });
  });

  it('fieldCosts: each field alone, less the empty message (1 stop byte in Thrift, 0 bytes of protobuf)', () => {
    const costs = fieldCosts(types, MultReqSchema, fromJson(MultReqSchema, { x: 3, y: -2147483648 }));
    expect(costs).toEqual([
      { field: 'x', protoType: 'int32', protobufBytes: 2, thriftBinaryBytes: 7, thriftCompactBytes: 2 },
      { field: 'y', protoType: 'int32', protobufBytes: 11, thriftBinaryBytes: 7, thriftCompactBytes: 6 },
    ]);
    const row = fieldCosts(types, TableRowSchema, fromJson(TableRowSchema, { discount: 0, flag: true }));
    expect(row.map((f) => [f.field, f.protoType, f.protobufBytes, f.thriftCompactBytes, f.thriftBinaryBytes])).toEqual([
      ['flag', 'bool', 2, 1, 4],
      ['discount', 'optional double', 9, 9, 11],
    ]);
  });
});

describe('the same bytes as python3-thrift (fixtures/thrift/reference.py)', () => {
  it('covers every case of cases.json, in order', () => {
    expect(reference.cases.map((c) => c.name)).toEqual(cases.map((c) => c.name));
  });

  it.each(cases.map((c, i) => [c.name, c, reference.cases[i]] as const))('%s', (_name, c, ref) => {
    const json = c.file
      ? (JSON.parse(readFileSync(path.join(projectRoot, c.file), 'utf8')) as JsonValue)
      : (c.json as JsonValue);
    const schema = SCHEMAS[c.message];
    expect(encode(schema, json)).toEqual({ binary: ref.binary, compact: ref.compact });
    expect(thriftSizes(types, schema, fromJson(schema, json))).toEqual({
      thriftBinaryBytes: ref.binary.length / 2,
      thriftCompactBytes: ref.compact.length / 2,
    });
  });
});

/** The Thrift type each protobuf field should have, by the mapping stated at the top of lab05.thrift. */
function expectedThriftType(field: DescField): string {
  const scalar = (t: ScalarType): string => {
    if ([ScalarType.INT32, ScalarType.SINT32, ScalarType.SFIXED32, ScalarType.UINT32, ScalarType.FIXED32].includes(t))
      return 'i32';
    if ([ScalarType.INT64, ScalarType.SINT64, ScalarType.SFIXED64, ScalarType.UINT64, ScalarType.FIXED64].includes(t))
      return 'i64';
    if (t === ScalarType.DOUBLE || t === ScalarType.FLOAT) return 'double';
    const others: Partial<Record<ScalarType, string>> = {
      [ScalarType.BOOL]: 'bool',
      [ScalarType.STRING]: 'string',
      [ScalarType.BYTES]: 'binary',
    };
    return others[t] ?? '?';
  };
  switch (field.fieldKind) {
    case 'scalar':
      return scalar(field.scalar);
    case 'enum':
      return field.enum.name;
    case 'message':
      return field.message.name;
    case 'list':
      return `list<${field.listKind === 'scalar' ? scalar(field.scalar) : field.listKind === 'enum' ? field.enum.name : field.message.name}>`;
    case 'map':
      return 'map';
  }
}

describe('data/proto/thrift/lab05.thrift mirrors the .proto files', () => {
  const idl = readFileSync(THRIFT_IDL, 'utf8').replace(/\/\/.*$/gm, '');
  const structs = new Map(
    [...idl.matchAll(/struct (\w+) \{([^}]*)\}/g)].map((m) => [
      m[1],
      [...m[2].matchAll(/(\d+):\s*(optional\s+)?([\w<>]+)\s+(\w+)/g)].map((f) => ({
        id: Number(f[1]),
        optional: Boolean(f[2]),
        type: f[3],
        name: f[4],
      })),
    ]),
  );

  it('has a struct per message, each field with the same id, name, presence and mapped type', () => {
    expect([...structs.keys()].sort()).toEqual(Object.keys(SCHEMAS).sort());
    for (const schema of Object.values(SCHEMAS)) {
      expect(structs.get(schema.name), schema.name).toEqual(
        schema.fields.map((f) => ({
          id: f.number,
          optional: Boolean(f.proto.proto3Optional),
          type: expectedThriftType(f),
          name: f.name,
        })),
      );
    }
  });

  it('has each enum with the same names and numbers', () => {
    for (const e of [OrderStatusSchema, SensorStatusSchema]) {
      const body = new RegExp(`enum ${e.name} \\{([^}]*)\\}`).exec(idl)?.[1] ?? '';
      const values = [...body.matchAll(/(\w+)\s*=\s*(\d+)/g)].map((m) => [m[1], Number(m[2])]);
      expect(values, e.name).toEqual(e.values.map((v) => [v.name, v.number]));
    }
    expect(types.OrderStatus).toMatchObject({ ORDER_STATUS_PAID: 2 });
  });

  it('refuses a message it has no struct for', () => {
    const schema = { ...MultReqSchema, name: 'Nope', typeName: 'syslab.lab05.Nope' } as DescMessage;
    expect(() => toThriftStruct(types, schema, create(MultReqSchema))).toThrow('syslab.lab05.Nope has no struct Nope');
  });
});

describe('without the Thrift compiler', () => {
  const reasonWith = (compiler: string) => {
    const codec = loadThriftCodec(scratch(), compiler);
    return codec.available ? 'available' : codec.reason;
  };

  it('is unavailable, with the reason', () => {
    expect(reasonWith('/nonexistent/thrift')).toBe(
      '/nonexistent/thrift could not run (spawnSync /nonexistent/thrift ENOENT; apt-get install thrift-compiler)',
    );
  });

  it('is unavailable when the program is not the Thrift compiler, saying what it did instead', () => {
    // Two stand-ins written here: one fails and prints nothing, one succeeds and prints something else.
    const dir = scratch();
    const silent = path.join(dir, 'silent');
    const other = path.join(dir, 'other');
    writeFileSync(silent, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    writeFileSync(other, '#!/bin/sh\necho "other 1.0"\n', { mode: 0o755 });
    expect(reasonWith(silent)).toBe(
      `${silent} is not the Apache Thrift compiler: \`${silent} --version\` exited with status 1 and printed ` +
        'nothing, not "Thrift version ..." (apt-get install thrift-compiler)',
    );
    expect(reasonWith(other)).toBe(
      `${other} is not the Apache Thrift compiler: \`${other} --version\` exited with status 0 and printed ` +
        '"other 1.0", not "Thrift version ..." (apt-get install thrift-compiler)',
    );
    expect(reasonWith('/bin/false')).toMatch(
      /^\/bin\/false is not the Apache Thrift compiler: .* exited with status 1/,
    );
  });
});
