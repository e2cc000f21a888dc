// The one loader for every plug-in kind (policy, lock, placement, backend, format): compiles a student's .ts/.js file
// from anywhere on disk with esbuild into one ES module, imports it, and returns its default export (the one export
// convention of every handout). Imports of `syslab/<part>` resolve to this project's sources through package.json
// "exports", so a file outside the project works through `npx syslab` and `npm run lab` alike; a syntax error is one
// line with the compiler's own message and position. Runs inside a sandbox worker (sandbox.ts), never in a lab's
// main thread. Tests: test/core/plugin.test.ts.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from './errors.js';

/** The kinds of user code a lab accepts; each names its command-line option `--<kind>-file`. */
export type PluginKind = 'policy' | 'lock' | 'placement' | 'backend' | 'format';

/** The project's root folder (where package.json is). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A plug-in's file as users see it in messages: `policy file "my-policy.ts"`. */
export function pluginLabel(kind: PluginKind, file: string): string {
  return `${kind} file "${file}"`;
}

/**
 * A user's plug-in misbehaved (did not load, threw, returned the wrong thing, looped): one line naming the file and
 * the method. An InputError, so a lab prints it and exits 2 with no report.
 */
export class PluginError extends InputError {}

const ANSI_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Removes terminal colours and keeps the first meaningful line of a message. */
export function oneLine(message: string): string {
  const lines = message
    .replace(ANSI_COLOURS, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const first = lines[0] ?? 'unknown error';
  return first.endsWith(':') && lines[1] ? `${first} ${lines[1]}` : first;
}

/** The message of anything thrown, on one line. */
export function errorLine(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

/** How a returned value looks in a message: `{}`, `undefined`, `a string "x"`, `an array of 2`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length ? `an object with ${keys.slice(0, 4).join(', ')}` : '{}';
  }
  if (typeof value === 'string') return `a string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return `${typeof value} ${String(value)}`;
  return typeof value;
}

let exportsMap: Record<string, string> | undefined;

/** package.json "exports": `syslab/cache` -> the project file it names. */
function syslabExport(specifier: string): string | undefined {
  if (!exportsMap) {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      exports?: Record<string, string | { import?: string; default?: string }>;
    };
    exportsMap = {};
    for (const [key, value] of Object.entries(pkg.exports ?? {})) {
      const target = typeof value === 'string' ? value : (value.import ?? value.default);
      if (target) exportsMap[key] = path.join(PROJECT_ROOT, target);
    }
  }
  const sub = specifier === 'syslab' ? '.' : `.${specifier.slice('syslab'.length)}`;
  return exportsMap[sub];
}

const BUILTINS = new Set(builtinModules);

/**
 * Compiles `file` and its relative imports into one ES module (as a data: URL whose imports are all absolute), so it
 * can be imported from any worker whatever folder the file sits in. Throws PluginError with the compiler's message.
 */
export async function compilePlugin(kind: PluginKind, file: string): Promise<string> {
  const full = path.resolve(file);
  const label = pluginLabel(kind, file);
  if (!existsSync(full)) throw new PluginError(`${label} does not exist`);
  if (!statSync(full).isFile()) throw new PluginError(`${label} is not a file`);
  const { build } = await import('esbuild');
  let code: string;
  try {
    const result = await build({
      entryPoints: [full],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      sourcemap: false,
      plugins: [
        {
          name: 'syslab-externals',
          setup(b) {
            b.onResolve({ filter: /^[^./]|^\.[^./]|^\.\.[^/]/ }, (args) => {
              const spec = args.path;
              if (spec.startsWith('node:') || BUILTINS.has(spec)) return { path: spec, external: true };
              if (spec === 'syslab' || spec.startsWith('syslab/')) {
                const target = syslabExport(spec);
                if (!target) return { errors: [{ text: `"${spec}" is not one of syslab's exports (package.json)` }] };
                return { path: pathToFileURL(target).href, external: true };
              }
              if (path.isAbsolute(spec)) return undefined;
              try {
                return { path: import.meta.resolve(spec), external: true };
              } catch {
                return {
                  errors: [{ text: `cannot find package "${spec}" (only syslab's own dependencies are installed)` }],
                };
              }
            });
          },
        },
      ],
    });
    code = result.outputFiles[0]?.text ?? '';
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] })
      .errors?.[0];
    const at = first?.location;
    const shown = at && path.resolve(at.file) === full ? file : at?.file;
    const where = at ? `${shown}:${at.line}:${at.column}: ` : '';
    throw new PluginError(`${label} failed to compile: ${where}${first ? first.text : errorLine(error)}`);
  }
  return `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
}

/**
 * Compiles, imports and returns the file's default export. A file without one, or whose top level throws, is a
 * PluginError naming the file. (A top level that loops is stopped by the sandbox's deadline.)
 */
export async function importPlugin(
  kind: PluginKind,
  file: string,
  expected: string,
  guard?: { enter(id: number): void; leave(): void },
): Promise<unknown> {
  const url = await compilePlugin(kind, file);
  let mod: Record<string, unknown>;
  guard?.enter(1); // id 1: the sandbox's "top level", so a loop there meets the per-call deadline
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new PluginError(`${pluginLabel(kind, file)} failed to load: ${errorLine(error)}`);
  } finally {
    guard?.leave();
  }
  if (mod.default === undefined) {
    const names = Object.keys(mod);
    throw new PluginError(
      `${pluginLabel(kind, file)} has no default export${names.length ? ` (it exports ${names.join(', ')})` : ''}; expected ${expected}`,
    );
  }
  return mod.default;
}
