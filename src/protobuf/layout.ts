// The layout table: what each encoding rule costs, one probe message per rule (data/proto/layout.proto): field
// numbers (tag width), packed versus unpacked repeated int32, implicit versus explicit presence, strings by UTF-8
// length, and nesting. "framing" counts the bytes that are not payload: tags and length prefixes, summed from the
// wire inspector's records. Tests: test/protobuf/tables.test.ts.
import { create, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import {
  FieldNumbersSchema,
  NestSchema,
  PackingSchema,
  PointSchema,
  PresenceSchema,
  TextSchema,
  type Nest,
} from './gen/layout_pb.js';
import { inspectWire } from './inspect.js';
import { canonicalJson } from './sizes.js';

export type LayoutAspect = 'field numbers' | 'packing' | 'presence' | 'strings' | 'nesting';

export interface LayoutRow {
  aspect: LayoutAspect;
  case: string;
  protobufBytes: number;
  /** Tags and length prefixes: the bytes spent on structure rather than values. */
  framingBytes: number;
  jsonBytes: number;
  note: string;
}

function measureLayout(
  aspect: LayoutAspect,
  label: string,
  schema: DescMessage,
  message: Message,
  note: string,
): LayoutRow {
  const bytes = toBinary(schema, message);
  const framingBytes = inspectWire(bytes, { schema }).reduce((sum, r) => sum + r.headerLength, 0);
  return {
    aspect,
    case: label,
    protobufBytes: bytes.length,
    framingBytes,
    jsonBytes: Buffer.byteLength(canonicalJson(schema, message)),
    note,
  };
}

export const FIELD_NUMBERS = [1, 15, 16, 2047, 2048, 262143, 262144, 33554431, 33554432, 536870911] as const;

function fieldNumberRows(): LayoutRow[] {
  return FIELD_NUMBERS.map((n) => {
    const message = create(FieldNumbersSchema, { [`f${n}`]: 1 });
    const row = measureLayout('field numbers', `int32 = 1 as field ${n}`, FieldNumbersSchema, message, '');
    return { ...row, note: `tag takes ${row.framingBytes} byte${row.framingBytes === 1 ? '' : 's'}` };
  });
}

function packingRows(count: number): LayoutRow[] {
  const rows: LayoutRow[] = [];
  const sets = [
    { label: `${count} values 0..99 repeating`, values: Array.from({ length: count }, (_, i) => i % 100) },
    { label: `${count} values 0..${count - 1}`, values: Array.from({ length: count }, (_, i) => i) },
  ];
  for (const { label, values } of sets) {
    rows.push(
      measureLayout(
        'packing',
        `packed, ${label}`,
        PackingSchema,
        create(PackingSchema, { packed: values }),
        'one tag + one length, then the varints',
      ),
    );
    rows.push(
      measureLayout(
        'packing',
        `unpacked, ${label}`,
        PackingSchema,
        create(PackingSchema, { unpacked: values }),
        'a tag before every value',
      ),
    );
  }
  return rows;
}

function presenceRows(): LayoutRow[] {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['int32 = 0 (implicit presence)', { implicitInt: 0 }, 'proto3 does not write a default value'],
    ['optional int32 = 0 (explicit presence)', { explicitInt: 0 }, 'set, so written: the reader can tell 0 from unset'],
    ['int32 = 1 (implicit presence)', { implicitInt: 1 }, ''],
    ['optional int32 = 1 (explicit presence)', { explicitInt: 1 }, ''],
    ['string = "" (implicit presence)', { implicitStr: '' }, 'not written'],
    ['optional string = "" (explicit presence)', { explicitStr: '' }, 'tag + length 0'],
  ];
  return cases.map(([label, init, note]) =>
    measureLayout('presence', label, PresenceSchema, create(PresenceSchema, init), note),
  );
}

export const STRING_CASES: ReadonlyArray<{ label: string; text: string }> = [
  { label: 'ASCII, 0 characters', text: '' },
  { label: 'ASCII, 1 character', text: 'a' },
  { label: 'ASCII, 127 characters', text: 'a'.repeat(127) },
  { label: 'ASCII, 128 characters', text: 'a'.repeat(128) },
  { label: 'ASCII, 16383 characters', text: 'a'.repeat(16383) },
  { label: 'ASCII, 16384 characters', text: 'a'.repeat(16384) },
  { label: '"é" ×100 (2 UTF-8 bytes each)', text: 'é'.repeat(100) },
  { label: '"中" ×100 (3 UTF-8 bytes each)', text: '中'.repeat(100) },
  { label: '"😀" ×100 (4 UTF-8 bytes each)', text: '😀'.repeat(100) },
];

function stringRows(): LayoutRow[] {
  return STRING_CASES.map(({ label, text }) => {
    const utf8 = Buffer.byteLength(text);
    const note =
      utf8 === 0 ? 'empty: not written at all (implicit presence)' : `${utf8} UTF-8 byte${utf8 === 1 ? '' : 's'}`;
    return measureLayout('strings', label, TextSchema, create(TextSchema, { s: text }), note);
  });
}

export function nestedMessage(depth: number): Nest {
  let message = create(NestSchema, { value: 1 });
  for (let i = 1; i < depth; i++) message = create(NestSchema, { child: message });
  return message;
}

export const NEST_DEPTHS = [1, 2, 4, 8, 16, 32, 64, 100] as const;

function nestingRows(): LayoutRow[] {
  const rows = [
    measureLayout(
      'nesting',
      'flat Point {x: 1, y: 2}',
      PointSchema,
      create(PointSchema, { x: 1, y: 2 }),
      'two fields, no nesting',
    ),
  ];
  for (const depth of NEST_DEPTHS) {
    rows.push(
      measureLayout(
        'nesting',
        `value 1 at depth ${depth}`,
        NestSchema,
        nestedMessage(depth),
        depth === 1
          ? 'no enclosing message'
          : `${depth - 1} enclosing message${depth === 2 ? '' : 's'}, each a tag + length`,
      ),
    );
  }
  return rows;
}

export function layoutRows(packedCount = 1000): LayoutRow[] {
  return [...fieldNumberRows(), ...packingRows(packedCount), ...presenceRows(), ...stringRows(), ...nestingRows()];
}
