import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, isSummary, runLab } from '../../src/core/index.js';
import lab from '../../labs/01-compute.js';
import { probeWebGpu } from '../../src/compute/backends/webgpu-probe.js';

const adapter = await probeWebGpu();
const offersF16 = adapter.found && adapter.adapter.features.includes('shader-f16');

const tmp = mkdtempSync(path.join(os.tmpdir(), 'syslab-compute-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('lab 01 compute', () => {
  it('runs CPU backends, keeps an unavailable one as a row with its reason, and writes the report', async () => {
    const argv = [
      '--quick',
      '--backends',
      'tfjs-cpu,onnx-cpu,tfjs-node-gpu',
      '--sizes',
      '16,32',
      '--batches',
      '1,4',
      '--add-length',
      '4096',
      '--bandwidth-bytes',
      '1MiB',
    ];
    const outcome = await runLab(lab, argv, { out: tmp, log: () => {} });
    const { report, dir } = outcome!;
    const t = report.results.tables;

    expect(t.backends.rows.map((r) => r.backend)).toEqual(['tfjs-cpu', 'onnx-cpu', 'tfjs-node-gpu']);
    const available = t.backends.rows.filter((r) => r.available === true).map((r) => r.backend);
    for (const row of t.backends.rows.filter((r) => r.available === false)) {
      expect(row.kind).toBe('unavailable');
      expect(typeof row.reason === 'string' && row.reason.length).toBeGreaterThan(10);
      expect(report.findings[0]).toContain(`${row.backend as string} (`);
    }
    expect(available).toEqual(expect.arrayContaining(['tfjs-cpu', 'onnx-cpu']));

    const runs = available.length;
    expect(t.matmul.rows).toHaveLength(runs * 2);
    expect(t.float16.rows).toHaveLength(0);
    expect(report.findings).toContain(
      'No float16 matmul ran (only webgpu-wgsl runs float16, and --backends left it out). tfjs-cpu, onnx-cpu and ' +
        'tfjs-node-gpu have no float16 matmul here (the float16 column of the backends table says why).',
    );
    expect(t.transfer.rows).toHaveLength(runs * 2);
    expect(t.batching.rows).toHaveLength(runs * 2);
    expect(t.roofline.rows).toHaveLength(runs * 2);
    // The bandwidth rows say "bandwidth", not "memory bandwidth": with --bandwidth-bytes 1MiB they measure cache.
    expect(t.peak.rows.map((r) => r.quantity)).toEqual([
      'bandwidth, typed-array copy',
      'bandwidth, JavaScript add loop',
      'last-level cache',
      'FP32 peak (estimate)',
    ]);
    expect(t.peak.rows[0].workingSet).toBe(2 * 1024 ** 2);
    // 4096 elements x 12 bytes = 48 KiB: inside any last-level cache, so never judged against memory bandwidth.
    for (const row of t.roofline.rows.filter((r) => r.op === 'add'))
      expect(['fits in cache', 'cache size unknown']).toContain(row.cache);
    for (const row of t.matmul.rows) {
      expect(isSummary(row.gflops)).toBe(true);
      expect(row.maxAbsError as number).toBeLessThan(1e-4);
    }
    for (const row of t.batching.rows) expect(row.maxAbsError as number).toBeLessThan(1e-5);
    // 9 typed-array rows, 4 float32 edge cases per backend that ran, 7 float16 rows.
    expect(t.dtypes.rows).toHaveLength(9 + 4 * runs + 7);

    // On a machine where tfjs-node-gpu finds CUDA, the accelerator finding compares it instead.
    const accelerated = t.backends.rows.some((r) => r.available === true && r.kind !== 'cpu');
    const noAccelerator = report.findings.some((f) =>
      f.startsWith('No accelerator (GPU or software GPU) was available'),
    );
    expect(noAccelerator).toBe(!accelerated);
    expect(report.findings.some((f) => f.startsWith('Fastest matmul backend per size'))).toBe(true);
    for (const file of [
      'report.json',
      'report.md',
      'matmul-gflops.svg',
      'matmul-round-trip.svg',
      'roofline.svg',
      'batching.svg',
    ]) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
  });

  it.for([['float32,float16'], ['float16'], ['float32']])(
    '--dtypes %s with webgpu-wgsl: rows, float16 column, table and finding for that choice',
    async ([dtypes]) => {
      const argv = ['--quick', '--backends', 'tfjs-cpu,webgpu-wgsl', '--dtypes', dtypes, '--sizes', '16,32'];
      argv.push('--batches', '1', '--add-length', '64', '--bandwidth-bytes', '1MiB');
      const out = path.join(tmp, `dtypes-${dtypes}`);
      const { report } = (await runLab(lab, argv, { out, log: () => {} }))!;
      const t = report.results.tables;
      const wgsl = t.backends.rows.find((r) => r.backend === 'webgpu-wgsl')!;
      const f16 = wgsl.float16 === 'ran (shader-f16)';
      const asked = dtypes.split(',');
      // Where the adapter offers shader-f16 (lavapipe does), float16 must have run whenever it was asked for.
      if (offersF16) expect(wgsl.float16).toBe(asked.includes('float16') ? 'ran (shader-f16)' : 'not asked (--dtypes)');
      const wgslTypes = [
        ...(wgsl.available && asked.includes('float32') ? ['float32'] : []),
        ...(f16 ? ['float16'] : []),
      ];
      const expected = [
        ...(asked.includes('float32') ? ['tfjs-cpu float32 16', 'tfjs-cpu float32 32'] : []),
        // Both types of a size, timed in turn within every round: float32's row first.
        ...[16, 32].flatMap((n) => wgslTypes.map((dtype) => `webgpu-wgsl ${dtype} ${n}`)),
      ];
      expect(t.matmul.rows.map((r) => `${r.backend as string} ${r.dtype as string} ${r.n as number}`)).toEqual(
        expected,
      );
      expect(t.backends.rows[0].float16).toBe('none: TensorFlow.js has no float16 tensors');
      if (!asked.includes('float16')) expect(wgsl.float16).toMatch(/^not asked|^unavailable/);
      for (const row of t.matmul.rows.filter((r) => r.backend === 'webgpu-wgsl'))
        expect(row.check).toBe('within bound');
      // Only sizes where both types ran are compared; float16 never shows up as a zero anywhere else.
      expect(t.float16.rows).toHaveLength(f16 && asked.includes('float32') ? 2 : 0);
      const sentence = report.findings.filter((f) => /float16/i.test(f) && !f.startsWith('Number types'));
      if (!asked.includes('float16')) expect(sentence).toEqual([]);
      else if (!f16) expect(sentence[0]).toMatch(/^No float16 matmul ran \(webgpu-wgsl: /);
      else if (asked.includes('float32')) expect(sentence[0]).toMatch(/^On the same WGSL kernel, webgpu-wgsl/);
      else expect(sentence[0]).toMatch(/^On webgpu-wgsl \([a-z-]+\), float16 ran alone, .*\(--dtypes has no float32\)/);
      if (!asked.includes('float32')) {
        expect(t.batching.rows.map((r) => r.backend)).toEqual(['tfjs-cpu']);
        expect(t.backends.rows[0].note).toBe('matmul not run: --dtypes has no float32, the only type this backend has');
        expect(report.findings.some((f) => f.startsWith('Fastest matmul backend'))).toBe(false);
        expect(report.findings).toContain(
          'No float32 matmul ran (--dtypes has no float32), so there is no CPU-versus-accelerator crossover to report.',
        );
      }
    },
  );

  it('says an accelerator that loaded but ran no size left no crossover, not that none was available', async () => {
    const argv = ['--quick', '--backends', 'tfjs-cpu,webgpu-wgsl', '--dtypes', 'float32', '--sizes', '64'];
    argv.push('--software-gpu-max-size', '32', '--batches', '1', '--add-length', '64', '--bandwidth-bytes', '1MiB');
    const { report } = (await runLab(lab, argv, { out: path.join(tmp, 'capped'), log: () => {} }))!;
    const wgsl = report.results.tables.backends.rows[1];
    if (wgsl.kind !== 'software-gpu') return; // a real GPU is not capped; no adapter is "not available", said apart
    expect(wgsl.note).toBe(
      'matmul n = 64 not run (software GPU cap 32, --software-gpu-max-size); matmul only: no add or MLP rows',
    );
    expect(report.findings).toContain(
      "webgpu-wgsl loaded but left no float32 matmul result to compare (the backends table's notes say why), so " +
        'there is no CPU-versus-accelerator crossover to report.',
    );
  });

  it('runs a backend from --backend-file beside the built-in ones', async () => {
    const argv = [
      '--quick',
      '--backends',
      'tfjs-wasm',
      '--backend-file',
      'src/compute/examples/js-loops.ts',
      '--sizes',
      '8',
      '--batches',
      '2',
      '--add-length',
      '100',
      '--bandwidth-bytes',
      '1MiB',
    ];
    const { report } = (await runLab(lab, argv, { out: path.join(tmp, 'file'), log: () => {} }))!;
    const t = report.results.tables;
    expect(t.backends.rows.map((r) => [r.backend, r.available, r.kind])).toEqual([
      ['tfjs-wasm', true, 'cpu'],
      ['js-loops', true, 'cpu'],
    ]);
    const own = t.matmul.rows.find((r) => r.backend === 'js-loops')!;
    expect(own.n).toBe(8);
    expect(own.maxAbsError as number).toBeLessThan(1e-5);
    expect(t.batching.rows.find((r) => r.backend === 'js-loops')!.maxAbsError as number).toBeLessThan(1e-6);
  });

  it('rejects a backend file without a Backend in one line', async () => {
    const bad = path.join(tmp, 'not-a-backend.mjs');
    writeFileSync(bad, 'export default { name: "x" };\n');
    await expect(
      runLab(lab, ['--quick', '--backends', 'tfjs-cpu', '--backend-file', bad], {
        out: path.join(tmp, 'bad-file'),
        log: () => {},
      }),
    ).rejects.toThrow(
      /a Backend needs a name, a phases sentence and the methods probe, matmul, add, mlp, dispose; missing: probe/,
    );
  });

  it('rejects bad parameters with an InputError and writes nothing', async () => {
    const out = path.join(tmp, 'bad');
    await expect(runLab(lab, ['--sizes', '1'], { out, log: () => {} })).rejects.toThrow(InputError);
    await expect(runLab(lab, ['--backends', 'cuda'], { out, log: () => {} })).rejects.toThrow(InputError);
    await expect(runLab(lab, ['--bandwidth-bytes', 'lots'], { out, log: () => {} })).rejects.toThrow(InputError);
    expect(existsSync(path.join(out, '01-compute'))).toBe(false);
  });
});
