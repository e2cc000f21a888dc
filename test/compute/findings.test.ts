import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/stats.js';
import type { DeviceKind } from '../../src/compute/backends/types.js';
import { crossover, crossoverSentence, fastestPerSize, label, levelOff, levelOffSentence, transferShare } from '../../src/compute/findings.js';
import type { BatchResult, MatmulResult } from '../../src/compute/sweeps.js';

const s = (x: number) => summarize([x]);

/** A matmul row with the given round trip (seconds) and GFLOP/s; upload and download 10% each of it. */
function mm(backend: string, kind: DeviceKind, n: number, roundTrip: number, gflops = 1): MatmulResult {
  return {
    backend, kind, n, maxAbsError: 0, gflops: s(gflops),
    upload: s(roundTrip * 0.1), compute: s(roundTrip * 0.8), download: s(roundTrip * 0.1), roundTrip: s(roundTrip),
  };
}

function batch(backend: string, b: number, samplesPerSecond: number): BatchResult {
  return {
    backend, kind: 'cpu', batch: b, maxAbsError: 0, samplesPerSecond: s(samplesPerSecond), computeSamplesPerSecond: s(samplesPerSecond),
    upload: s(0), compute: s(0), download: s(0), roundTrip: s(b / samplesPerSecond),
  };
}

describe('crossover', () => {
  const cpu = [mm('onnx-cpu', 'cpu', 64, 1e-4), mm('onnx-cpu', 'cpu', 256, 1e-3), mm('onnx-cpu', 'cpu', 1024, 5e-2), mm('onnx-cpu', 'cpu', 2048, 0.4)];

  it('finds the smallest size from which the accelerator wins at every larger size', () => {
    const gpu = [mm('webgpu', 'gpu', 64, 1e-3), mm('webgpu', 'gpu', 256, 2e-3), mm('webgpu', 'gpu', 1024, 1e-2), mm('webgpu', 'gpu', 2048, 5e-2)];
    const c = crossover([...cpu, ...gpu]);
    expect(c.status).toBe('from');
    expect(c.status === 'from' && c.n).toBe(1024);
    expect(crossoverSentence(c)).toBe('From n = 1024 on, webgpu (gpu) beats the best CPU backend on round-trip time (10 ms against 50 ms for onnx-cpu (cpu) at n = 1024).');
  });

  it('ignores an early win that does not last', () => {
    const gpu = [mm('webgpu', 'gpu', 64, 1e-5), mm('webgpu', 'gpu', 256, 2e-3), mm('webgpu', 'gpu', 1024, 1e-2), mm('webgpu', 'gpu', 2048, 5e-2)];
    const c = crossover([...cpu, ...gpu]);
    expect(c.status === 'from' && c.n).toBe(1024);
  });

  it('says never, with the largest size, when the accelerator always loses', () => {
    const soft = [mm('webgpu', 'software-gpu', 64, 1e-3), mm('webgpu', 'software-gpu', 256, 2e-2)];
    const c = crossover([...cpu, ...soft]);
    expect(c.status).toBe('never');
    expect(crossoverSentence(c)).toContain('at the largest, n = 256, webgpu (software-gpu) took 20 ms against 1 ms for onnx-cpu (cpu)');
  });

  it('reports no accelerator when only CPU backends ran', () => {
    expect(crossover(cpu)).toEqual({ status: 'no-accelerator' });
  });
});

describe('other findings', () => {
  it('fastestPerSize picks the highest GFLOP/s per size', () => {
    const rows = [mm('a', 'cpu', 16, 1, 5), mm('b', 'cpu', 16, 1, 7), mm('a', 'cpu', 32, 1, 9), mm('b', 'cpu', 32, 1, 3)];
    expect(fastestPerSize(rows).map((r) => [r.n, r.backend])).toEqual([[16, 'b'], [32, 'a']]);
  });

  it('transferShare is (upload + download) / round trip', () => {
    expect(transferShare(mm('a', 'cpu', 16, 1))).toBeCloseTo(0.2, 12);
  });

  it('levelOff names the smallest batch within 90% of the best throughput', () => {
    const rows = [batch('x', 1, 100), batch('x', 4, 170), batch('x', 16, 185), batch('x', 64, 200), batch('y', 1, 10), batch('y', 4, 50)];
    const levels = levelOff(rows);
    expect(levels.map((l) => [l.backend, l.batch, l.best])).toEqual([['x', 16, 200], ['y', 4, 50]]);
    expect(levelOffSentence(rows)).toBe('MLP inference throughput reaches 90% of its best: x (cpu) levels off at batch 16 (185 samples/s, best 200, 2x batch 1); y (cpu) was still rising at the largest batch, 4 (50 samples/s, 5x batch 1).');
  });

  it('label always carries the kind', () => {
    expect(label('webgpu', 'software-gpu')).toBe('webgpu (software-gpu)');
  });
});

describe('peakSentence', () => {
  it('measures CPU and software-GPU backends against the CPU peak, and keeps a real GPU apart', async () => {
    const { peakSentence } = await import('../../src/compute/findings.js');
    const rows = [mm('onnx-cpu', 'cpu', 256, 1, 50), mm('webgpu', 'software-gpu', 256, 1, 2), mm('cuda', 'gpu', 256, 1, 5000)];
    expect(peakSentence(rows, [], { fp32Gflops: 200, bandwidthGbPerSecond: 20 })).toBe(
      'The best matmul on the CPU, onnx-cpu (cpu) at n = 256, reached 50 GFLOP/s, 25.0% of the estimated FP32 peak of 200 GFLOP/s; ' +
      'on the GPU, cuda (gpu) reached 5,000 GFLOP/s at n = 256 (its own peak is not estimated here).');
    expect(peakSentence([mm('webgpu', 'software-gpu', 16, 1, 0.02)], [], { fp32Gflops: 332, bandwidthGbPerSecond: 20 })).toContain('0.0060% of the estimated');
  });
});
