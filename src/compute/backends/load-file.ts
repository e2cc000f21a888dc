// A student's backend (--backend-file), run only in a sandbox worker (backend-worker.ts): this returns a Backend
// proxy whose every method is a message to that worker under a per-call deadline, so a loop, a throw or a wrong
// result in the student's code is a one-line PluginError naming the file and method, never a hang. Each phase the
// lab times includes one message round trip to the worker (tens of microseconds), which the phases sentence says.
// Tests: test/compute/backend-file.test.ts.
import { pluginLabel } from '../../core/plugin.js';
import { AsyncSandbox } from '../../core/sandbox.js';
import type { Backend, MlpWeights, Probe, Staged } from './types.js';

const ENTRY = new URL('./backend-worker.ts', import.meta.url);

export interface BackendLimits {
  /** The longest one method call may take (default 60 s: a large matmul on a slow backend is legitimately long). */
  callMs?: number;
  /** The longest probe() and describing the backend may take (default 10 s). */
  probeMs?: number;
}

/** Loads the file in a sandbox worker and returns a Backend that calls it there. */
export async function loadBackendFile(file: string, limits: BackendLimits = {}): Promise<Backend> {
  const sandbox = await AsyncSandbox.start(
    ENTRY,
    { file },
    { label: pluginLabel('backend', file), callMs: limits.callMs ?? 60_000, runMs: 60_000 },
  );
  const probeMs = limits.probeMs ?? 10_000;
  const { name, phases } = await sandbox.callWithin<{ name: string; phases: string }>(probeMs, 'describe');
  const staged = (id: number): Staged => ({
    upload: () => sandbox.call<void>('upload', id),
    compute: () => sandbox.call<void>('compute', id),
    download: () => sandbox.call<Float32Array>('download', id),
    release: () => void sandbox.call('release', id).catch(() => undefined),
  });
  return {
    name,
    phases: `${phases} (runs in a sandbox worker: each phase includes one message round trip)`,
    // The lab disposes only backends that probed available: otherwise the worker stops here.
    probe: async () => {
      try {
        const probe = await sandbox.callWithin<Probe>(probeMs, 'probe');
        if (!probe?.available) await sandbox.close();
        return probe;
      } catch (error) {
        await sandbox.close();
        throw error;
      }
    },
    matmul: async (a: Float32Array, b: Float32Array, n: number) =>
      staged(await sandbox.call<number>('matmul', a, b, n)),
    add: async (a: Float32Array, b: Float32Array) => staged(await sandbox.call<number>('add', a, b)),
    mlp: async (model: MlpWeights, input: Float32Array, batch: number) =>
      staged(await sandbox.call<number>('mlp', model, input, batch)),
    dispose: async () => {
      try {
        await sandbox.call('dispose');
      } finally {
        await sandbox.close();
      }
    },
  };
}

/** Largest |C - float64 reference| per unit of n a matmul may show: float32 rounding stays far below n x 1e-4. */
export const MATMUL_ERROR_PER_N = 1e-4;

/**
 * The correctness gate of lab 01: each student backend (by name) whose matmul at some size n was off the float64
 * reference by more than n x MATMUL_ERROR_PER_N (or gave NaN), with one line saying where.
 */
export function backendFailures(
  matmul: readonly { backend: string; n: number; maxAbsError: number }[],
  names: readonly string[],
): { backend: string; reason: string }[] {
  const out: { backend: string; reason: string }[] = [];
  for (const name of names) {
    const bad = matmul.find(
      (r) => r.backend === name && !(r.maxAbsError <= r.n * MATMUL_ERROR_PER_N), // NaN fails too
    );
    if (bad)
      out.push({
        backend: name,
        reason:
          `backend "${name}": matmul at n = ${bad.n} is off the float64 reference by ${bad.maxAbsError.toPrecision(3)}, ` +
          `over the tolerance ${(bad.n * MATMUL_ERROR_PER_N).toPrecision(2)}`,
      });
  }
  return out;
}
