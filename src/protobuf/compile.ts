// A student's own .proto at run time: compiled with the buf CLI from npm (@bufbuild/buf ships the binary; it builds
// offline) to a FileDescriptorSet, which Protobuf-ES turns into a reflection registry. Also finds a message by its
// full or short name. Tests: test/protobuf/compile.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createFileRegistry, fromBinary, type DescMessage, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { InputError } from '../core/errors.js';

/** The buf launcher script of the installed @bufbuild/buf package (it picks the platform binary). */
export function bufLauncher(): string {
  return createRequire(import.meta.url).resolve('@bufbuild/buf/bin/buf');
}

/** Compiles one .proto file (its imports resolved from its own folder; google/protobuf/* are built in). */
export function compileProto(protoFile: string): FileRegistry {
  const file = path.resolve(protoFile);
  if (!existsSync(file) || !statSync(file).isFile())
    throw new InputError(`--proto ${protoFile}: no such file; expected a .proto file`);
  if (!file.endsWith('.proto')) throw new InputError(`--proto ${protoFile}: expected a file ending in .proto`);
  const result = spawnSync(
    process.execPath,
    [bufLauncher(), 'build', file, '--as-file-descriptor-set', '--exclude-source-info', '-o', '-#format=binpb'],
    { cwd: path.dirname(file), maxBuffer: 256 << 20, encoding: 'buffer' },
  );
  if (result.error) throw new Error(`could not run buf: ${result.error.message}`);
  if (result.status !== 0) {
    const lines = result.stderr.toString('utf8').trim().split('\n').filter(Boolean);
    const shown = lines.slice(0, 3).join('; ') || `buf exited with code ${result.status}`;
    throw new InputError(`--proto ${protoFile}: does not compile: ${shown}`);
  }
  const set = fromBinary(FileDescriptorSetSchema, result.stdout);
  try {
    return createFileRegistry(set);
  } catch (error) {
    throw new InputError(`--proto ${protoFile}: Protobuf-ES cannot use it: ${(error as Error).message}`);
  }
}

function allMessages(registry: FileRegistry): DescMessage[] {
  return [...registry].filter((d): d is DescMessage => d.kind === 'message');
}

/** A message by package-qualified name ("syslab.lab05.Order", a leading dot allowed) or by unique short name ("Order"). */
export function findMessage(registry: FileRegistry, name: string, source: string): DescMessage {
  const wanted = name.replace(/^\./, '');
  const exact = registry.getMessage(wanted);
  if (exact) return exact;
  const messages = allMessages(registry).filter((m) => !m.typeName.startsWith('google.protobuf.'));
  const matches = messages.filter((m) => m.typeName.endsWith(`.${wanted}`) || m.typeName === wanted);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new InputError(
      `--message ${name}: ambiguous in ${source}; use one of: ${matches.map((m) => m.typeName).join(', ')}`,
    );
  }
  const names = messages.map((m) => m.typeName);
  const list = names.length > 20 ? `${names.slice(0, 20).join(', ')}, …` : names.join(', ');
  throw new InputError(`--message ${name}: no such message in ${source}; messages there: ${list || '(none)'}`);
}
