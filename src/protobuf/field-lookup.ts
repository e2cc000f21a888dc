// Turns a Protobuf-ES message descriptor into the plain lookup the wire inspector needs: field number -> name, declared
// type and, for messages and map entries, the lookup one level down. Without a schema the inspector decodes like
// `protoc --decode_raw`. Tests: test/protobuf/inspect.test.ts.
import { ScalarType, type DescEnum, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { WireType } from './wire.js';

export type FieldValue =
  | { kind: 'scalar'; scalar: ScalarType }
  | { kind: 'enum'; enumDesc: DescEnum }
  | { kind: 'message'; typeName: string; fields: FieldLookup; delimited: boolean };

export interface FieldInfo {
  name: string;
  repeated: boolean;
  value: FieldValue;
}

export type FieldLookup = (fieldNumber: number) => FieldInfo | undefined;

export function scalarName(scalar: ScalarType): string {
  return ScalarType[scalar].toLowerCase();
}

/** The wire type a scalar is written with when it is not packed. */
export function scalarWireType(scalar: ScalarType): WireType {
  switch (scalar) {
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WireType.I64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WireType.I32;
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WireType.LEN;
    default:
      return WireType.VARINT;
  }
}

/** The declared type as a person writes it: "int32", "enum syslab.lab05.OrderStatus", "message syslab.lab05.Address" */
export function describeValue(value: FieldValue): string {
  if (value.kind === 'scalar') return scalarName(value.scalar);
  if (value.kind === 'enum') return `enum ${value.enumDesc.typeName}`;
  return `${value.delimited ? 'group' : 'message'} ${value.typeName}`;
}

const lookups = new WeakMap<DescMessage, FieldLookup>();

/** The lookup for a message type (cached per descriptor, so recursive types such as Nest resolve lazily). */
export function lookupFor(desc: DescMessage): FieldLookup {
  let lookup = lookups.get(desc);
  if (!lookup) {
    const byNumber = new Map<number, DescField>(desc.fields.map((f) => [f.number, f]));
    lookup = (n) => {
      const field = byNumber.get(n);
      return field ? fieldInfo(field) : undefined;
    };
    lookups.set(desc, lookup);
  }
  return lookup;
}

function messageValue(desc: DescMessage, delimited: boolean): FieldValue {
  return { kind: 'message', typeName: desc.typeName, fields: lookupFor(desc), delimited };
}

function fieldInfo(field: DescField): FieldInfo {
  switch (field.fieldKind) {
    case 'scalar':
      return { name: field.name, repeated: false, value: { kind: 'scalar', scalar: field.scalar } };
    case 'enum':
      return { name: field.name, repeated: false, value: { kind: 'enum', enumDesc: field.enum } };
    case 'message':
      return { name: field.name, repeated: false, value: messageValue(field.message, field.delimitedEncoding) };
    case 'list': {
      const value: FieldValue =
        field.listKind === 'scalar'
          ? { kind: 'scalar', scalar: field.scalar }
          : field.listKind === 'enum'
            ? { kind: 'enum', enumDesc: field.enum }
            : messageValue(field.message, field.delimitedEncoding);
      return { name: field.name, repeated: true, value };
    }
    case 'map': {
      // On the wire a map is a repeated message of entries with key = 1 and value = 2.
      const key: FieldInfo = { name: 'key', repeated: false, value: { kind: 'scalar', scalar: field.mapKey } };
      const val: FieldInfo = {
        name: 'value',
        repeated: false,
        value:
          field.mapKind === 'scalar'
            ? { kind: 'scalar', scalar: field.scalar }
            : field.mapKind === 'enum'
              ? { kind: 'enum', enumDesc: field.enum }
              : messageValue(field.message, false),
      };
      const entry: FieldLookup = (n) => (n === 1 ? key : n === 2 ? val : undefined);
      return {
        name: field.name,
        repeated: true,
        value: {
          kind: 'message',
          typeName: `${field.parent.typeName}.${field.name} entry`,
          fields: entry,
          delimited: false,
        },
      };
    }
  }
}
