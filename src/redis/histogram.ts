// Per-request latencies: recorded in nanoseconds into an HDR histogram (hdr-histogram-js: percentiles to 3
// significant digits, however many requests) and kept as raw samples for the core's Summary. Tests:
// test/redis/histogram.test.ts.
import * as hdr from 'hdr-histogram-js';
import { summarize, type Summary } from '../core/stats.js';

export interface LatencyRecorder {
  /** Records one latency in nanoseconds. */
  record(ns: number): void;
  readonly count: number;
  /** p50, p90, p99, p99.9 (HDR, 3 significant digits) and the exact max in microseconds, and the samples' Summary. */
  result(): LatencyResult;
  /** The HDR percentile distribution in microseconds (text, for a file beside the report). */
  distribution(): string;
}

export interface LatencyResult {
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
  latencyUs: Summary;
}

export function latencyRecorder(): LatencyRecorder {
  const histogram = hdr.build({
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
  const samples: number[] = [];
  const us = (ns: number) => Number((ns / 1000).toPrecision(4));
  return {
    record(ns) {
      histogram.recordValue(Math.max(1, Math.round(ns)));
      samples.push(ns / 1000);
    },
    get count() {
      return samples.length;
    },
    result() {
      // The histogram answers with its bucket's upper bound; no percentile may exceed the slowest sample itself.
      const latencyUs = summarize(samples);
      const at = (percentile: number) => Math.min(us(histogram.getValueAtPercentile(percentile)), latencyUs.max);
      return { p50Us: at(50), p90Us: at(90), p99Us: at(99), p999Us: at(99.9), maxUs: latencyUs.max, latencyUs };
    },
    distribution() {
      return histogram.outputPercentileDistribution(5, 1000);
    },
  };
}
