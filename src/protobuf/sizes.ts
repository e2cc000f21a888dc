// Sizes of one message in its two encodings: protobuf binary (Protobuf-ES toBinary) and canonical JSON
// (JSON.stringify of toJson: lowerCamel names, 64-bit integers as strings, bytes as base64, enums by name), each also
// gzip-compressed. Tests: test/protobuf/tables.test.ts.
import { gzipSync } from 'node:zlib';
import { toBinary, toJson, type DescMessage, type Message } from '@bufbuild/protobuf';

export interface MessageSizes {
  jsonBytes: number;
  protobufBytes: number;
  jsonGzipBytes: number;
  protobufGzipBytes: number;
  /** jsonBytes / protobufBytes: how many times larger JSON is. */
  jsonPerProtobuf: number;
  /** The same ratio after gzip. */
  gzipJsonPerProtobuf: number;
}

/** The canonical JSON text of a message, as a JSON API would send it. */
export function canonicalJson(schema: DescMessage, message: Message): string {
  return JSON.stringify(toJson(schema, message));
}

export function gzipBytes(data: Uint8Array | string): number {
  return gzipSync(data).length;
}

export function messageSizes(schema: DescMessage, message: Message): MessageSizes {
  const json = Buffer.from(canonicalJson(schema, message), 'utf8');
  const binary = toBinary(schema, message);
  const jsonGzipBytes = gzipBytes(json);
  const protobufGzipBytes = gzipBytes(binary);
  return {
    jsonBytes: json.length,
    protobufBytes: binary.length,
    jsonGzipBytes,
    protobufGzipBytes,
    jsonPerProtobuf: json.length / binary.length,
    gzipJsonPerProtobuf: jsonGzipBytes / protobufGzipBytes,
  };
}
