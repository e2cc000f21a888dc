// A student's .proto compiled at run time with the buf CLI from npm (only the files it needs, whatever else is in its
// folder), file errors in one line, and message lookup by full or short name.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/index.js';
import { compileProto, findMessage, importsOf, neededFiles } from '../../src/protobuf/compile.js';
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

  it('compiles only the file and its imports: an unrelated symlink loop or junk beside it does not matter', () => {
    const main = protoFile(
      'main.proto',
      'syntax = "proto3"; package q; import "sub/dep.proto"; message M { D d = 1; }',
    );
    const dir = path.dirname(main);
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'dep.proto'), 'syntax = "proto3"; package q; message D { int32 z = 1; }');
    // buf walks the whole folder it builds; before the scratch copy this failed with "EvalSymlinks: too many links".
    symlinkSync('loop', path.join(dir, 'loop'));
    writeFileSync(path.join(dir, 'broken.proto'), 'this is not protobuf');
    expect([...neededFiles(main).keys()]).toEqual(['main.proto', path.join('sub', 'dep.proto')]);
    expect(findMessage(compileProto(main), 'M', 'main.proto').fields[0].message?.typeName).toBe('q.D');
  });

  it('says a symlink loop is a loop, for the file and for an import, not that it does not exist', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-compile-'));
    const loop = path.join(dir, 'self.proto');
    symlinkSync('self.proto', loop);
    expect(() => compileProto(loop)).toThrow(
      `--proto ${loop}: a symlink loop (a link that leads back to itself) (ELOOP); expected a readable .proto file`,
    );
    const main = path.join(dir, 'main.proto');
    writeFileSync(main, 'syntax = "proto3"; import "self.proto"; message M {}');
    expect(() => compileProto(main)).toThrow(`--proto ${main} (its import "self.proto"): a symlink loop`);
  });

  it('reads import statements, not comments or strings that look like them', () => {
    const text = [
      'syntax = "proto3";',
      'import "a.proto";',
      "import public 'b/c.proto';",
      '// import "commented.proto";',
      '/* import "block.proto"; */',
      'import weak "d.proto" ;',
    ].join('\n');
    expect(importsOf(text)).toEqual(['a.proto', 'b/c.proto', 'd.proto']);
  });
});
