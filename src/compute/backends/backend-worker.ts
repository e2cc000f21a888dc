// Sandbox entry (src/core/sandbox.ts, async serve mode) for a student's backend (--backend-file): imports the file
// here, checks it is a Backend with a fresh name, and serves its methods to the lab's process, which sees a proxy
// (load-file.ts). Staged operations stay in this worker under numeric ids. Tests: test/compute/backend-file.test.ts.
import { describeValue, importPlugin, PluginError, pluginLabel } from '../../core/plugin.js';
import type { Guard } from '../../core/sandbox.js';
import { LAB_BACKEND_NAMES } from './names.js';
import type { Backend, MlpWeights, Staged } from './types.js';

const METHODS = ['probe', 'matmul', 'add', 'mlp', 'dispose'] as const;
export const BACKEND_SHAPE = 'a Backend or a function returning one (see labs/01-compute.md)';

export default async function serve(input: { file: string }, guard: Guard) {
  const label = pluginLabel('backend', input.file);
  const exported = await importPlugin('backend', input.file, BACKEND_SHAPE, guard);
  const made = typeof exported === 'function' ? guard.wrap('default export', exported as () => unknown)() : exported;
  const candidate = made as Partial<Record<string, unknown>> | undefined;
  if (!candidate || typeof candidate !== 'object')
    throw new PluginError(`${label}: the default export gave ${describeValue(made)}; expected ${BACKEND_SHAPE}`);
  const missing = METHODS.filter((m) => typeof candidate[m] !== 'function');
  if (
    typeof candidate.name !== 'string' ||
    candidate.name === '' ||
    typeof candidate.phases !== 'string' ||
    missing.length
  )
    throw new PluginError(
      `${label}: a Backend needs a name, a phases sentence and the methods ${METHODS.join(', ')}` +
        (missing.length ? `; missing: ${missing.join(', ')}` : ''),
    );
  if ((LAB_BACKEND_NAMES as readonly string[]).includes(candidate.name))
    throw new PluginError(`${label}: the name "${candidate.name}" is taken by a built-in backend; choose another`);
  const backend = candidate as unknown as Backend;
  const staged = new Map<number, Staged>();
  let next = 1;
  const stage = async (method: string, make: () => Promise<Staged>): Promise<number> => {
    const s = await make();
    if (!s || typeof s.upload !== 'function' || typeof s.compute !== 'function' || typeof s.download !== 'function')
      throw new PluginError(
        `${label}: ${method}() resolved to ${describeValue(s)}; expected a Staged { upload, compute, download, release }`,
      );
    staged.set(next, s);
    return next++;
  };
  const get = (id: number): Staged => staged.get(id)!;
  return {
    describe: () => ({ name: backend.name, phases: backend.phases }),
    probe: () => backend.probe(),
    matmul: (a: Float32Array, b: Float32Array, n: number) => stage('matmul', () => backend.matmul(a, b, n)),
    add: (a: Float32Array, b: Float32Array) => stage('add', () => backend.add(a, b)),
    mlp: (model: MlpWeights, x: Float32Array, batch: number) => stage('mlp', () => backend.mlp(model, x, batch)),
    upload: (id: number) => get(id).upload(),
    compute: (id: number) => get(id).compute(),
    download: async (id: number) => {
      const out = await get(id).download();
      if (!(out instanceof Float32Array))
        throw new PluginError(`${label}: download() resolved to ${describeValue(out)}; expected a Float32Array`);
      return out;
    },
    release: (id: number) => {
      get(id)?.release();
      staged.delete(id);
    },
    dispose: () => backend.dispose(),
  };
}
