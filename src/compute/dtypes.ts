// What number types cost (bytes per element) and what breaks in them, each row computed by running it: integer
// wrap-around, float32's 24-bit significand, overflow to infinity, NaN, and float16's round-trip error (run by ONNX
// Runtime, which has a float16 type; JavaScript has none before Float16Array). Tests: test/compute/dtypes.test.ts.
import type { Backend } from './backends/types.js';
import { float16RoundTripModel } from './onnx-graphs.js';

export interface DtypeRow {
  experiment: string;
  /** Who computed the result: a JavaScript typed array or a backend. */
  engine: string;
  dtype: string;
  bytesPerElement: number;
  input: string;
  result: string;
  exact: string;
  /** |result - exact| / |exact| where both are finite numbers, else null. */
  relError: number | null;
  /** Whether the result differs from the exact answer (NaN always counts). */
  broken: boolean;
  note: string;
}

const show = (x: number | bigint): string =>
  typeof x === 'bigint' ? x.toString() : Object.is(x, -0) ? '-0' : String(x);

function row(
  experiment: string,
  engine: string,
  dtype: string,
  bytesPerElement: number,
  input: string,
  result: number | bigint,
  exact: number | bigint,
  note: string,
): DtypeRow {
  const r = Number(result);
  const e = Number(exact);
  const finite = Number.isFinite(r) && Number.isFinite(e) && e !== 0;
  return {
    experiment,
    engine,
    dtype,
    bytesPerElement,
    input,
    result: show(result),
    exact: show(exact),
    relError: finite ? Math.abs(r - e) / Math.abs(e) : null,
    broken:
      Number.isNaN(r) ||
      (typeof result === 'bigint' || typeof exact === 'bigint' ? BigInt(result) !== BigInt(exact) : r !== e),
    note,
  };
}

/** The JavaScript typed arrays: integer wrap-around and saturation, float32 and float64 limits. */
export function typedArrayRows(): DtypeRow[] {
  const rows: DtypeRow[] = [];

  const i32 = Int32Array.of(2 ** 31 - 1);
  i32[0] += 1;
  rows.push(
    row(
      'int32 overflow',
      'Int32Array',
      'int32',
      4,
      '2147483647 + 1',
      BigInt(i32[0]),
      2n ** 31n,
      `wraps around: stored modulo 2^32, so the sum became ${i32[0]}`,
    ),
  );

  const u8 = Uint8Array.of(255);
  u8[0] += 1;
  rows.push(
    row(
      'uint8 overflow',
      'Uint8Array',
      'uint8',
      1,
      '255 + 1',
      BigInt(u8[0]),
      256n,
      `wraps around modulo 256 to ${u8[0]}`,
    ),
  );

  const clamped = Uint8ClampedArray.of(255);
  clamped[0] += 1;
  rows.push(
    row(
      'uint8 overflow',
      'Uint8ClampedArray',
      'uint8 (clamped)',
      1,
      '255 + 1',
      BigInt(clamped[0]),
      256n,
      `saturates at ${clamped[0]} instead of wrapping`,
    ),
  );

  const f32 = Float32Array.of(2 ** 24);
  f32[0] += 1;
  const gap = Math.fround(2 ** 24 + 2) - 2 ** 24;
  rows.push(
    row(
      'float32 2^24 + 1',
      'Float32Array',
      'float32',
      4,
      '16777216 + 1',
      f32[0],
      2 ** 24 + 1,
      `above 2^24 neighbouring float32 values are ${gap} apart (24-bit significand), so +1 is rounded away`,
    ),
  );

  const f64 = Float64Array.of(2 ** 53);
  f64[0] += 1;
  rows.push(
    row(
      'float64 2^53 + 1',
      'Float64Array',
      'float64',
      8,
      '9007199254740992 + 1',
      BigInt(f64[0]),
      2n ** 53n + 1n,
      'the same limit for float64 (and every JavaScript number) sits at 2^53',
    ),
  );

  const sum = Float32Array.of(0.1);
  sum[0] += 0.2;
  rows.push(
    row(
      'float32 0.1 + 0.2',
      'Float32Array',
      'float32',
      4,
      '0.1 + 0.2',
      sum[0],
      0.3,
      'neither 0.1 nor 0.2 is exact in binary',
    ),
  );

  const big = Float32Array.of(3e38);
  big[0] *= 2;
  rows.push(
    row(
      'float32 overflow',
      'Float32Array',
      'float32',
      4,
      '3e38 x 2',
      big[0],
      6e38,
      `beyond the largest float32 (${Math.fround(3.4028234663852886e38)}) the result is Infinity`,
    ),
  );

  const nan = Float32Array.of(Infinity);
  nan[0] += -Infinity;
  rows.push(
    row(
      'inf - inf',
      'Float32Array',
      'float32',
      4,
      'Infinity + -Infinity',
      nan[0],
      NaN,
      'undefined: NaN, which then spreads through every later operation',
    ),
  );

  const tiny = Float32Array.of(1e-45);
  const smallest = tiny[0];
  tiny[0] /= 4;
  rows.push(
    row(
      'float32 underflow',
      'Float32Array',
      'float32',
      4,
      `${smallest} / 4`,
      tiny[0],
      smallest / 4,
      `below the smallest float32 (${smallest}) the result rounds to 0`,
    ),
  );
  return rows;
}

/** The same float32 edge cases on a backend's elementwise add, to see whether it follows IEEE 754 like the CPU. */
export const BACKEND_ADD_CASES: Array<{ experiment: string; a: number; b: number; note: string }> = [
  { experiment: 'float32 2^24 + 1', a: 2 ** 24, b: 1, note: 'float32 add on the backend' },
  {
    experiment: 'float32 0.1 + 0.2',
    a: 0.1,
    b: 0.2,
    note: 'float32 add on the backend; exact is the sum of the float32 inputs',
  },
  { experiment: 'float32 overflow', a: 3e38, b: 3e38, note: 'float32 add on the backend' },
  { experiment: 'inf - inf', a: Infinity, b: -Infinity, note: 'float32 add on the backend' },
];

/** `engine` names the backend in the rows; the lab passes its name with its kind, e.g. "webgpu (software-gpu)". */
export async function backendAddRows(backend: Backend, engine = backend.name): Promise<DtypeRow[]> {
  const a = Float32Array.from(BACKEND_ADD_CASES, (c) => c.a);
  const b = Float32Array.from(BACKEND_ADD_CASES, (c) => c.b);
  const staged = await backend.add(a, b);
  try {
    await staged.upload();
    await staged.compute();
    const c = await staged.download();
    return BACKEND_ADD_CASES.map((cs, i) => {
      // The exact answer is for the inputs as the backend received them: rounded to float32.
      return row(cs.experiment, engine, 'float32', 4, `${show(cs.a)} + ${show(cs.b)}`, c[i], a[i] + b[i], cs.note);
    });
  } finally {
    staged.release();
  }
}

/** Who runs the float16 round trip: ONNX Runtime's CPU provider, named as the backend tables name it. */
export const FLOAT16_ENGINE = 'onnx-cpu (cpu)';

/** Values whose float16 round trip shows its limits: rounding, the 11-bit significand, overflow, underflow. */
export const FLOAT16_PROBES = [0.1, 1 / 3, 2049, 65504, 65520, 1e-8];

/**
 * float16 round trip (float32 -> float16 -> float32) by ONNX Runtime's Cast: one row per probe value and one for
 * the largest relative error over `randomCount` uniform values in [-1, 1).
 */
export async function float16Rows(random: () => number, randomCount = 4096): Promise<DtypeRow[]> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(float16RoundTripModel(), { executionProviders: ['cpu'] });
  try {
    const run = async (values: Float32Array) => {
      const out = await session.run({ X: new ort.Tensor('float32', values, [values.length]) });
      return out.Y.data as Float32Array;
    };
    const probes = Float32Array.from(FLOAT16_PROBES);
    const back = await run(probes);
    const rows = FLOAT16_PROBES.map((v, i) => {
      const r = back[i];
      const note = !Number.isFinite(r)
        ? 'above the largest float16 (65504): Infinity'
        : r === 0 && v !== 0
          ? 'below the smallest float16 subnormal: 0'
          : r === probes[i]
            ? 'exactly representable'
            : `rounded to the nearest float16 (11-bit significand)`;
      // Shown as typed; the exact answer is the float32 value that went in.
      return row('float16 round trip', FLOAT16_ENGINE, 'float16', 2, show(v), r, probes[i], note);
    });
    const uniform = Float32Array.from({ length: randomCount }, () => random() * 2 - 1);
    const roundTripped = await run(uniform);
    let worst = 0;
    let at = 0;
    for (let i = 0; i < uniform.length; i++) {
      if (Math.abs(uniform[i]) < 2 ** -14) continue; // float16 subnormals keep fewer bits; the bound is for normals
      const rel = Math.abs(roundTripped[i] - uniform[i]) / Math.abs(uniform[i]);
      if (rel > worst) [worst, at] = [rel, i];
    }
    rows.push({
      ...row(
        'float16 round trip',
        FLOAT16_ENGINE,
        'float16',
        2,
        `worst of ${randomCount} values in [-1, 1)`,
        roundTripped[at],
        uniform[at],
        '',
      ),
      note: `largest relative error ${worst.toExponential(2)} (2^-11 = ${(2 ** -11).toExponential(2)} bounds normal values)`,
    });
    return rows;
  } finally {
    await session.release();
  }
}
