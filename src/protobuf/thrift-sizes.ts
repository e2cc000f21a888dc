// Apache Thrift's encodings of lab 05's messages: data/proto/thrift/lab05.thrift (the .proto files field for field) is
// compiled at run time with Debian's `thrift --gen js:node` (once `--version` shows it is that compiler), each
// Protobuf-ES message is copied into the generated struct by walking its descriptor, and the struct is written with
// the thrift package's TBinaryProtocol or TCompactProtocol into a memory transport: the struct's bytes alone, no
// message envelope or frame, as the protobuf column is the message alone. Tests: test/protobuf/thrift-sizes.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  create,
  isFieldSet,
  ScalarType,
  toBinary,
  type DescField,
  type DescMessage,
  type Message,
  type MessageShape,
} from '@bufbuild/protobuf';
import { projectRoot } from '../core/paths.js';
import { generatedLoader, generateThrift, thriftInt64, thriftLib } from '../rpc/thrift.js';

/** The IDL of lab 05's messages; its opening comment says how each protobuf type was mapped. */
export const THRIFT_IDL = path.join(projectRoot, 'data', 'proto', 'thrift', 'lab05.thrift');
const GENERATED_FILE = 'lab05_types.js';

/** The two Thrift protocols measured: TBinaryProtocol and TCompactProtocol. */
export type ThriftProtocolName = 'binary' | 'compact';

/** A generated Thrift struct: its fields by IDL name, and the generated writer. */
export interface ThriftStruct {
  [field: string]: unknown;
  write(protocol: unknown): void;
}

/** The generated lab05_types.js: a constructor per struct and an object per enum, by IDL name. */
export type ThriftTypes = Record<string, unknown>;

/** The generated structs and the compiler that made them, or why there are none. */
export type ThriftCodec =
  { available: true; types: ThriftTypes; compiler: string; version: string } | { available: false; reason: string };

/** The thrift package's protocol classes (the package ships no types of its own). */
interface ThriftProtocols {
  TBinaryProtocol: new (transport: MemoryTransport) => unknown;
  TCompactProtocol: new (transport: MemoryTransport) => unknown;
}

/**
 * The write side of a Thrift transport, in memory: the protocols call write() for every header and value and flush()
 * at the end. Each write is copied into one growing buffer at once (thrift's TBufferedTransport would keep every
 * 1-byte write as its own Buffer until the flush, gigabytes for a SensorBatch of a million readings).
 */
class MemoryTransport {
  private buffer = Buffer.allocUnsafe(256);
  private length = 0;
  write(data: Buffer | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (this.length + bytes.length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.length + bytes.length));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    bytes.copy(this.buffer, this.length);
    this.length += bytes.length;
  }
  flush(): void {}
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
type Int64Class = new (bytes: Buffer) => unknown;

/** What `thrift --version` prints first, e.g. "Thrift version 0.17.0". */
const VERSION_LINE = /^Thrift version \d/;

/**
 * Asks `compiler --version` whether it is the Apache Thrift compiler: its version line, or why not (it cannot run, it
 * fails, or it prints something else, as /bin/false or another tool would).
 */
export function thriftVersion(compiler: string): { version: string } | { reason: string } {
  const out = spawnSync(compiler, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (out.error) return { reason: `${compiler} could not run (${out.error.message}; apt-get install thrift-compiler)` };
  const printed = `${out.stdout ?? ''}\n${out.stderr ?? ''}`.trim().split('\n')[0].trim();
  if (out.status === 0 && VERSION_LINE.test(printed)) return { version: printed };
  const ended = out.status === null ? `was stopped by ${out.signal}` : `exited with status ${out.status}`;
  const said = printed ? `printed "${printed.slice(0, 120)}"` : 'printed nothing';
  return {
    reason:
      `${compiler} is not the Apache Thrift compiler: \`${compiler} --version\` ${ended} and ${said}, not ` +
      '"Thrift version ..." (apt-get install thrift-compiler)',
  };
}

/**
 * Checks that `compiler` is the Apache Thrift compiler, compiles lab05.thrift with it into
 * `<scratchDir>/thrift-lab05` and loads the generated structs; unavailable, with the reason, when the compiler is
 * missing, is some other program, or fails.
 */
export function loadThriftCodec(scratchDir: string, compiler = 'thrift'): ThriftCodec {
  const checked = thriftVersion(compiler);
  if ('reason' in checked) return { available: false, reason: checked.reason };
  const dir = path.join(scratchDir, 'thrift-lab05');
  mkdirSync(dir, { recursive: true });
  const gen = generateThrift(dir, compiler, THRIFT_IDL, GENERATED_FILE);
  if (!gen.available) return gen;
  const types = generatedLoader(gen.dir)(path.join(gen.dir, GENERATED_FILE)) as ThriftTypes;
  return { available: true, types, compiler, version: checked.version };
}

/** A protobuf 64-bit value (bigint, or a string under jstype) as thrift's Int64, its 64 bits kept (uint64 too). */
function int64(value: unknown): unknown {
  const Int64 = thriftInt64() as unknown as Int64Class;
  const bytes = Buffer.allocUnsafe(8); // from the shared pool: a million Int64s need not be a million allocations
  bytes.writeBigInt64BE(BigInt.asIntN(64, BigInt(value as bigint | string)));
  return new Int64(bytes);
}

/** One protobuf scalar as the Thrift value the mapping in lab05.thrift gives it. */
function scalarValue(type: ScalarType, value: unknown): unknown {
  switch (type) {
    case ScalarType.FLOAT:
      return Math.fround(value as number); // the float32 the protobuf message carries, now in a double
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return (value as number) | 0; // no unsigned types in Thrift: keep the 32 bits
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return int64(value);
    case ScalarType.BYTES:
      return Buffer.from(value as Uint8Array);
    default:
      return value; // double, int32, sint32, sfixed32, bool, string
  }
}

function fieldValue(types: ThriftTypes, field: DescField, value: unknown): unknown {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarValue(field.scalar, value);
    case 'enum':
      return value;
    case 'message':
      return toThriftStruct(types, field.message, value as Message);
    case 'list':
      return (value as unknown[]).map((element) =>
        field.listKind === 'scalar'
          ? scalarValue(field.scalar, element)
          : field.listKind === 'enum'
            ? element
            : toThriftStruct(types, field.message, element as Message),
      );
    case 'map':
      throw new Error(
        `${field.parent.typeName}.${field.name}: maps are not mapped to Thrift (no lab 05 message has one)`,
      );
  }
}

/**
 * Copies a Protobuf-ES message into the generated Thrift struct of the same short name, field by field under the
 * .proto's field names: a field protobuf would not write (implicit presence at its default, an unset optional or
 * message, an empty list) stays unset, so Thrift does not write it either.
 */
export function toThriftStruct(types: ThriftTypes, schema: DescMessage, message: Message): ThriftStruct {
  const Struct = types[schema.name] as (new () => ThriftStruct) | undefined;
  if (typeof Struct !== 'function') throw new Error(`${schema.typeName} has no struct ${schema.name} in lab05.thrift`);
  const struct = new Struct();
  const shape = message as MessageShape<DescMessage> & Record<string, unknown>;
  for (const field of schema.fields) {
    if (field.oneof) throw new Error(`${schema.typeName}.${field.name}: oneof is not mapped to Thrift`);
    if (!isFieldSet(shape, field)) continue;
    struct[field.name] = fieldValue(types, field, shape[field.localName]);
  }
  return struct;
}

/** The bytes of one struct in Thrift's binary or compact protocol (the thrift package's), written into memory. */
export function encodeThrift(struct: ThriftStruct, protocol: ThriftProtocolName): Uint8Array {
  const lib = thriftLib() as unknown as ThriftProtocols;
  const transport = new MemoryTransport();
  struct.write(new (protocol === 'binary' ? lib.TBinaryProtocol : lib.TCompactProtocol)(transport));
  return transport.bytes();
}

/** A message's bytes in each Thrift protocol, the struct alone. */
export interface ThriftSizes {
  thriftBinaryBytes: number;
  thriftCompactBytes: number;
}

/** A message's size in both Thrift protocols. */
export function thriftSizes(types: ThriftTypes, schema: DescMessage, message: Message): ThriftSizes {
  const struct = toThriftStruct(types, schema, message);
  return {
    thriftBinaryBytes: encodeThrift(struct, 'binary').length,
    thriftCompactBytes: encodeThrift(struct, 'compact').length,
  };
}

/** One top-level field's bytes in each encoding, measured by encoding a message with that field alone. */
export interface FieldCost {
  field: string;
  /** The field's .proto type, e.g. `int32`, `repeated LineItem`, `optional string`. */
  protoType: string;
  protobufBytes: number;
  thriftBinaryBytes: number;
  thriftCompactBytes: number;
}

const SCALAR_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(ScalarType)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v, k.toLowerCase()]),
);

function protoType(field: DescField): string {
  const base =
    field.fieldKind === 'scalar' || (field.fieldKind === 'list' && field.listKind === 'scalar')
      ? SCALAR_NAMES[field.scalar]
      : field.fieldKind === 'enum' || (field.fieldKind === 'list' && field.listKind === 'enum')
        ? field.enum.name
        : field.fieldKind === 'message' || (field.fieldKind === 'list' && field.listKind === 'message')
          ? field.message.name
          : 'map';
  if (field.fieldKind === 'list') return `repeated ${base}`;
  return field.proto.proto3Optional ? `optional ${base}` : base;
}

/**
 * What each set top-level field costs in protobuf, Thrift binary and Thrift compact: a message holding that field
 * alone, less the empty message (0 bytes of protobuf; a 1-byte stop field in Thrift).
 */
export function fieldCosts(types: ThriftTypes, schema: DescMessage, message: Message): FieldCost[] {
  const shape = message as MessageShape<DescMessage> & Record<string, unknown>;
  const sizes = (m: Message) => ({ protobufBytes: toBinary(schema, m).length, ...thriftSizes(types, schema, m) });
  const empty = sizes(create(schema));
  return schema.fields
    .filter((field) => isFieldSet(shape, field))
    .map((field) => {
      const alone = create(schema) as MessageShape<DescMessage> & Record<string, unknown>;
      alone[field.localName] = shape[field.localName];
      const s = sizes(alone);
      return {
        field: field.name,
        protoType: protoType(field),
        protobufBytes: s.protobufBytes - empty.protobufBytes,
        thriftBinaryBytes: s.thriftBinaryBytes - empty.thriftBinaryBytes,
        thriftCompactBytes: s.thriftCompactBytes - empty.thriftCompactBytes,
      };
    });
}
