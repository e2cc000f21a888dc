// The wire inspector on hand-built bytes, with and without a schema, on every malformed case the issue names, and on
// random bytes (it must only ever return records or throw InputError).
import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { createRng, InputError } from '../../src/core/index.js';
import { formatDump } from '../../src/protobuf/dump.js';
import { NestSchema, PackingSchema, ScalarsSchema } from '../../src/protobuf/gen/layout_pb.js';
import { OrderSchema } from '../../src/protobuf/gen/order_pb.js';
import { SensorReadingSchema } from '../../src/protobuf/gen/sensor_pb.js';
import { inspectWire, type WireRecord } from '../../src/protobuf/inspect.js';
import { nestedMessage } from '../../src/protobuf/layout.js';
import { parseHex } from '../../src/protobuf/wire.js';

const brief = (r: WireRecord) => ({
  depth: r.depth,
  offset: r.offset,
  field: r.fieldNumber,
  wire: r.wireType,
  type: r.type,
  value: r.value,
});

describe('inspectWire without a schema (like protoc --decode_raw)', () => {
  it('decodes 08 96 01 as field 1, VARINT, 150', () => {
    const records = inspectWire(parseHex('08 96 01'));
    expect(records).toEqual([
      {
        depth: 0,
        offset: 0,
        tagLength: 1,
        headerLength: 1,
        end: 3,
        fieldNumber: 1,
        wireType: 0,
        name: undefined,
        type: 'varint',
        value: '150',
        container: false,
      },
    ]);
  });

  it('shows strings, nested messages (indented) and fixed-width values', () => {
    // field 2 "testing"; field 3 message {field 1: 150}; field 4 fixed32 1.0f; field 5 fixed64 1
    const bytes = parseHex('12 07 74 65 73 74 69 6e 67  1a 03 08 96 01  25 00 00 80 3f  29 01 00 00 00 00 00 00 00');
    expect(inspectWire(bytes).map(brief)).toEqual([
      { depth: 0, offset: 0, field: 2, wire: 2, type: 'string', value: '"testing"' },
      { depth: 0, offset: 9, field: 3, wire: 2, type: 'message', value: '3 bytes' },
      { depth: 1, offset: 11, field: 1, wire: 0, type: 'varint', value: '150' },
      { depth: 0, offset: 14, field: 4, wire: 5, type: 'fixed32', value: '1065353216 (as float: 1)' },
      { depth: 0, offset: 19, field: 5, wire: 1, type: 'fixed64', value: '1 (as double: 5e-324)' },
    ]);
  });

  it('shows a varint above 2^63 also as a signed int64, and bytes that are neither text nor a message as hex', () => {
    const records = inspectWire(parseHex('08 ff ff ff ff ff ff ff ff ff 01  12 02 ff 00'));
    expect(records[0].value).toBe('18446744073709551615 (as int64: -1)');
    expect(records[1]).toMatchObject({ type: 'bytes', value: '2 bytes: ff 00' });
  });

  it('reads groups: start-group, fields, end-group', () => {
    const records = inspectWire(parseHex('0b 10 05 0c 18 01'));
    expect(records.map(brief)).toEqual([
      { depth: 0, offset: 0, field: 1, wire: 3, type: 'group', value: '4 bytes' },
      { depth: 1, offset: 1, field: 2, wire: 0, type: 'varint', value: '5' },
      { depth: 0, offset: 3, field: 1, wire: 4, type: 'end group', value: '' },
      { depth: 0, offset: 4, field: 3, wire: 0, type: 'varint', value: '1' },
    ]);
  });

  it('prints an aligned dump: offset, bytes, field, wire type, value', () => {
    const bytes = parseHex('08 96 01 1a 03 08 96 01');
    expect(formatDump(inspectWire(bytes), bytes)).toBe(
      [
        'offset  bytes       field  wire    type and value',
        '0       08 96 01    1      VARINT  varint 150',
        '3       1a 03       3      LEN     message (3 bytes)',
        '5         08 96 01    1    VARINT  varint 150',
        '8 bytes, 2 top-level fields',
      ].join('\n'),
    );
  });

  it('shows the first maxRecords lines and counts the rest; handles a 200,000-field message', () => {
    const bytes = toBinary(
      PackingSchema,
      create(PackingSchema, { unpacked: Array.from({ length: 200_000 }, (_, i) => i % 100) }),
    );
    const records = inspectWire(bytes);
    expect(records.length).toBe(200_000);
    const dump = formatDump(records, bytes, { maxRecords: 2 }).split('\n');
    expect(dump.slice(3)).toEqual(['… 199998 more fields not shown', '400000 bytes, 200000 top-level fields']);
    expect(formatDump(records, bytes).split('\n').length).toBe(200_002);
  });
});

describe('inspectWire with a schema', () => {
  it('names fields and decodes declared types: negative int32, sint32 zigzag, float, enum', () => {
    const reading = create(SensorReadingSchema, { sensorId: 's', humidityPct: 48.5, rssiDbm: -67, status: 1 });
    const bytes = toBinary(SensorReadingSchema, reading);
    const records = inspectWire(bytes, { schema: SensorReadingSchema });
    expect(records.map((r) => [r.name, r.type, r.value])).toEqual([
      ['sensor_id', 'string', '"s"'],
      ['humidity_pct', 'float', '48.5'],
      ['rssi_dbm', 'sint32', '-67 (zigzag 133)'],
      ['status', 'enum syslab.lab05.SensorStatus', 'SENSOR_STATUS_OK (1)'],
    ]);
    const negative = toBinary(ScalarsSchema, create(ScalarsSchema, { vInt32: -1 }));
    expect(negative.length).toBe(11);
    expect(inspectWire(negative, { schema: ScalarsSchema })[0]).toMatchObject({
      name: 'v_int32',
      type: 'int32',
      value: '-1',
      end: 11,
    });
  });

  it('decodes a packed field as one record with its values (the guide example 3, 270, 86942)', () => {
    const bytes = toBinary(PackingSchema, create(PackingSchema, { packed: [3, 270, 86942] }));
    expect([...bytes]).toEqual([...parseHex('0a 06 03 8e 02 9e a7 05')]);
    expect(inspectWire(bytes, { schema: PackingSchema })[0]).toMatchObject({
      name: 'packed',
      type: 'packed int32 ×3',
      value: '[3, 270, 86942]',
      headerLength: 2,
    });
  });

  it('shows a wire type that does not match the declaration instead of failing', () => {
    // field 1 of Scalars is an int32 but arrives as fixed32
    const records = inspectWire(parseHex('0d 01 00 00 00'), { schema: ScalarsSchema });
    expect(records[0].type).toBe('fixed32 (declared int32: wire type does not match)');
  });

  it('follows nesting to depth 100 and refuses deeper messages', () => {
    const ok = toBinary(NestSchema, nestedMessage(100));
    const records = inspectWire(ok, { schema: NestSchema });
    expect(records.length).toBe(100);
    expect(records.at(-1)).toMatchObject({ depth: 99, name: 'value', value: '1' });
    const deep = toBinary(NestSchema, nestedMessage(102));
    expect(() => inspectWire(deep, { schema: NestSchema })).toThrow(/nest deeper than 100 levels/);
    // Without a schema, too-deep bytes are shown as bytes, not parsed further.
    expect(inspectWire(deep).some((r) => r.type === 'bytes')).toBe(true);
  });

  it('names the offset of a malformed field inside a nested message', () => {
    // Order field 2 (customer), 3 bytes long, holding a truncated varint for customer.id
    expect(() => inspectWire(parseHex('12 03 08 96 96'), { schema: OrderSchema })).toThrow(
      /offset 3: truncated varint/,
    );
  });
});

describe('malformed input', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['truncated varint value', '08 96', /offset 1: truncated varint/],
    ['truncated tag', '80', /offset 0: truncated varint/],
    ['varint longer than 10 bytes', '08 80 80 80 80 80 80 80 80 80 80 01', /offset 1: varint longer than 10 bytes/],
    [
      'length past the end',
      '0a 05 61 62',
      /offset 1: length 5 of field 1 runs past the end of the input \(only 2 bytes left\)/,
    ],
    [
      'length past the end by all but one byte',
      '0a 05 61',
      /offset 1: length 5 of field 1 runs past the end of the input \(only 1 byte left\)/,
    ],
    ['wire type 6', '08 01 0e', /offset 2: wire type 6 does not exist/],
    ['wire type 7', '0f', /offset 0: wire type 7 does not exist/],
    ['field number 0', '00 01', /offset 0: field number 0 is not allowed/],
    ['truncated fixed64', '09 01 02 03', /offset 1: I64 value of field 1 needs 8 bytes but only 3 are left/],
    ['truncated fixed32', '0d 01', /offset 1: I32 value of field 1 needs 4 bytes but only 1 is left/],
    ['end-group without start', '0c', /offset 0: end-group tag for field 1 without a matching start-group tag/],
    [
      'group closed by another field',
      '0b 14',
      /offset 1: end-group tag for field 2 closes the group of field 1 opened at offset 0/,
    ],
    ['group never closed', '0b 08 01', /offset 0: group of field 1 is never closed/],
  ];
  for (const [name, bytes, message] of cases) {
    it(`${name}: InputError naming the offset`, () => {
      let caught: unknown;
      try {
        inspectWire(parseHex(bytes), { source: 'test.bin' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InputError);
      expect((caught as Error).message).toMatch(/^test\.bin: malformed protobuf at offset \d+: /);
      expect((caught as Error).message).toMatch(message);
    });
  }

  it('never crashes or hangs on random bytes: every outcome is records or an InputError', () => {
    const rng = createRng(7);
    let parsed = 0;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from({ length: 1 + rng.int(40) }, () => rng.int(256));
      try {
        const records = inspectWire(bytes, { schema: i % 2 ? OrderSchema : undefined });
        formatDump(records, bytes);
        parsed++;
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        rejected++;
      }
    }
    expect(parsed + rejected).toBe(3000);
    expect(parsed).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});
