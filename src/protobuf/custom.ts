// Coursework: a student's own message, given as a .proto, a message name and the message in canonical JSON, encoded
// with Protobuf-ES and measured the same way as the lab's samples, with its bytes and the inspector's dump.
// Tests: test/protobuf/lab.test.ts, test/protobuf/inspect-cli.test.ts.
import { fromJson, toBinary, type DescMessage, type JsonValue, type Message } from '@bufbuild/protobuf';
import { InputError } from '../core/errors.js';
import { compileProto, findMessage, readUserFile } from './compile.js';
import { formatDump } from './dump.js';
import { inspectWire } from './inspect.js';
import { messageSizes, type MessageSizes } from './sizes.js';
import { toHex } from './wire.js';

/** Reads a canonical-JSON file as a message of `schema`; bad JSON or a mismatch with the schema is an InputError. */
export function readJsonMessage(schema: DescMessage, jsonFile: string): Message {
  const text = readUserFile('--json', jsonFile, jsonFile, 'the message in canonical JSON');
  let json: JsonValue;
  try {
    json = JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new InputError(`--json ${jsonFile}: not valid JSON: ${(error as Error).message}`);
  }
  try {
    return fromJson(schema, json);
  } catch (error) {
    throw new InputError(
      `--json ${jsonFile}: not a ${schema.typeName} in protobuf's canonical JSON: ${(error as Error).message}`,
    );
  }
}

/** Resolves --proto/--message and reads --json: the schema and the message. */
export function loadCustom(
  protoFile: string,
  messageName: string,
  jsonFile: string,
): { schema: DescMessage; message: Message } {
  const schema = findMessage(compileProto(protoFile), messageName, protoFile);
  return { schema, message: readJsonMessage(schema, jsonFile) };
}

export interface CustomResult extends MessageSizes {
  message: string;
  bytes: Uint8Array;
  hex: string;
  dump: string;
}

/** Dump lines kept in the report; `npx syslab proto inspect` prints them all. */
export const DUMP_RECORDS = 400;

/** Hex shown in the table; the full bytes go to a file when longer. */
export const HEX_SHOWN = 256;

export function measureCustom(schema: DescMessage, message: Message): CustomResult {
  const bytes = toBinary(schema, message);
  const shown = Math.min(bytes.length, HEX_SHOWN);
  const hex = toHex(bytes, 0, shown) + (shown < bytes.length ? ` … (${bytes.length} bytes in all)` : '');
  return {
    message: schema.typeName,
    ...messageSizes(schema, message),
    bytes,
    hex,
    dump: formatDump(inspectWire(bytes, { schema }), bytes, { maxRecords: DUMP_RECORDS }),
  };
}
