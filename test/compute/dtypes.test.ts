import { describe, expect, it } from 'vitest';
import { float16Rows, typedArrayRows } from '../../src/compute/dtypes.js';

describe('typed-array number types', () => {
  const rows = typedArrayRows();
  const find = (experiment: string, engine: string) =>
    rows.find((r) => r.experiment === experiment && r.engine === engine)!;

  it('int32 wraps to -2^31, uint8 wraps to 0, the clamped array saturates at 255', () => {
    expect(find('int32 overflow', 'Int32Array')).toMatchObject({
      result: '-2147483648',
      exact: '2147483648',
      broken: true,
      bytesPerElement: 4,
    });
    expect(find('uint8 overflow', 'Uint8Array')).toMatchObject({
      result: '0',
      exact: '256',
      broken: true,
      bytesPerElement: 1,
    });
    expect(find('uint8 overflow', 'Uint8ClampedArray')).toMatchObject({ result: '255', broken: true });
  });
  it('float32 cannot add 1 to 2^24, float64 cannot add 1 to 2^53', () => {
    expect(find('float32 2^24 + 1', 'Float32Array')).toMatchObject({
      result: '16777216',
      exact: '16777217',
      broken: true,
    });
    expect(find('float64 2^53 + 1', 'Float64Array')).toMatchObject({
      result: '9007199254740992',
      exact: '9007199254740993',
      bytesPerElement: 8,
    });
  });
  it('overflow gives Infinity, inf - inf gives NaN, underflow gives 0', () => {
    expect(find('float32 overflow', 'Float32Array').result).toBe('Infinity');
    expect(find('inf - inf', 'Float32Array')).toMatchObject({ result: 'NaN', broken: true });
    expect(find('float32 underflow', 'Float32Array').result).toBe('0');
  });
});

describe('float16 round trip (ONNX Runtime Cast)', () => {
  it('rounds, overflows to Infinity and underflows to 0 exactly as float16 must', async () => {
    let i = 0;
    const rows = await float16Rows(() => (i++ * 0.618034) % 1, 512);
    const byInput = (input: string) => rows.find((r) => r.input === input)!;
    expect(byInput('2049').result).toBe('2048');
    expect(byInput('65504')).toMatchObject({ result: '65504', broken: false });
    expect(byInput('65520').result).toBe('Infinity');
    expect(byInput('1e-8').result).toBe('0');
    expect(byInput('0.1')).toMatchObject({ result: '0.0999755859375', exact: String(Math.fround(0.1)) });
    const worst = rows.find((r) => r.input.startsWith('worst of 512'))!;
    expect(worst.relError).toBeGreaterThan(0);
    expect(worst.relError!).toBeLessThanOrEqual(2 ** -11);
  });
});
