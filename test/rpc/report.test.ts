// The knee of a closed-loop curve, on hand-made rows with a known answer: throughput 100, 180, 195, 196 calls/s at
// 1, 2, 4, 8 in flight reaches 90% of the best (176.4) first at 2; one level has no knee; open-loop rows are ignored.
import { describe, expect, it } from 'vitest';
import type { LoadRow } from '../../src/rpc/load.js';
import { knee } from '../../src/rpc/report.js';

const row = (inFlight: number, callsPerSecond: number, loop: 'closed' | 'open' = 'closed'): LoadRow => ({
  stack: 'tcp',
  loop,
  inFlight,
  offeredRate: loop === 'open' ? 1000 : null,
  calls: 100,
  callsPerSecond,
  failed: 0,
  firstFailure: null,
  p50Us: 1,
  p90Us: 1,
  p99Us: 1,
  p999Us: 1,
  maxUs: 1,
  latencyUs: { n: 1, median: 1, min: 1, max: 1, mean: 1, p25: 1, p75: 1, iqr: 0, mad: 0, relSpread: 0 },
});

describe('knee', () => {
  it('is the fewest in flight reaching 90% of the best throughput', () => {
    expect(knee([row(8, 196), row(1, 100), row(4, 195), row(2, 180), row(64, 900, 'open')])?.inFlight).toBe(2);
    expect(knee([row(1, 100), row(2, 170), row(4, 200)])?.inFlight).toBe(4);
  });
  it('is undefined with one closed-loop level', () => {
    expect(knee([row(1, 100), row(4, 500, 'open')])).toBeUndefined();
  });
});
