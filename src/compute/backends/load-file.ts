// Loads a student's backend from a file (--backend-file): the file's default export is a Backend, or a function
// returning one. Checked here so a wrong file fails with one clear line. Tests: test/compute/lab.test.ts.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../../core/errors.js';
import { BACKEND_NAMES } from './names.js';
import type { Backend } from './types.js';

const METHODS = ['probe', 'matmul', 'add', 'mlp', 'dispose'] as const;

export async function loadBackendFile(file: string): Promise<Backend> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown };
  } catch (error) {
    throw new InputError(
      `backend file "${file}" could not be loaded: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  const exported = typeof mod.default === 'function' ? (mod.default as () => unknown)() : mod.default;
  const candidate = exported as Partial<Record<string, unknown>> | undefined;
  if (!candidate || typeof candidate !== 'object') {
    throw new InputError(
      `backend file "${file}": the default export must be a Backend or a function returning one (see src/compute/backends/types.ts)`,
    );
  }
  const missing = METHODS.filter((m) => typeof candidate[m] !== 'function');
  if (
    typeof candidate.name !== 'string' ||
    candidate.name === '' ||
    typeof candidate.phases !== 'string' ||
    missing.length
  ) {
    throw new InputError(
      `backend file "${file}": a Backend needs a name, a phases sentence and the methods ` +
        `${METHODS.join(', ')}${missing.length ? `; missing: ${missing.join(', ')}` : ''}`,
    );
  }
  if ((BACKEND_NAMES as readonly string[]).includes(candidate.name)) {
    throw new InputError(
      `backend file "${file}": the name "${candidate.name}" is taken by a built-in backend; choose another`,
    );
  }
  return candidate as unknown as Backend;
}
