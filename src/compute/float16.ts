// IEEE 754 binary16 (float16) by hand, for the float16 matmul kernel's buffers: Node 20 has no Float16Array, so
// float32 inputs are packed into Uint16Array bit patterns (round to nearest, ties to even) and results are decoded
// back through a 65,536-entry table. Tests: test/compute/float16.test.ts.

/** The largest finite float16, 65504 = (2 - 2^-10) x 2^15. */
export const FLOAT16_MAX = 65504;
/** The smallest positive normal float16, 2^-14, and the spacing of the subnormals below it, 2^-24. */
export const FLOAT16_MIN_NORMAL = 2 ** -14;
export const FLOAT16_SUBNORMAL_STEP = 2 ** -24;
/** Unit roundoff of float16 (11-bit significand): a rounded value is within 2^-11 of the exact one, relatively. */
export const FLOAT16_UNIT_ROUNDOFF = 2 ** -11;

const bits64 = new DataView(new ArrayBuffer(8));

/** The binary exponent of a finite positive number that is at least 2^-1022 (a normal float64), exactly. */
function exponentOf(x: number): number {
  bits64.setFloat64(0, x);
  return ((bits64.getUint32(0) >>> 20) & 0x7ff) - 1023;
}

/** x rounded to an integer, a tie going to the even neighbour (x >= 0 and below 2^52, so x - floor(x) is exact). */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The float16 bit pattern nearest to `x` (round to nearest, ties to even, as IEEE 754 and numpy's astype do):
 * beyond the largest float16 (from 65520, halfway to 2^16, on) it is ±Infinity, below half the smallest subnormal it
 * is ±0 (the sign kept), NaN becomes the quiet NaN 0x7e00. Rounding happens once, from the exact value of `x`.
 */
export function float16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const abs = Math.abs(x);
  if (abs === Infinity) return sign | 0x7c00;
  // Below 2^-14 float16 is evenly spaced by 2^-24 (subnormals); above, by 2^(e - 10) within [2^e, 2^(e+1)).
  const step = abs < FLOAT16_MIN_NORMAL ? FLOAT16_SUBNORMAL_STEP : 2 ** (exponentOf(abs) - 10);
  const rounded = roundHalfEven(abs / step) * step; // power-of-two scaling: exact
  if (rounded > FLOAT16_MAX) return sign | 0x7c00;
  // A subnormal's pattern is its count of steps; one that rounded up to 2^-14 gives 0x0400, the smallest normal.
  if (rounded < FLOAT16_MIN_NORMAL) return sign | (rounded / FLOAT16_SUBNORMAL_STEP);
  const e = exponentOf(rounded); // rounding may have carried into the next binade, so read it again
  const fraction = rounded / 2 ** (e - 10) - 1024;
  return sign | ((e + 15) << 10) | fraction;
}

/** The number a float16 bit pattern stands for (exact: every float16 is a float32 and a float64). */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * FLOAT16_SUBNORMAL_STEP;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** `x` rounded to the nearest float16 and back: what survives a trip through float16. */
export const roundToFloat16 = (x: number): number => float16Value(float16Bits(x));

/**
 * Float32 values as float16 bit patterns, padded with zeros to a multiple of `multiple` elements (WebGPU copies and
 * buffer sizes go in 4-byte units, so 2 float16 per unit).
 */
export function packFloat16(values: Float32Array, multiple = 2): Uint16Array {
  const out = new Uint16Array(Math.ceil(values.length / multiple) * multiple);
  for (let i = 0; i < values.length; i++) out[i] = float16Bits(values[i]);
  return out;
}

let decodeTable: Float32Array | undefined;

/** Every float16 pattern's value as float32 (256 KiB, made on first use), so decoding is one lookup per element. */
function float16Table(): Float32Array {
  if (!decodeTable) {
    decodeTable = new Float32Array(0x10000);
    for (let b = 0; b < 0x10000; b++) decodeTable[b] = float16Value(b);
  }
  return decodeTable;
}

/** The first `length` float16 patterns of `bits` as float32 values (all of them when `length` is omitted). */
export function unpackFloat16(bits: Uint16Array, length = bits.length): Float32Array {
  const table = float16Table();
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = table[bits[i]];
  return out;
}
