// Lab 03's resource budget: the memory a run needs, from its parameters, before any trace is generated. Each synthetic
// workload is an Int32Array of keys (4 B per request) kept for the whole run, as is the throughput trace; replaying one
// trace adds about 4.8 B per request more (OPT's next-use arrays), one replay at a time. Measured on the 2-core
// development machine with /usr/bin/time -v (maximum resident set size) of
// `syslab run 03 --workloads zipf --requests N --throughput-requests 1000`: 168,004 kB at N = 2,000,000 and
// 220,812 kB at N = 8,000,000, i.e. 8.8 B per request on a base of about 150 MiB; the same 8.8 B per request for
// --throughput-requests (218,872 kB at 8,000,000). Tests: test/faults/budget.test.ts.
import type { Budget } from '../core/budget.js';
import { formatNumber } from '../core/units.js';

const MiB = 1024 ** 2;
/** Node, the simulator and the report, before any trace: measured about 150 MiB. */
export const CACHE_BASE_BYTES = 150 * MiB;
/** One Int32Array key per request, kept for the whole run. */
export const TRACE_BYTES_PER_REQUEST = 4;
/** The rest of the measured 8.8 B per request: what one replay allocates beside its trace. */
export const REPLAY_BYTES_PER_REQUEST = 4.8;

/** Memory for `workloads` synthetic traces of `requests` each and a throughput trace of `throughputRequests`. */
export function cacheBudget(p: { workloads: readonly string[]; requests: number; throughputRequests: number }): Budget {
  const traces = TRACE_BYTES_PER_REQUEST * (p.workloads.length * p.requests + p.throughputRequests);
  const replay = REPLAY_BYTES_PER_REQUEST * Math.max(p.requests, p.throughputRequests);
  return {
    memoryBytes: Math.round(CACHE_BASE_BYTES + traces + replay),
    basis:
      `${p.workloads.length} workloads × --requests ${formatNumber(p.requests)} and --throughput-requests ` +
      `${formatNumber(p.throughputRequests)} at 4 B per request kept, plus 4.8 B per request while replaying`,
  };
}
