// A student's .proto compiled at run time with the buf CLI from npm, and message lookup by full or short name.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/index.js';
import { compileProto, findMessage } from '../../src/protobuf/compile.js';
import { PROTO_DIR } from '../../src/protobuf/samples.js';

function protoFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-compile-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('compileProto', () => {
  it("compiles the lab's own order.proto and finds messages by full, dotted and short name", () => {
    const registry = compileProto(path.join(PROTO_DIR, 'order.proto'));
    expect(findMessage(registry, 'syslab.lab05.Order', 'order.proto').typeName).toBe('syslab.lab05.Order');
    expect(findMessage(registry, '.syslab.lab05.LineItem', 'order.proto').typeName).toBe('syslab.lab05.LineItem');
    const address = findMessage(registry, 'Address', 'order.proto');
    expect(address.fields.map((f) => f.name)).toEqual(['street', 'city', 'postal_code', 'country']);
  });

  it('resolves imports next to the file and the built-in google/protobuf types', () => {
    const main = protoFile(
      'main.proto',
      'syntax = "proto3"; package p; import "google/protobuf/timestamp.proto"; import "common.proto"; message M { C c = 1; google.protobuf.Timestamp at = 2; }',
    );
    writeFileSync(
      path.join(path.dirname(main), 'common.proto'),
      'syntax = "proto3"; package p; message C { int32 z = 1; }',
    );
    const m = findMessage(compileProto(main), 'M', 'main.proto');
    expect(m.fields.map((f) => f.message?.typeName)).toEqual(['p.C', 'google.protobuf.Timestamp']);
  });

  it('reports ambiguous and unknown message names with the candidates', () => {
    const file = protoFile(
      'two.proto',
      'syntax = "proto3"; package a; message X { int32 v = 1; } message Y { message X { int32 w = 1; } }',
    );
    const registry = compileProto(file);
    expect(() => findMessage(registry, 'X', 'two.proto')).toThrow(
      /--message X: ambiguous in two.proto; use one of: a\.X, a\.Y\.X|a\.Y\.X, a\.X/,
    );
    expect(findMessage(registry, 'Y.X', 'two.proto').typeName).toBe('a.Y.X');
    expect(() => findMessage(registry, 'Z', 'two.proto')).toThrow(/no such message in two.proto; messages there: /);
  });

  it('turns syntax errors and missing files into InputError', () => {
    const bad = protoFile('bad.proto', 'syntax = "proto3";\nmessage X { int32 a = 1 }\n');
    expect(() => compileProto(bad)).toThrow(InputError);
    expect(() => compileProto(bad)).toThrow(/does not compile: .*bad\.proto:2:/);
    expect(() => compileProto('/nonexistent/x.proto')).toThrow(/no such file/);
  });
});
