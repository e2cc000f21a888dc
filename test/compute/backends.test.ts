import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { BACKEND_NAMES, createBackend, type Backend, type Probe } from '../../src/compute/backends/index.js';
import { makeTfjsBackend } from '../../src/compute/backends/tfjs.js';
import { addMaxError, createMlp, matmulMaxError, mlpMaxError, randomArray } from '../../src/compute/reference.js';

const seeded = (seed: number) => {
  let i = seed;
  return () => (i++ * 0.6180339887) % 1;
};

/** Runs a staged op once, upload -> compute -> download. */
async function once(staged: Awaited<ReturnType<Backend['matmul']>>): Promise<Float32Array> {
  await staged.upload();
  await staged.compute();
  return Float32Array.from(await staged.download());
}

describe.each(BACKEND_NAMES)('backend %s', (name) => {
  const backend = createBackend(name);
  let probe: Probe;
  beforeAll(async () => {
    probe = await backend.probe();
  });
  afterAll(async () => {
    await backend.dispose();
  });

  /**
   * Error bounds against float64. A real GPU may run float32 matmul on tensor cores in TF32 (10-bit significand,
   * TensorFlow's default on NVIDIA Ampere and later): each of the 96 products then errs by up to about 2^-10.
   */
  const bound = () => (probe.kind === 'gpu' ? { matmul: 96 * 2 ** -10, mlp: 1e-2 } : { matmul: 1e-4, mlp: 1e-5 });

  /** Skips a test with the probe's reason printed, when the backend is not on this machine. */
  const needs = (ctx: TestContext) => {
    if (probe.available) return;
    console.log(`[skip] ${name}: ${probe.reason}`);
    ctx.skip(`${name} unavailable: ${probe.reason}`);
  };

  it('probes honestly: available with kind, device and version, or unavailable with a reason', () => {
    if (probe.available) {
      expect(['cpu', 'gpu', 'software-gpu']).toContain(probe.kind);
      expect(probe.device).not.toBe('');
      expect(probe.version).not.toBe('');
      if (/llvmpipe|lavapipe|swiftshader/i.test(probe.device)) expect(probe.kind).toBe('software-gpu');
    } else {
      expect(probe.kind).toBeNull();
      expect(probe.reason.length).toBeGreaterThan(10);
    }
  });

  it('matmul: [[1,2],[3,4]]^2 = [[7,10],[15,22]] exactly', async (ctx) => {
    needs(ctx);
    const x = Float32Array.of(1, 2, 3, 4);
    const staged = await backend.matmul(x, x, 2);
    expect([...(await once(staged))]).toEqual([7, 10, 15, 22]);
    staged.release();
  });

  it('matmul of random 96 x 96 matrices matches float64 on sampled entries', async (ctx) => {
    needs(ctx);
    const n = 96;
    const a = randomArray(n * n, seeded(1));
    const b = randomArray(n * n, seeded(2));
    const staged = await backend.matmul(a, b, n);
    const c = await once(staged);
    expect(matmulMaxError(a, b, c, n, 200, seeded(3))).toBeLessThan(bound().matmul);
    // A second compute on the same uploaded inputs gives the same answer.
    await staged.compute();
    expect([...(await staged.download())]).toEqual([...c]);
    staged.release();
  });

  it('add is exact for float32 inputs', async (ctx) => {
    needs(ctx);
    const a = randomArray(1000, seeded(4));
    const b = randomArray(1000, seeded(5));
    const staged = await backend.add(a, b);
    expect(addMaxError(a, b, await once(staged))).toBeLessThanOrEqual(2 ** -23);
    staged.release();
  });

  it('MLP 784-512-512-10 inference matches a float64 forward pass', async (ctx) => {
    needs(ctx);
    const model = createMlp([784, 512, 512, 10], seeded(6));
    const x = randomArray(5 * 784, seeded(7));
    const staged = await backend.mlp(model, x, 5);
    expect(mlpMaxError(model, x, 5, await once(staged), 5)).toBeLessThan(bound().mlp);
    staged.release();
  });
});

describe('unavailable backends become a reason, never a silent fallback', () => {
  it('tfjs-node-gpu, when its package is absent, reports the import error', async (ctx) => {
    let installed = true;
    try {
      createRequire(import.meta.url).resolve('@tensorflow/tfjs-node-gpu');
    } catch {
      installed = false;
    }
    if (installed) ctx.skip('@tensorflow/tfjs-node-gpu is installed here');
    const probe = await createBackend('tfjs-node-gpu').probe();
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/^@tensorflow\/tfjs-node-gpu could not be loaded \(ERR_MODULE_NOT_FOUND\)/);
  });

  it('a tfjs backend whose initialisation fails is caught by the setBackend check', async () => {
    const broken = makeTfjsBackend({
      name: 'broken',
      tfName: 'syslab-broken-test',
      phases: '',
      async load(tf) {
        if (!tf.findBackendFactory('syslab-broken-test'))
          tf.registerBackend(
            'syslab-broken-test',
            () => {
              throw new Error('no device here');
            },
            -1,
          );
        return { kind: 'gpu', device: 'none', version: '0', reason: '' };
      },
    });
    const probe = await broken.probe();
    expect(probe).toMatchObject({ available: false, kind: null });
    expect(probe.reason).toContain("tf.setBackend('syslab-broken-test') returned false");
    expect(probe.reason).toContain('no device here');
    await expect(broken.matmul(Float32Array.of(1), Float32Array.of(1), 1)).rejects.toThrow('before a successful probe');
  });

  it('a load error becomes the reason, first line only', async () => {
    const failing = makeTfjsBackend({
      name: 'failing',
      tfName: 'cpu',
      phases: '',
      async load() {
        throw new Error('driver missing\nstack...');
      },
    });
    expect(await failing.probe()).toEqual({
      available: false,
      kind: null,
      device: '',
      version: '',
      reason: 'driver missing',
    });
  });
});
