// Synthetic request streams, all drawn from a seeded generator: a loop, uniform, Zipf, a working-set shift and
// Zipf mixed with periodic scans. Tests: test/cache/workloads.test.ts.
import type { Rng } from '../core/rng.js';
import type { Trace } from './trace.js';

/** Keys 0..n-1 in order, `rounds` times: the case where FIFO and LRU with fewer than n slots never hit. */
export function loopTrace(n: number, rounds: number): Trace {
  const keys = new Int32Array(n * rounds);
  for (let i = 0; i < keys.length; i++) keys[i] = i % n;
  return { name: `loop 1..${n} x${rounds}`, keys, keySpace: n };
}

export function uniformTrace(keySpace: number, requests: number, rng: Rng): Trace {
  const keys = new Int32Array(requests);
  for (let i = 0; i < requests; i++) keys[i] = rng.int(keySpace);
  return { name: 'uniform', keys, keySpace };
}

/** Sampler for Zipf(alpha) over ranks 0..n-1 (rank 0 most popular), by binary search in the cumulative weights. */
export function zipfSampler(n: number, alpha: number, rng: Rng): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, alpha);
  for (let i = 0; i < n; i++) cdf[i] /= sum;
  return () => {
    const u = rng.next();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Zipf popularity; ranks are scattered over the key space so that popular keys are not neighbours. */
export function zipfTrace(keySpace: number, requests: number, alpha: number, rng: Rng): Trace {
  const sample = zipfSampler(keySpace, alpha, rng);
  const rankToKey = rng.shuffle(Array.from({ length: keySpace }, (_, i) => i));
  const keys = new Int32Array(requests);
  for (let i = 0; i < requests; i++) keys[i] = rankToKey[sample()];
  return { name: `zipf a=${alpha}`, keys, keySpace };
}

/** Zipf over one half of the keys, then the hot set moves to the other half halfway through. */
export function shiftTrace(keySpace: number, requests: number, alpha: number, rng: Rng): Trace {
  const half = Math.max(1, Math.floor(keySpace / 2));
  const sample = zipfSampler(half, alpha, rng);
  const keys = new Int32Array(requests);
  const switchAt = Math.floor(requests / 2);
  for (let i = 0; i < requests; i++) keys[i] = sample() + (i < switchAt ? 0 : half);
  return { name: 'working-set shift', keys, keySpace: Math.max(keySpace, 2 * half) };
}

/**
 * Zipf requests over keySpace keys, interrupted every `scanEvery` requests by a sequential scan of `scanLength`
 * keys read once each (like a backup or a table scan), which floods recency-based caches.
 */
export function scanTrace(
  keySpace: number,
  requests: number,
  alpha: number,
  rng: Rng,
  scanEvery = 10_000,
  scanLength = 2_000,
): Trace {
  const sample = zipfSampler(keySpace, alpha, rng);
  const keys = new Int32Array(requests);
  let scanKey = keySpace; // scan keys lie above the Zipf keys
  let i = 0;
  while (i < requests) {
    for (let j = 0; j < scanEvery && i < requests; j++) keys[i++] = sample();
    for (let j = 0; j < scanLength && i < requests; j++) keys[i++] = scanKey++;
  }
  return { name: 'zipf + scans', keys, keySpace: scanKey };
}
