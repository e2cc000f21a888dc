// Byte-identical to protoc: every sample message, and a student-style .proto that declares fields out of number
// order, encoded by Protobuf-ES and by `protoc --encode` (Debian's protobuf-compiler) from the same text format.
// Skips with a printed reason where protoc is not installed; CI installs it (apt-get install protobuf-compiler).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromJson, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import { toText } from '@bufbuild/protobuf/txtpb';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { compileProto, findMessage } from '../../src/protobuf/compile.js';
import { inspectWire } from '../../src/protobuf/inspect.js';
import { loadSamples, PROTO_DIR } from '../../src/protobuf/samples.js';

const probe = spawnSync('protoc', ['--version'], { encoding: 'utf8' });
const protocVersion = probe.status === 0 ? probe.stdout.trim() : undefined;
if (!protocVersion)
  console.warn('SKIPPED test/protobuf/protoc.test.ts: protoc is not installed (apt-get install -y protobuf-compiler)');

function protocEncode(includeDir: string, protoFile: string, schema: DescMessage, message: Message): Buffer {
  const result = spawnSync('protoc', [`--encode=${schema.typeName}`, `-I${includeDir}`, protoFile], {
    input: toText(schema, message),
  });
  if (result.status !== 0) throw new Error(`protoc failed: ${result.stderr.toString()}`);
  return result.stdout;
}

describe.skipIf(!protocVersion)(`byte-identical to protoc --encode (${protocVersion ?? 'protoc missing'})`, () => {
  it('for every sample message in data/proto/', () => {
    for (const sample of loadSamples(createRng(3), 200)) {
      const ours = Buffer.from(toBinary(sample.schema, sample.message));
      const theirs = protocEncode(PROTO_DIR, sample.protoFile, sample.schema, sample.message);
      expect(ours.equals(theirs), `${sample.name}: ${ours.length} vs ${theirs.length} bytes`).toBe(true);
    }
  });

  it('for a student .proto compiled with buf, written in field-number order whatever the declaration order', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-proto-'));
    writeFileSync(
      path.join(dir, 'shop.proto'),
      [
        'syntax = "proto3";',
        'package student.shop;',
        'message Item { string name = 3; sint64 delta = 1; repeated fixed32 codes = 2; }',
        'message Cart {',
        '  repeated Item items = 7;',
        '  optional bool gift = 2;',
        '  oneof payment { string card = 9; uint64 voucher = 4; }',
        '  bytes note = 1;',
        '  double total = 5;',
        '}',
      ].join('\n'),
    );
    const schema = findMessage(compileProto(path.join(dir, 'shop.proto')), 'Cart', 'shop.proto');
    const message = fromJson(schema, {
      items: [{ name: 'tea', delta: '-5', codes: [1, 4000000000] }, { name: 'cup' }],
      gift: false,
      voucher: '18446744073709551615',
      note: 'AAEC',
      total: 12.5,
    });
    const ours = Buffer.from(toBinary(schema, message));
    expect(ours.equals(protocEncode(dir, 'shop.proto', schema, message))).toBe(true);
    const topLevel = inspectWire(ours, { schema })
      .filter((r) => r.depth === 0)
      .map((r) => r.fieldNumber);
    expect(topLevel).toEqual([1, 2, 4, 5, 7, 7]);
  });
});
