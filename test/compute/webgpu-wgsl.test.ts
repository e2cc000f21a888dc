// The webgpu-wgsl backend on this machine's adapter (lavapipe here: it offers shader-f16): known products worked out
// by hand in float32 and float16, random ones within their bounds at sizes that are not multiples of the block, the
// path of an adapter without shader-f16, and its rows and notes through runKernel (both types timed in turn within
// every round; a type that fails at every size). Skips only what needs an adapter when Dawn finds none.
import { afterAll, describe, expect, it } from 'vitest';
import { NO_SHADER_F16, bufferBytes, deviceData, webgpuWgsl } from '../../src/compute/backends/webgpu-wgsl.js';
import { matmulErrorBound, type MatmulDtype } from '../../src/compute/backends/wgsl-matmul.js';
import type { MatmulKernel } from '../../src/compute/backends/types.js';
import { probeWebGpu } from '../../src/compute/backends/webgpu-probe.js';
import { randomArray } from '../../src/compute/reference.js';
import { runKernel, type ComputeResults, type Plan } from '../../src/compute/run.js';
import { inputCache } from '../../src/compute/sweeps.js';

const found = (await probeWebGpu()).found;
const kernel = webgpuWgsl();
afterAll(() => kernel.dispose());

async function multiply(k: MatmulKernel, a: number[], b: number[], n: number, dtype: MatmulDtype) {
  const staged = await k.matmul(Float32Array.from(a), Float32Array.from(b), n, dtype);
  try {
    await staged.upload();
    await staged.compute();
    await staged.compute(); // again without an upload: the same inputs, the same answer
    return [...(await staged.download())];
  } finally {
    staged.release();
  }
}

describe('buffer layout', () => {
  it('rounds buffers up to 4 bytes and packs float16 inputs before timing', () => {
    expect(bufferBytes(9, 'float16')).toBe(20);
    expect(bufferBytes(9, 'float32')).toBe(36);
    const values = Float32Array.of(1, 2049, 3);
    expect(deviceData(values, 'float32')).toBe(values);
    expect([...deviceData(values, 'float16')]).toEqual([0x3c00, 0x6800, 0x4200, 0]);
  });
});

describe.runIf(found)('webgpu-wgsl on this machine', () => {
  it('probes as the adapter it runs on, never a GPU when it is lavapipe', async () => {
    const probe = await kernel.probe();
    expect(probe.available).toBe(true);
    if (/llvmpipe|lavapipe/i.test(probe.device)) expect(probe.kind).toBe('software-gpu');
    expect(probe.capabilities).toMatch(/^features: /);
  });

  // [[1,2,3],[4,5,6]] x [[7,8],[9,10],[11,12]] = [[58,64],[139,154]] (1x7+2x9+3x11 = 58, ...), as the top left of 3x3
  // matrices padded with zeros; every value is exact in float16 too, so both types give exactly this.
  const A = [1, 2, 3, 4, 5, 6, 0, 0, 0];
  const B = [7, 8, 0, 9, 10, 0, 11, 12, 0];
  const C = [58, 64, 0, 139, 154, 0, 0, 0, 0];

  it('multiplies a 2x3 by a 3x2 matrix worked out by hand, in float32', async () => {
    expect(await multiply(kernel, A, B, 3, 'float32')).toEqual(C);
  });

  it('multiplies it in float16 where the adapter offers shader-f16', async ({ skip }) => {
    if (kernel.unsupported('float16')) skip();
    expect(await multiply(kernel, A, B, 3, 'float16')).toEqual(C);
  });

  it('shows float16 rounding its inputs: 2049 x 1 is 2049 in float32 and 2048 in float16', async ({ skip }) => {
    if (kernel.unsupported('float16')) skip();
    // 2049 lies halfway between the float16 neighbours 2048 and 2050; ties go to the even significand, 2048.
    expect(await multiply(kernel, [2049, 0, 0, 0], [1, 0, 0, 1], 2, 'float32')).toEqual([2049, 0, 0, 0]);
    expect(await multiply(kernel, [2049, 0, 0, 0], [1, 0, 0, 1], 2, 'float16')).toEqual([2048, 0, 0, 0]);
  });

  it.for([
    [2, 'float32'],
    [65, 'float32'],
    [130, 'float32'],
    [65, 'float16'],
    [130, 'float16'],
  ] as const)('n = %i in %s: every entry within its bound of the float64 product', async ([n, dtype], { skip }) => {
    if (kernel.unsupported(dtype)) skip();
    let seed = n;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const a = randomArray(n * n, random);
    const b = randomArray(n * n, random);
    const c = await multiply(kernel, [...a], [...b], n, dtype);
    let outside = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let exact = 0;
        let absSum = 0;
        for (let k = 0; k < n; k++) {
          exact += a[i * n + k] * b[k * n + j];
          absSum += Math.abs(a[i * n + k] * b[k * n + j]);
        }
        if (!(Math.abs(c[i * n + j] - exact) <= matmulErrorBound(dtype, n, exact, absSum))) outside++;
      }
    }
    expect(c).toHaveLength(n * n);
    expect(outside).toBe(0);
  });

  it('refuses a float16 matmul on a device without shader-f16, with the reason the report shows', async () => {
    const without = webgpuWgsl({ features: [] });
    try {
      expect((await without.probe()).available).toBe(true);
      expect(without.unsupported('float16')).toBe(NO_SHADER_F16);
      expect(without.unsupported('float32')).toBeUndefined();
      await expect(without.matmul(Float32Array.of(1), Float32Array.of(1), 1, 'float16')).rejects.toThrow(
        'webgpu-wgsl: float16 at n = 1: unavailable: the adapter does not offer shader-f16',
      );
      expect(await multiply(without, A, B, 3, 'float32')).toEqual(C);
    } finally {
      await without.dispose();
    }
  });

  it('says when a matrix exceeds the adapter buffer limit', async () => {
    expect(kernel.unsupported('float32', 65536)).toMatch(/^16\.0 GiB per float32 matrix exceeds the adapter's/);
    // lavapipe binds at most 128 MiB: n = 8192 fits in float16 (8192^2 x 2 B = 128 MiB exactly) but not in float32.
    if ((await kernel.probe()).capabilities?.includes('maxStorageBufferBindingSize 134217728,')) {
      expect(kernel.unsupported('float16', 8192)).toBeUndefined();
      expect(kernel.unsupported('float32', 8192)).toBe(
        "256 MiB per float32 matrix exceeds the adapter's maxStorageBufferBindingSize (128 MiB)",
      );
    }
  });
});

function plan(dtypes: MatmulDtype[], sizes: number[]): Plan {
  return {
    backends: ['webgpu-wgsl'],
    dtypes,
    sizes,
    batches: [1],
    addLength: 1,
    bandwidthBytes: 1,
    timing: { warmup: 1, repeats: 3, minSeconds: 0, maxRepeats: 3, maxSeconds: 1 },
    softwareGpuMaxSize: 32,
    softwareGpuMaxBatch: 1,
    randomFor: (label) => {
      let seed = label.length;
      return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    },
  };
}

function emptyResults(): ComputeResults {
  return { probes: [], matmul: [], add: [], batching: [], dtypes: [], ceilings: undefined!, matmulDtypes: [] };
}

describe.runIf(found)('runKernel', () => {
  const hooks = { log: () => {}, tick: () => {} };
  const inputs = inputCache((key) => plan([], []).randomFor(key));

  it('runs every size in both types, within bounds, and notes the software-GPU cap', async () => {
    const results = emptyResults();
    await runKernel(webgpuWgsl(), plan(['float16', 'float32'], [16, 33, 64]), hooks, results, inputs);
    const [row] = results.probes;
    expect(row.float16).toBe('ran (shader-f16)');
    const capped = row.kind === 'software-gpu';
    expect(results.matmul.map((m) => `${m.dtype} ${m.n}`)).toEqual(
      capped
        ? ['float32 16', 'float16 16']
        : ['float32 16', 'float16 16', 'float32 33', 'float16 33', 'float32 64', 'float16 64'],
    );
    for (const m of results.matmul) {
      expect(m.check?.failure).toBeNull();
      expect(m.check?.bound).toBeGreaterThan(0);
    }
    if (capped)
      expect(row.note).toBe(
        'matmul n = 33, 64 not run (software GPU cap 32, --software-gpu-max-size); matmul only: no add or MLP rows',
      );
  });

  it('with float16 asked of an adapter without shader-f16: float32 rows only and the reason in the float16 column', async () => {
    const results = emptyResults();
    await runKernel(webgpuWgsl({ features: [] }), plan(['float32', 'float16'], [16]), hooks, results, inputs);
    expect(results.probes[0].float16).toBe(NO_SHADER_F16);
    expect(results.matmul.map((m) => m.dtype)).toEqual(['float32']);
  });

  it('with --dtypes float32: no float16 rows and says float16 was not asked', async () => {
    const results = emptyResults();
    await runKernel(webgpuWgsl(), plan(['float32'], [16]), hooks, results, inputs);
    expect(results.probes[0].float16).toBe('not asked (--dtypes)');
    expect(results.matmul.map((m) => m.dtype)).toEqual(['float32']);
  });
});

describe('runKernel when a size fails on the device', () => {
  it('notes the failure for that size and goes on with the others', async () => {
    // A kernel whose device runs out of memory at n = 32: the path of a real GPU asked for more than it holds.
    const flaky: MatmulKernel = {
      name: 'flaky',
      phases: 'test double',
      probe: () => Promise.resolve({ available: true, kind: 'gpu', device: 'none', version: '', reason: '' }),
      unsupported: () => undefined,
      async matmul(a, b, n) {
        if (n === 32) throw new Error('webgpu-wgsl: Out of memory\nat createBuffer');
        let c = new Float32Array(n * n);
        return {
          upload: () => Promise.resolve(),
          compute() {
            c = new Float32Array(n * n);
            for (let i = 0; i < n; i++)
              for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
            return Promise.resolve();
          },
          download: () => Promise.resolve(c),
          release() {},
        };
      },
      dispose: () => Promise.resolve(),
    };
    const results = emptyResults();
    const inputs = inputCache((key) => plan([], []).randomFor(key));
    await runKernel(flaky, plan(['float32'], [16, 32]), { log: () => {}, tick: () => {} }, results, inputs);
    expect(results.matmul.map((m) => [m.n, m.check?.failure])).toEqual([[16, null]]);
    expect(results.probes[0].note).toBe(
      'float32 n = 32 failed: webgpu-wgsl: Out of memory; matmul only: no add or MLP rows',
    );
    expect(results.probes[0].float16).toBe('not asked (--dtypes)');
  });

  /** A kernel that offers float16 on a `kind` device, multiplies in float32 by hand, and fails every float16 size. */
  function noFloat16(kind: 'gpu' | 'software-gpu'): MatmulKernel {
    return {
      name: 'half-broken',
      phases: 'test double',
      probe: () => Promise.resolve({ available: true, kind, device: 'none', version: '', reason: '' }),
      unsupported: () => undefined,
      matmul(a, b, n, dtype) {
        if (dtype === 'float16') return Promise.reject(new Error('Out of memory'));
        const c = new Float32Array(n * n);
        for (let i = 0; i < n; i++)
          for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
        return Promise.resolve({
          upload: () => Promise.resolve(),
          compute: () => Promise.resolve(),
          download: () => Promise.resolve(c),
          release() {},
        });
      },
      dispose: () => Promise.resolve(),
    };
  }

  it('says no float16 size ran, not that float16 ran, when every float16 size failed', async () => {
    const results = emptyResults();
    const inputs = inputCache((key) => plan([], []).randomFor(key));
    await runKernel(noFloat16('gpu'), plan(['float32', 'float16'], [8, 16]), { log() {}, tick() {} }, results, inputs);
    expect(results.matmul.map((m) => `${m.dtype} ${m.n}`)).toEqual(['float32 8', 'float32 16']);
    expect(results.probes[0].float16).toBe('no size ran; the note says why');
    expect(results.probes[0].note).toBe(
      'float16 n = 8 failed: Out of memory; float16 n = 16 failed: Out of memory; matmul only: no add or MLP rows',
    );
  });

  it('times float32 and float16 of a size in turn within every round, not one block after the other', async () => {
    const computed: string[] = [];
    const kernel: MatmulKernel = {
      ...noFloat16('gpu'),
      matmul(a, b, n, dtype) {
        const c = new Float32Array(n * n);
        for (let i = 0; i < n; i++)
          for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
        return Promise.resolve({
          upload: () => Promise.resolve(),
          compute: () => Promise.resolve(void computed.push(dtype)),
          download: () => Promise.resolve(c),
          release() {},
        });
      },
    };
    const results = emptyResults();
    const inputs = inputCache((key) => plan([], []).randomFor(key));
    await runKernel(kernel, plan(['float32', 'float16'], [8]), { log() {}, tick() {} }, results, inputs);
    // One warm-up round and three timed ones (the plan's timing), each running both types.
    expect(computed.join(' ')).toBe('float32 float16 '.repeat(4).trim());
    expect(results.matmul.map((m) => `${m.dtype} ${m.n} ${m.compute.n} ${m.check?.failure}`)).toEqual([
      'float32 8 3 null',
      'float16 8 3 null',
    ]);
  });

  it('says no float16 size ran when the software-GPU cap left out every size', async () => {
    const results = emptyResults();
    const inputs = inputCache((key) => plan([], []).randomFor(key));
    await runKernel(noFloat16('software-gpu'), plan(['float16'], [64]), { log() {}, tick() {} }, results, inputs);
    expect(results.matmul).toEqual([]);
    expect(results.probes[0].float16).toBe('no size ran; the note says why');
    expect(results.probes[0].note).toBe(
      'matmul n = 64 not run (software GPU cap 32, --software-gpu-max-size); matmul only: no add or MLP rows',
    );
  });
});
