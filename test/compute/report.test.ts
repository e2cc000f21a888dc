// The report from hand-made results: a webgpu-wgsl result outside its error bound is FAILED (no seconds, no GFLOP/s,
// out of the float16 table, the charts and the comparisons, named first in the findings); float16 rows carry their
// dtype in the matmul and transfer keys; backends without float16 say why in their float16 column. For subsets of the
// options: no empty roofline chart, no "no accelerator available" when only CPU backends were asked for, and every
// number computed from timings declared sampled.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/stats.js';
import { computeCharts, computeFindings, computeTables } from '../../src/compute/report.js';
import type { ComputeResults, ProbeRow } from '../../src/compute/run.js';
import type { MatmulResult } from '../../src/compute/sweeps.js';

const s = (x: number) => summarize([x, x, x]);

function row(backend: string, dtype: 'float32' | 'float16', n: number, failure?: string): MatmulResult {
  return {
    backend,
    kind: backend === 'tfjs-cpu' ? 'cpu' : 'software-gpu',
    n,
    dtype,
    gflops: s(1),
    upload: s(1e-4),
    compute: s(1e-3),
    download: s(1e-4),
    roundTrip: s(1.2e-3),
    maxAbsError: failure ? 0.9 : 1e-6,
    ...(backend === 'webgpu-wgsl' ? { check: { bound: 0.01, failure: failure ?? null } } : {}),
  };
}

function probe(backend: string, float16: string): ProbeRow {
  const kind = backend === 'tfjs-cpu' ? 'cpu' : 'software-gpu';
  return { backend, available: true, kind, device: 'd', version: 'v', reason: '', phases: '', note: '', float16 };
}

const results: ComputeResults = {
  probes: [probe('tfjs-cpu', 'none: TensorFlow.js has no float16 tensors'), probe('webgpu-wgsl', 'ran (shader-f16)')],
  matmul: [
    row('tfjs-cpu', 'float32', 16),
    row('webgpu-wgsl', 'float32', 16),
    row('webgpu-wgsl', 'float16', 16, 'C[3][4] is off the float64 product by 0.900, over its bound 0.0100'),
  ],
  add: [],
  batching: [],
  dtypes: [],
  ceilings: {
    fp32: { gflops: 100, cores: 2, ghz: 2, flopsPerCycle: 25, basis: 'b' },
    copy: { gbPerSecond: s(10), bytesMoved: 1 << 20 },
    jsAdd: { gbPerSecond: s(5), bytesMoved: 1 << 20 },
    cache: undefined,
    bandwidthGbPerSecond: 10,
    bandwidthWorkingSet: 1 << 20,
  },
  matmulDtypes: ['float32', 'float16'],
};

describe('lab 01 report with a float16 result outside its bound', () => {
  const t = computeTables(results);

  it('marks it FAILED in the matmul table, with its error and bound but no speed', () => {
    const failed = t.matmul.rows.find((r) => r.dtype === 'float16')!;
    expect(failed).toMatchObject({
      backend: 'webgpu-wgsl',
      check: 'FAILED: C[3][4] is off the float64 product by 0.900, over its bound 0.0100',
      seconds: null,
      gflops: null,
      maxAbsError: 0.9,
      errorBound: 0.01,
    });
    expect(t.matmul.rows.map((r) => r.check)).toEqual(['max error only', 'within bound', failed.check]);
    expect(t.matmul.keys).toEqual(['backend', 'dtype', 'n']);
  });

  it('keeps it out of the float16 table, the transfer table and the charts', () => {
    expect(t.float16.rows).toEqual([]);
    expect(t.transfer.rows.map((r) => `${r.backend as string} ${r.dtype as string}`)).toEqual([
      'tfjs-cpu float32',
      'webgpu-wgsl float32',
    ]);
    const charts = JSON.stringify(computeCharts(results));
    expect(charts).not.toContain('float16');
  });

  it('names it first in the findings and says float16 gave no usable result', () => {
    const findings = computeFindings(results);
    expect(findings[0]).toBe(
      'FAILED check: webgpu-wgsl (software-gpu) float16 matmul at n = 16: C[3][4] is off the float64 product by ' +
        '0.900, over its bound 0.0100; its result is wrong, so its speed is not reported.',
    );
    expect(findings).toContain(
      'No float16 matmul result passed its check (webgpu-wgsl: see FAILED above). tfjs-cpu has no float16 matmul ' +
        'here (the float16 column of the backends table says why).',
    );
  });

  it('shows every backend float16 status in the backends table', () => {
    expect(t.backends.rows.map((r) => r.float16)).toEqual([
      'none: TensorFlow.js has no float16 tensors',
      'ran (shader-f16)',
    ]);
  });
});

describe('lab 01 report for a subset of the options', () => {
  it('draws no roofline when nothing ran in float32 and no backend added (--dtypes float16 on webgpu-wgsl)', () => {
    const only16: ComputeResults = {
      ...results,
      probes: [probe('webgpu-wgsl', 'ran (shader-f16)')],
      matmul: [row('webgpu-wgsl', 'float16', 16)],
      matmulDtypes: ['float16'],
    };
    expect(computeCharts(only16).map((c) => c.name)).toEqual(['matmul-gflops', 'matmul-round-trip']);
    expect(computeTables(only16).roofline.rows).toEqual([]);
  });

  it('says only CPU backends were asked for, not that no accelerator was available (--backends tfjs-cpu)', () => {
    const cpuOnly: ComputeResults = {
      ...results,
      probes: [probe('tfjs-cpu', 'none: TensorFlow.js has no float16 tensors')],
      matmul: [row('tfjs-cpu', 'float32', 16)],
    };
    const findings = computeFindings(cpuOnly);
    expect(findings).toContain(
      'Only CPU backends were asked for (--backends), so there is no CPU-versus-accelerator crossover to report.',
    );
    expect(findings.join(' ')).not.toMatch(/No accelerator/);
  });

  it('still says no accelerator was available when one was asked for and did not load', () => {
    const missing: ProbeRow = { ...probe('tfjs-node-gpu', 'none'), available: false, kind: null, reason: 'absent' };
    const findings = computeFindings({
      ...results,
      probes: [results.probes[0], missing],
      matmul: [row('tfjs-cpu', 'float32', 16)],
    });
    expect(findings).toContain(
      'No accelerator (GPU or software GPU) was available, so there is no CPU-versus-accelerator crossover on this machine.',
    );
  });

  it('declares every number computed from timings as sampled, so compare never calls it an exact change', () => {
    const t = computeTables(results);
    for (const name of ['speedup', 'speedupLow', 'speedupHigh']) expect(t.float16.metrics[name].kind).toBe('sampled');
    expect(t.transfer.metrics.moveShare.kind).toBe('sampled');
    for (const name of ['roofGflops', 'roofShare', 'peakShare']) expect(t.roofline.metrics[name].kind).toBe('sampled');
  });
});
