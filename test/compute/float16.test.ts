// float16 by hand: exact values, ±0, subnormals, overflow and ties to even worked out by hand and checked against
// numpy; every one of the 65,536 patterns round-trips; random float32 values pack as ONNX Runtime's Cast does.
import { describe, expect, it } from 'vitest';
import {
  FLOAT16_MAX,
  float16Bits,
  float16Value,
  packFloat16,
  roundToFloat16,
  unpackFloat16,
} from '../../src/compute/float16.js';
import { float16RoundTripModel } from '../../src/compute/onnx-graphs.js';

// Reference patterns from numpy 2.4.6:
//   python3 -c "import numpy as np; v = np.array(VALUES, dtype=np.float64)
//               print([hex(b) for b in v.astype(np.float16).view(np.uint16)])"
const KNOWN: Array<[number, number, string]> = [
  [1, 0x3c00, 'exponent 15 (bias), fraction 0'],
  [-2, 0xc000, 'sign bit, exponent 16'],
  [0.5, 0x3800, 'exponent 14'],
  [65504, 0x7bff, 'the largest float16: exponent 30, fraction all ones'],
  [65519, 0x7bff, 'below the halfway point 65520: rounds down to 65504'],
  [65520, 0x7c00, 'halfway between 65504 and 2^16: the even neighbour is 2^16, which overflows to Infinity'],
  [-65520, 0xfc00, '-Infinity'],
  [2 ** -14, 0x0400, 'the smallest normal'],
  [2 ** -24, 0x0001, 'the smallest subnormal'],
  [2 ** -25, 0x0000, 'half the smallest subnormal: a tie, to the even neighbour 0'],
  [3 * 2 ** -26, 0x0001, '0.75 of a step: rounds up to one step'],
  [1.5 * 2 ** -24, 0x0002, '1.5 steps: a tie between 1 and 2, to even 2'],
  [2.5 * 2 ** -24, 0x0002, '2.5 steps: a tie between 2 and 3, to even 2'],
  [2 ** -14 - 2 ** -25, 0x0400, 'halfway between the largest subnormal (1023 steps) and 2^-14: to even 1024'],
  [2049, 0x6800, '2048 + 1: a tie between 2048 and 2050 (spacing 2 above 2^11), to the even fraction: 2048'],
  [2051, 0x6802, '2048 + 3: a tie between 2050 and 2052, to the even fraction: 2052'],
  [1 + 2 ** -11, 0x3c00, 'half an ulp above 1: a tie, to 1 (fraction 0 is even)'],
  [1 + 3 * 2 ** -11, 0x3c02, '1.5 ulps above 1: a tie between fractions 1 and 2, to 2'],
  [6.1e-5, 0x03ff, 'just below 2^-14: the largest subnormal'],
  [1e-8, 0x0000, 'below half the smallest subnormal: 0'],
];

describe('float16Bits', () => {
  it.each(KNOWN)('%s -> pattern %i (%s)', (value, bits) => {
    expect(float16Bits(value)).toBe(bits);
  });

  it('keeps the sign of zero, maps infinities, and makes NaN the quiet NaN', () => {
    expect(float16Bits(0)).toBe(0x0000);
    expect(float16Bits(-0)).toBe(0x8000);
    expect(float16Bits(-1e-30)).toBe(0x8000);
    expect(float16Bits(Infinity)).toBe(0x7c00);
    expect(float16Bits(-Infinity)).toBe(0xfc00);
    expect(float16Bits(NaN)).toBe(0x7e00);
    expect(float16Bits(1e300)).toBe(0x7c00);
  });
});

describe('float16Value', () => {
  it('decodes exact values, subnormals, signed zero and specials', () => {
    expect(float16Value(0x3c00)).toBe(1);
    expect(float16Value(0xc000)).toBe(-2);
    expect(float16Value(0x7bff)).toBe(FLOAT16_MAX);
    expect(float16Value(0x0001)).toBe(2 ** -24);
    expect(float16Value(0x03ff)).toBe(1023 * 2 ** -24);
    expect(Object.is(float16Value(0x8000), -0)).toBe(true);
    expect(float16Value(0x7c00)).toBe(Infinity);
    expect(float16Value(0xfc00)).toBe(-Infinity);
    expect(float16Value(0x7e00)).toBeNaN();
    expect(float16Value(0x2e66)).toBe(0.0999755859375); // 0.1 rounded: 1638 x 2^-14
  });

  it('every one of the 65,536 patterns decodes and encodes back to itself (NaNs to NaN)', () => {
    let mismatches = 0;
    for (let b = 0; b < 0x10000; b++) {
      const v = float16Value(b);
      if (Number.isNaN(v)) {
        if ((b & 0x7c00) !== 0x7c00 || (b & 0x3ff) === 0) mismatches++;
      } else if (float16Bits(v) !== b) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

describe('packFloat16 and unpackFloat16', () => {
  it('pads to an even length and round-trips exact values byte for byte', () => {
    const values = Float32Array.of(1, -2, 0.5, 65504, 2 ** -24, -0);
    const odd = packFloat16(values.subarray(0, 5));
    expect(odd.length).toBe(6);
    expect([...odd]).toEqual([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x0000]);
    const back = unpackFloat16(packFloat16(values), values.length);
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(values.buffer));
  });

  it('rounds 100,000 random float32 values exactly as ONNX Runtime Cast(float -> float16) does', async () => {
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(float16RoundTripModel(), { executionProviders: ['cpu'] });
    try {
      // Random bit patterns over the exponents float16 can hold or just miss (2^-26 to 2^17), both signs.
      let seed = 12345;
      const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
      const values = new Float32Array(100_000);
      const asBits = new Uint32Array(values.buffer);
      for (let i = 0; i < values.length; i++) {
        const exponent = 127 - 26 + (next() % 44);
        asBits[i] = ((next() & 1) << 31) | (exponent << 23) | (next() & 0x7fffff);
      }
      const out = await session.run({ X: new ort.Tensor('float32', values, [values.length]) });
      const theirs = out.Y.data as Float32Array;
      const ours = unpackFloat16(packFloat16(values), values.length);
      let differ = 0;
      for (let i = 0; i < values.length; i++) if (!Object.is(ours[i], theirs[i])) differ++;
      expect(differ).toBe(0);
      expect(roundToFloat16(values[0])).toBe(ours[0]);
    } finally {
      await session.release();
    }
  });
});
