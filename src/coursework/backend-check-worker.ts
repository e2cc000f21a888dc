// Sandbox entry of lab 01's checks on a student's compute backend: loads it (default export: a Backend, or a function
// returning one), probes it, and runs small matmuls and adds through upload/compute/download, each method call under
// the per-call deadline (a promise that never settles counts as a call that never returns). shapes: the result has
// n x n (or n) elements; dtypes: it is a Float32Array; numerics: every element within errorTolerance of the float64
// reference (matmul) and exact to float32 rounding (add). Tests: test/coursework/backend-checks.test.ts.
import { createRng } from '../core/rng.js';
import { describeValue, errorLine, importPlugin, PluginError, pluginLabel } from '../core/plugin.js';
import type { Guard } from '../core/sandbox.js';
import type { Backend, Staged } from '../compute/backends/types.js';
import { matmulEntry, randomArray } from '../compute/reference.js';
import type { CheckOutcome } from './checks.js';

export interface BackendCheckInput {
  file: string;
  checks: readonly string[];
  errorTolerance: number;
}

export const BACKEND_EXPECTED =
  'export default a Backend { name, phases, probe, matmul, add, mlp, dispose } or a function returning one';
/** Matrix sizes the checks multiply (33: not a power of two, so tiling edges are exercised). */
export const MATMUL_SIZES = [8, 33];
export const ADD_LENGTH = 1000;

interface Ran {
  op: string;
  n: number;
  expected: Float64Array;
  result: unknown;
}

/** Runs every operation once and keeps what came back. */
async function runAll(backend: Backend, call: <T>(method: string, fn: () => Promise<T>) => Promise<T>): Promise<Ran[]> {
  const rng = createRng(42);
  const random = () => rng.next();
  const ran: Ran[] = [];
  const through = async (op: string, stage: () => Promise<Staged>): Promise<unknown> => {
    const staged = await call(op, stage);
    if (!staged || typeof staged.download !== 'function')
      throw new Error(
        `${op}() resolved to ${describeValue(staged)}; expected a Staged { upload, compute, download, release }`,
      );
    await call('upload', () => staged.upload());
    await call('compute', () => staged.compute());
    const result = await call('download', () => staged.download());
    staged.release();
    return result;
  };
  for (const n of MATMUL_SIZES) {
    const a = randomArray(n * n, random);
    const b = randomArray(n * n, random);
    const expected = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expected[i * n + j] = matmulEntry(a, b, n, i, j);
    ran.push({ op: 'matmul', n, expected, result: await through('matmul', () => backend.matmul(a, b, n)) });
  }
  const a = randomArray(ADD_LENGTH, random);
  const b = randomArray(ADD_LENGTH, random);
  const expected = Float64Array.from(a, (x, i) => Math.fround(x + b[i]));
  ran.push({ op: 'add', n: ADD_LENGTH, expected, result: await through('add', () => backend.add(a, b)) });
  return ran;
}

const what = (r: Ran) => (r.op === 'matmul' ? `matmul ${r.n}x${r.n}` : `add of ${r.n}`);

type Check = (ran: Ran[], input: BackendCheckInput) => Omit<CheckOutcome, 'name'>;

const CHECKS: Record<string, Check> = {
  shapes: (ran) => {
    for (const r of ran) {
      const length = (r.result as { length?: unknown } | null)?.length;
      if (length !== r.expected.length)
        return {
          passed: false,
          output: `${what(r)} gave ${describeValue(r.result)} of length ${String(length)}, expected ${r.expected.length}`,
        };
    }
    return { passed: true, output: `matmul ${MATMUL_SIZES.join(', ')} and add give the right number of elements` };
  },
  dtypes: (ran) => {
    const wrong = ran.find((r) => !(r.result instanceof Float32Array));
    return wrong
      ? {
          passed: false,
          output: `${what(wrong)} gave ${Object.prototype.toString.call(wrong.result)}, expected a Float32Array`,
        }
      : { passed: true, output: 'every result is a Float32Array' };
  },
  numerics: (ran, input) => {
    for (const r of ran) {
      const c = r.result as ArrayLike<number>;
      const tolerance = r.op === 'add' ? 0 : input.errorTolerance;
      let worst = 0;
      let at = 0;
      for (let i = 0; i < r.expected.length; i++) {
        const err = Math.abs((c?.[i] ?? NaN) - r.expected[i]);
        const e = Number.isNaN(err) ? Infinity : err;
        if (e > worst) [worst, at] = [e, i];
      }
      if (worst > tolerance)
        return {
          passed: false,
          output: `${what(r)}: largest |error| ${worst.toPrecision(3)} against the float64 reference at element ${at}, allowed ${tolerance}`,
        };
    }
    return { passed: true, output: `every element within ${input.errorTolerance} of the float64 reference` };
  },
};

export const BACKEND_CHECKS = Object.keys(CHECKS);

export default async function run(input: BackendCheckInput, guard: Guard): Promise<void> {
  const label = pluginLabel('backend', input.file);
  const call = async <T>(method: string, fn: () => Promise<T>): Promise<T> => {
    guard.enter(guard.id(method));
    try {
      return await fn();
    } catch (error) {
      throw new PluginError(`${label}: ${method}() threw: ${errorLine(error)}`);
    } finally {
      guard.leave();
    }
  };
  const exported = await importPlugin('backend', input.file, BACKEND_EXPECTED, guard);
  const backend = (
    typeof exported === 'function' ? guard.wrap('default export', exported as () => unknown)() : exported
  ) as Backend;
  let ran: Ran[] | undefined;
  let failure: string | undefined;
  try {
    if (!backend || typeof backend.matmul !== 'function' || typeof backend.add !== 'function')
      throw new PluginError(`${label}: its default export gave ${describeValue(backend)}; ${BACKEND_EXPECTED}`);
    const probe = await call('probe', () => backend.probe());
    if (!probe?.available)
      throw new PluginError(`${label}: probe() says it is unavailable: ${probe?.reason ?? '(no reason)'}`);
    ran = await runAll(backend, call);
  } catch (error) {
    failure = errorLine(error);
  } finally {
    if (backend && typeof backend.dispose === 'function')
      await call('dispose', () => backend.dispose()).catch(() => undefined);
  }
  for (const name of input.checks) {
    const check = CHECKS[name];
    const outcome: Omit<CheckOutcome, 'name'> = !check
      ? { passed: false, output: `no such check; known: ${BACKEND_CHECKS.join(', ')}` }
      : ran
        ? check(ran, input)
        : { passed: false, output: failure ?? 'nothing ran' };
    guard.report({ name, ...outcome });
  }
}
