// Loads a student's placement policy from a TypeScript or JavaScript file (--placement-file) with a dynamic import,
// and checks that it provides the PlacementPolicy interface. Tests: test/hdfs/placement-file.test.ts.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../core/index.js';
import type { PlacementFactory, PlacementPolicy } from './placement.js';

const EXPECTED =
  'export default an object { name: string, chooseTargets(request): string[] } or a function returning one';

function asPolicy(value: unknown, file: string): PlacementPolicy | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, chooseTargets } = value as Partial<PlacementPolicy>;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new InputError(`placement file "${file}": the policy has no name; ${EXPECTED}`);
  }
  if (typeof chooseTargets !== 'function') {
    throw new InputError(`placement file "${file}": policy "${name}" has no chooseTargets function; ${EXPECTED}`);
  }
  return value as PlacementPolicy;
}

/** One line saying why an import failed; esbuild's "Transform failed with 1 error:" needs its next line, which names file:line:col. */
function loadProblem(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\x1b\[[0-9;]*m/g, ''); // no terminal colours
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const first = lines[0] ?? 'unknown error';
  return first.endsWith(':') && lines[1] ? `${first} ${lines[1]}` : first;
}

/** Imports the file and returns a factory for fresh policy instances (a plain object default export is reused as is). */
export async function loadPlacementFile(file: string): Promise<PlacementFactory> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path.resolve(file)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`placement file "${file}" could not be loaded: ${loadProblem(error)}`);
  }
  const exported = module.default;
  if (exported === undefined) throw new InputError(`placement file "${file}" has no default export; ${EXPECTED}`);
  if (typeof exported === 'function') {
    const make = (): PlacementPolicy => {
      let made: unknown;
      try {
        made = (exported as () => unknown)();
      } catch (error) {
        throw new InputError(
          `placement file "${file}": calling its default export failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const policy = asPolicy(made, file);
      if (!policy)
        throw new InputError(
          `placement file "${file}": its default export function returned ${made === null ? 'null' : typeof made}; ${EXPECTED}`,
        );
      return policy;
    };
    make(); // validate now, before any work starts
    return make;
  }
  const policy = asPolicy(exported, file);
  if (!policy)
    throw new InputError(`placement file "${file}": its default export is a ${typeof exported}; ${EXPECTED}`);
  return () => policy;
}
