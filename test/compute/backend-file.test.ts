// --backend-file: a student's backend runs in a sandbox worker behind a proxy; a loop or a throw is one line naming
// the file and method; the correctness gate flags a matmul over tolerance.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backendFailures, loadBackendFile } from '../../src/compute/backends/load-file.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-backend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = path.resolve('src/compute/examples/js-loops.ts');

describe('loadBackendFile', () => {
  it('runs the js-loops example in a worker: 2x2 matmul through upload, compute, download', async () => {
    const backend = await loadBackendFile(example);
    expect(backend.name).toBe('js-loops');
    expect((await backend.probe()).available).toBe(true);
    const staged = await backend.matmul(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), 2);
    await staged.upload();
    await staged.compute();
    // [1 2; 3 4] x [5 6; 7 8] = [19 22; 43 50]
    expect([...(await staged.download())]).toEqual([19, 22, 43, 50]);
    staged.release();
    await backend.dispose();
  });

  it('stops a matmul that loops and names a method that throws', async () => {
    const base = `import { jsLoops } from ${JSON.stringify(example)};\nconst b = jsLoops();\n`;
    const loop = path.join(dir, 'loop.ts');
    writeFileSync(loop, `${base}export default { ...b, name: 'spin', async matmul() { for (;;) {} } };\n`);
    const spin = await loadBackendFile(loop, { callMs: 300 });
    await expect(spin.matmul(new Float32Array(4), new Float32Array(4), 2)).rejects.toThrow(
      /loop\.ts": matmul\(\) did not return within 300 ms; is there an endless loop\?$/,
    );
    const throws = path.join(dir, 'throws.ts');
    writeFileSync(
      throws,
      `${base}export default { ...b, name: 'boom', async probe() { throw new Error('no device'); } };\n`,
    );
    const boom = await loadBackendFile(throws);
    await expect(boom.probe()).rejects.toThrow(/throws\.ts": probe\(\) threw: no device$/);
    await boom.dispose().catch(() => undefined);
  });
});

describe('backendFailures', () => {
  it('fails a student backend whose matmul error exceeds n x 1e-4, and NaN, but not the built-ins', () => {
    const rows = [
      { backend: 'mine', n: 16, maxAbsError: 0.0015 }, // 16 x 1e-4 = 0.0016: passes
      { backend: 'mine', n: 64, maxAbsError: 3.96 },
      { backend: 'nan', n: 16, maxAbsError: NaN },
      { backend: 'tfjs-cpu', n: 16, maxAbsError: 9 },
    ];
    expect(backendFailures(rows, ['mine', 'nan']).map((f) => f.reason)).toEqual([
      'backend "mine": matmul at n = 64 is off the float64 reference by 3.96, over the tolerance 0.0064',
      'backend "nan": matmul at n = 16 is off the float64 reference by NaN, over the tolerance 0.0016',
    ]);
  });
});
