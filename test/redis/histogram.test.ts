// Tests src/redis/histogram.ts: known percentiles of a known set of latencies, and the raw samples kept.
import { describe, expect, it } from 'vitest';
import { latencyRecorder } from '../../src/redis/histogram.js';

describe('latency recorder', () => {
  it('gives the percentiles of 1..1000 µs to three significant digits', () => {
    const rec = latencyRecorder();
    for (let us = 1; us <= 1000; us++) rec.record(us * 1000);
    const r = rec.result();
    expect(rec.count).toBe(1000);
    expect(r.p50Us).toBeCloseTo(500, -0.5);
    expect(r.p90Us).toBeCloseTo(900, -0.5);
    expect(r.p99Us).toBeCloseTo(990, -0.5);
    expect(r.maxUs).toBeCloseTo(1000, -0.5);
    expect(r.latencyUs.n).toBe(1000);
    expect(r.latencyUs.min).toBe(1);
    expect(r.latencyUs.max).toBe(1000);
    expect(rec.distribution()).toContain('Percentile');
  });
});
