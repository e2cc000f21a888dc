// A student's own .proto at run time: compiled with the buf CLI from npm (@bufbuild/buf ships the binary; it builds
// offline) to a FileDescriptorSet, which Protobuf-ES turns into a reflection registry. Also finds a message by its
// full or short name. buf builds a whole folder and walks every entry in it, so an unrelated symlink loop or
// unreadable file beside the .proto would break the build ("EvalSymlinks: too many links"): the file and the imports
// it needs are copied into a scratch folder first, and only that is compiled. Tests: test/protobuf/compile.test.ts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createFileRegistry, fromBinary, type DescMessage, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { InputError } from '../core/errors.js';

/** The buf launcher script of the installed @bufbuild/buf package (it picks the platform binary). */
export function bufLauncher(): string {
  return createRequire(import.meta.url).resolve('@bufbuild/buf/bin/buf');
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  ELOOP: 'a symlink loop (a link that leads back to itself)',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: operation not permitted',
  ENOTDIR: 'no such file (a folder on its path is a file)',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * Reads a file the user named (`shown` as they wrote it), turning a file-system error into one line that says what
 * is wrong and what was `expected`.
 */
export function readUserFile(flag: string, shown: string, file: string, expected = 'a readable .proto file'): string {
  return readUserBytes(flag, shown, file, expected).toString('utf8');
}

/** readUserFile() for bytes. */
export function readUserBytes(flag: string, shown: string, file: string, expected: string): Buffer {
  try {
    if (!statSync(file).isFile()) throw new InputError(`${flag} ${shown}: not a file; expected ${expected}`);
    return readFileSync(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = FILE_ERRORS[code];
    if (why === undefined) throw error;
    throw new InputError(`${flag} ${shown}: ${why} (${code}); expected ${expected}`);
  }
}

/** The files a .proto imports, as written in its import statements (comments ignored). */
export function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  return [...code.matchAll(/\bimport\s+(?:public\s+|weak\s+)?["']([^"']+)["']\s*;/g)].map((m) => m[1]);
}

/**
 * The .proto file and every file it imports, transitively, as paths relative to its folder (the import root);
 * google/protobuf/* imports are built into buf, and an import that is missing is left for buf to report.
 */
export function neededFiles(protoFile: string, flag = '--proto'): Map<string, string> {
  const root = path.dirname(protoFile);
  const found = new Map<string, string>();
  const visit = (rel: string, shown: string) => {
    if (found.has(rel)) return;
    const text = readUserFile(flag, shown, path.join(root, rel));
    found.set(rel, text);
    for (const imported of importsOf(text)) {
      const local = path.join(root, imported);
      if (imported.startsWith('google/protobuf/') && !existsQuietly(local)) continue;
      if (!existsQuietly(local) || path.relative(root, local).startsWith('..')) continue;
      visit(path.normalize(imported), `${shown} (its import "${imported}")`);
    }
  };
  visit(path.basename(protoFile), protoFile);
  return found;
}

/** Whether something is at `file` (a dangling or looping link counts, so that the read reports it). */
function existsQuietly(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP';
  }
}

/**
 * Compiles one .proto file (its imports resolved from its own folder; google/protobuf/* are built in). Only the file
 * and its imports are compiled, from a scratch copy, whatever else lies in its folder.
 */
export function compileProto(protoFile: string): FileRegistry {
  const file = path.resolve(protoFile);
  if (!file.endsWith('.proto')) throw new InputError(`--proto ${protoFile}: expected a file ending in .proto`);
  const files = neededFiles(file);
  // Named like a lab's scratch folder (syslab-<lab>-<pid>-XXXXXX), so a later run sweeps it if this process is killed.
  const scratch = mkdtempSync(path.join(os.tmpdir(), `syslab-05-${process.pid}-`));
  let result;
  try {
    for (const [rel] of files) {
      mkdirSync(path.join(scratch, path.dirname(rel)), { recursive: true });
      copyFileSync(path.join(path.dirname(file), rel), path.join(scratch, rel));
    }
    result = spawnSync(
      process.execPath,
      [
        bufLauncher(),
        'build',
        path.basename(file),
        '--as-file-descriptor-set',
        '--exclude-source-info',
        '-o',
        '-#format=binpb',
      ],
      { cwd: scratch, maxBuffer: 256 << 20, encoding: 'buffer' },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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

/** A message by package-qualified name ("syslab.lab05.Order", a leading dot allowed) or unique short name ("Order"). */
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
