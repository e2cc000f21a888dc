// The wire inspector: protobuf bytes -> a flat list of annotated records (offset, byte span, field number, wire type,
// decoded value, nesting depth), in byte order, a nested message's record followed by its fields one level deeper.
// With a schema the values are decoded by their declared types; without one it guesses like `protoc --decode_raw`.
// Malformed bytes throw InputError naming the offset. Formatting is in dump.ts. Tests: test/protobuf/inspect.test.ts.
import type { DescMessage } from '@bufbuild/protobuf';
import { ScalarType } from '@bufbuild/protobuf';
import {
  describeValue,
  lookupFor,
  scalarName,
  scalarWireType,
  type FieldInfo,
  type FieldLookup,
  type FieldValue,
} from './field-lookup.js';
import {
  MalformedWireError,
  WIRE_TYPE_NAMES,
  WireType,
  readTag,
  readVarint,
  requireBytes,
  toHex,
  zigzagDecode,
} from './wire.js';

export interface WireRecord {
  /** 0 for the top-level message's fields, +1 per enclosing message or group. */
  depth: number;
  /** Offset of the field's first byte (its tag). */
  offset: number;
  tagLength: number;
  /** Tag plus, for LEN fields, the length prefix; the value starts at offset + headerLength. */
  headerLength: number;
  /** Offset just past the field (for a group: past its end-group tag). */
  end: number;
  fieldNumber: number;
  wireType: WireType;
  /** The field's name where a schema gives one. */
  name: string | undefined;
  /** Declared type with a schema ("int32", "message pkg.Msg", "packed uint32"), the guessed one without. */
  type: string;
  /** The decoded value as text; for a message or group, its size (its fields follow as records). */
  value: string;
  /** True for a message or group: the records after it with a larger depth are its fields. */
  container: boolean;
}

export interface InspectOptions {
  /** Decode by this message type; without it the bytes are decoded schema-less. */
  schema?: DescMessage;
  /** Deepest nesting accepted (protobuf's own parsers default to 100). */
  maxDepth?: number;
  /** Name of the input (a file) for error messages. */
  source?: string;
}

interface State {
  bytes: Uint8Array;
  out: WireRecord[];
  maxDepth: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Values shown for a packed field before "…". */
const PACKED_SHOWN = 12;
const STRING_SHOWN = 48;
const BYTES_SHOWN = 16;

export function inspectWire(bytes: Uint8Array, options: InspectOptions = {}): WireRecord[] {
  const state: State = { bytes, out: [], maxDepth: options.maxDepth ?? 100 };
  try {
    parseFields(state, 0, bytes.length, 0, options.schema ? lookupFor(options.schema) : undefined, undefined);
  } catch (error) {
    if (error instanceof MalformedWireError && options.source)
      throw new MalformedWireError(error.offset, error.problem, options.source);
    throw error;
  }
  return state.out;
}

/**
 * Parses fields in [start, end). Inside a group it stops after the matching end-group tag and returns that position.
 */
function parseFields(
  s: State,
  start: number,
  end: number,
  depth: number,
  fields: FieldLookup | undefined,
  group: { fieldNumber: number; offset: number } | undefined,
): number {
  let pos = start;
  while (pos < end) {
    const offset = pos;
    const { value: tag, next } = readTag(s.bytes, pos, end);
    const tagLength = next - offset;
    const info = fields?.(tag.fieldNumber);
    const base = { depth, offset, tagLength, fieldNumber: tag.fieldNumber, wireType: tag.wireType, name: info?.name };
    switch (tag.wireType) {
      case WireType.VARINT: {
        const v = readVarint(s.bytes, next, end);
        s.out.push({ ...base, headerLength: tagLength, end: v.next, ...describeVarint(v.value, info) });
        pos = v.next;
        break;
      }
      case WireType.I32:
      case WireType.I64: {
        const size = tag.wireType === WireType.I32 ? 4 : 8;
        requireBytes(next, size, end, `${WIRE_TYPE_NAMES[tag.wireType]} value of field ${tag.fieldNumber}`);
        const view = new DataView(s.bytes.buffer, s.bytes.byteOffset + next, size);
        s.out.push({ ...base, headerLength: tagLength, end: next + size, ...describeFixed(view, info) });
        pos = next + size;
        break;
      }
      case WireType.LEN: {
        const len = readVarint(s.bytes, next, end);
        const valueStart = len.next;
        if (len.value > BigInt(end - valueStart)) {
          throw new MalformedWireError(
            next,
            `length ${len.value} of field ${tag.fieldNumber} runs past the end of the ` +
              `${depth === 0 ? 'input' : 'enclosing message'} (only ${end - valueStart} ` +
              `byte${end - valueStart === 1 ? '' : 's'} left)`,
          );
        }
        const valueEnd = valueStart + Number(len.value);
        parseLen(s, { ...base, headerLength: valueStart - offset, end: valueEnd }, info, valueStart, valueEnd);
        pos = valueEnd;
        break;
      }
      case WireType.SGROUP: {
        const childFields = info?.value.kind === 'message' ? info.value.fields : undefined;
        if (depth + 1 > s.maxDepth)
          throw new MalformedWireError(offset, `groups nest deeper than ${s.maxDepth} levels`);
        const record: WireRecord = {
          ...base,
          headerLength: tagLength,
          end: next,
          type: info ? describeField(info) : 'group',
          value: '',
          container: true,
        };
        s.out.push(record);
        record.end = parseFields(s, next, end, depth + 1, childFields, { fieldNumber: tag.fieldNumber, offset });
        record.value = `${record.end - offset} bytes`;
        pos = record.end;
        break;
      }
      case WireType.EGROUP: {
        if (!group)
          throw new MalformedWireError(
            offset,
            `end-group tag for field ${tag.fieldNumber} without a matching start-group tag`,
          );
        if (group.fieldNumber !== tag.fieldNumber) {
          throw new MalformedWireError(
            offset,
            `end-group tag for field ${tag.fieldNumber} closes the group of field ${group.fieldNumber} opened at ` +
              `offset ${group.offset}`,
          );
        }
        s.out.push({
          ...base,
          depth: depth - 1,
          name: undefined,
          headerLength: tagLength,
          end: next,
          type: 'end group',
          value: '',
          container: false,
        });
        return next;
      }
    }
  }
  if (group)
    throw new MalformedWireError(
      group.offset,
      `group of field ${group.fieldNumber} is never closed (no end-group tag before the end)`,
    );
  return pos;
}

type Described = Pick<WireRecord, 'type' | 'value' | 'container'>;

function describeField(info: FieldInfo): string {
  return describeValue(info.value);
}

/** Wire type a declared field must arrive with (unpacked). */
function expectedWireType(value: FieldValue): WireType {
  if (value.kind === 'scalar') return scalarWireType(value.scalar);
  if (value.kind === 'enum') return WireType.VARINT;
  return value.delimited ? WireType.SGROUP : WireType.LEN;
}

function mismatch<T extends Described>(info: FieldInfo, raw: T): T {
  return { ...raw, type: `${raw.type} (declared ${describeField(info)}: wire type does not match)` };
}

function describeVarint(v: bigint, info: FieldInfo | undefined): Described {
  if (!info) return rawVarint(v);
  if (expectedWireType(info.value) !== WireType.VARINT) return mismatch(info, rawVarint(v));
  return { type: describeField(info), value: varintAs(v, info.value), container: false };
}

function varintAs(v: bigint, value: FieldValue): string {
  if (value.kind === 'enum') {
    const n = Number(BigInt.asIntN(32, v));
    const name = value.enumDesc.value[n]?.name;
    return name ? `${name} (${n})` : `${n} (not a value of ${value.enumDesc.typeName})`;
  }
  if (value.kind !== 'scalar') return String(v);
  switch (value.scalar) {
    case ScalarType.INT32:
      return String(BigInt.asIntN(32, v));
    case ScalarType.INT64:
      return String(BigInt.asIntN(64, v));
    case ScalarType.UINT32:
      return String(BigInt.asUintN(32, v));
    case ScalarType.SINT32:
      return `${zigzagDecode(v, 32)} (zigzag ${BigInt.asUintN(32, v)})`;
    case ScalarType.SINT64:
      return `${zigzagDecode(v, 64)} (zigzag ${v})`;
    case ScalarType.BOOL:
      return v !== 0n ? 'true' : 'false';
    default:
      return String(v);
  }
}

function rawVarint(v: bigint): Described {
  const signed = BigInt.asIntN(64, v);
  return { type: 'varint', value: signed < 0n ? `${v} (as int64: ${signed})` : String(v), container: false };
}

function describeFixed(view: DataView, info: FieldInfo | undefined): Described {
  const wire = view.byteLength === 4 ? WireType.I32 : WireType.I64;
  if (info && expectedWireType(info.value) === wire && info.value.kind === 'scalar') {
    return { type: describeField(info), value: fixedAs(view, info.value.scalar), container: false };
  }
  const raw: Described =
    view.byteLength === 4
      ? {
          type: 'fixed32',
          value: `${view.getUint32(0, true)} (as float: ${formatFloat32(view.getFloat32(0, true))})`,
          container: false,
        }
      : {
          type: 'fixed64',
          value: `${view.getBigUint64(0, true)} (as double: ${view.getFloat64(0, true)})`,
          container: false,
        };
  return info ? mismatch(info, raw) : raw;
}

function fixedAs(view: DataView, scalar: ScalarType): string {
  switch (scalar) {
    case ScalarType.FLOAT:
      return formatFloat32(view.getFloat32(0, true));
    case ScalarType.FIXED32:
      return String(view.getUint32(0, true));
    case ScalarType.SFIXED32:
      return String(view.getInt32(0, true));
    case ScalarType.DOUBLE:
      return String(view.getFloat64(0, true));
    case ScalarType.FIXED64:
      return String(view.getBigUint64(0, true));
    default:
      return String(view.getBigInt64(0, true));
  }
}

/** The shortest decimal that reads back as the same 32-bit float (48.5, not 48.5000000000001). */
export function formatFloat32(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  for (let digits = 1; digits <= 9; digits++) {
    const text = Number(x.toPrecision(digits));
    if (Math.fround(text) === x) return String(text);
  }
  return String(x);
}

type RecordBase = Omit<WireRecord, 'type' | 'value' | 'container'>;

function parseLen(s: State, base: RecordBase, info: FieldInfo | undefined, start: number, end: number): void {
  if (info) {
    const value = info.value;
    if (value.kind === 'message' && !value.delimited) {
      parseMessageField(s, base, `message ${value.typeName}`, value.fields, start, end);
      return;
    }
    if (value.kind === 'scalar' && value.scalar === ScalarType.STRING) {
      const text = decodeUtf8(s.bytes.subarray(start, end));
      const shown = text === undefined ? `invalid UTF-8: ${bytesValue(s.bytes, start, end)}` : stringValue(text);
      s.out.push({ ...base, type: 'string', value: shown, container: false });
      return;
    }
    if (value.kind === 'scalar' && value.scalar === ScalarType.BYTES) {
      s.out.push({ ...base, type: 'bytes', value: bytesValue(s.bytes, start, end), container: false });
      return;
    }
    if (info.repeated && (value.kind === 'enum' || value.kind === 'scalar')) {
      s.out.push({ ...base, ...packedValues(s.bytes, start, end, value), container: false });
      return;
    }
    const raw = guessLen(s, base, start, end);
    s.out.push(mismatch(info, raw.record));
    s.out.push(...raw.children);
    return;
  }
  const guess = guessLen(s, base, start, end);
  s.out.push(guess.record, ...guess.children);
}

function parseMessageField(
  s: State,
  base: RecordBase,
  type: string,
  fields: FieldLookup,
  start: number,
  end: number,
): void {
  if (base.depth + 1 > s.maxDepth)
    throw new MalformedWireError(base.offset, `messages nest deeper than ${s.maxDepth} levels`);
  s.out.push({ ...base, type, value: `${end - start} bytes`, container: true });
  parseFields(s, start, end, base.depth + 1, fields, undefined);
}

/** Schema-less LEN: a printable UTF-8 string, else a message if the bytes parse as one, else raw bytes. */
function guessLen(
  s: State,
  base: RecordBase,
  start: number,
  end: number,
): { record: WireRecord; children: WireRecord[] } {
  const text = decodeUtf8(s.bytes.subarray(start, end));
  if (text !== undefined && isPrintable(text)) {
    return { record: { ...base, type: 'string', value: stringValue(text), container: false }, children: [] };
  }
  if (base.depth + 1 <= s.maxDepth) {
    const nested: State = { bytes: s.bytes, out: [], maxDepth: s.maxDepth };
    try {
      parseFields(nested, start, end, base.depth + 1, undefined, undefined);
      return {
        record: { ...base, type: 'message', value: `${end - start} bytes`, container: true },
        children: nested.out,
      };
    } catch (error) {
      if (!(error instanceof MalformedWireError)) throw error;
    }
  }
  return { record: { ...base, type: 'bytes', value: bytesValue(s.bytes, start, end), container: false }, children: [] };
}

/** Whether text has no control characters other than tab, line feed and carriage return. */
function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
}

function decodeUtf8(slice: Uint8Array): string | undefined {
  try {
    return utf8.decode(slice);
  } catch {
    return undefined;
  }
}

/** A string as JSON text, cut after STRING_SHOWN characters. */
function stringValue(text: string): string {
  const chars = [...text];
  if (chars.length <= STRING_SHOWN) return JSON.stringify(text);
  return `${JSON.stringify(chars.slice(0, STRING_SHOWN).join(''))}… (${chars.length} characters)`;
}

function bytesValue(bytes: Uint8Array, start: number, end: number): string {
  const shown = Math.min(end, start + BYTES_SHOWN);
  return `${end - start} bytes${end > start ? `: ${toHex(bytes, start, shown)}${shown < end ? ' …' : ''}` : ''}`;
}

function packedValues(
  bytes: Uint8Array,
  start: number,
  end: number,
  value: FieldValue & { kind: 'scalar' | 'enum' },
): Described {
  const wire = value.kind === 'enum' ? WireType.VARINT : scalarWireType(value.scalar);
  const typeName = value.kind === 'enum' ? `enum ${value.enumDesc.typeName}` : scalarName(value.scalar);
  const shown: string[] = [];
  let count = 0;
  let pos = start;
  while (pos < end) {
    let text: string;
    if (wire === WireType.VARINT) {
      const v = readVarint(bytes, pos, end);
      text = varintAs(v.value, value);
      pos = v.next;
    } else {
      const size = wire === WireType.I32 ? 4 : 8;
      requireBytes(pos, size, end, `packed ${typeName} element`);
      text = fixedAs(
        new DataView(bytes.buffer, bytes.byteOffset + pos, size),
        (value as { scalar: ScalarType }).scalar,
      );
      pos += size;
    }
    if (shown.length < PACKED_SHOWN) shown.push(text);
    count++;
  }
  const rest = count > shown.length ? `, … ${count - shown.length} more` : '';
  return { type: `packed ${typeName} ×${count}`, value: `[${shown.join(', ')}${rest}]`, container: false };
}
