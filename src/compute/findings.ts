// Sentences computed from a run's rows: the fastest backend per size, where an accelerator starts to beat the CPU
// (or that none does), what moving data costs, how close to the machine's peak the backends came, and where batching
// stops paying (float16 against float32: ./float16-findings.ts). Every number in them comes from the rows. Tests:
// test/compute/findings.test.ts.
import { formatBytes, formatNumber, formatSeconds, pct } from '../core/units.js';
import type { DeviceKind } from './backends/types.js';
import { backendLabel } from './backends/names.js';
import { ADD_BYTES_PER_ELEMENT, cacheFit } from './ceilings.js';
import type { AddResult, BatchResult, MatmulResult } from './sweeps.js';

const isAccelerator = (kind: DeviceKind) => kind !== 'cpu';
/** A percentage that stays readable when tiny (0.0042% rather than 0.0%). */
const share = (ratio: number): string =>
  ratio >= 0.001 || ratio === 0 ? pct(ratio) : `${(ratio * 100).toPrecision(2)}%`;
const sizesOf = (rows: MatmulResult[]) => [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);

/** The row with the highest score (the first of equals), or undefined for no rows. */
export function best<T>(rows: T[], score: (r: T) => number): T | undefined {
  let top: T | undefined;
  for (const r of rows) if (!top || score(r) > score(top)) top = r;
  return top;
}

/** The backend with the highest matmul GFLOP/s (compute phase) at each size. */
export function fastestPerSize(rows: MatmulResult[]): MatmulResult[] {
  return sizesOf(rows).map((n) =>
    best(
      rows.filter((r) => r.n === n),
      (r) => r.gflops.median,
    )!,
  );
}

export function fastestSentence(rows: MatmulResult[]): string | undefined {
  const tops = fastestPerSize(rows);
  if (tops.length === 0) return undefined;
  const parts = tops.map(
    (r) => `n = ${r.n}: ${backendLabel(r.backend, r.kind)} at ${formatNumber(r.gflops.median)} GFLOP/s`,
  );
  return `Fastest matmul backend per size (compute phase only): ${parts.join('; ')}.`;
}

export type Crossover =
  | { status: 'no-accelerator' }
  | { status: 'no-cpu' }
  | { status: 'never'; accelerator: MatmulResult; cpu: MatmulResult }
  | { status: 'from'; n: number; accelerator: MatmulResult; cpu: MatmulResult };

/**
 * Compares, size by size, the best accelerator (gpu or software-gpu) with the best CPU backend on round-trip time
 * (upload + compute + download: what a caller waits for). The crossover is the smallest size from which the
 * accelerator wins at every larger size measured. `accelerator` and `cpu` are the rows at that size, or at the
 * largest size when it never wins.
 */
export function crossover(rows: MatmulResult[]): Crossover {
  const accel = rows.filter((r) => isAccelerator(r.kind));
  const cpu = rows.filter((r) => !isAccelerator(r.kind));
  if (accel.length === 0) return { status: 'no-accelerator' };
  if (cpu.length === 0) return { status: 'no-cpu' };
  const sizes = sizesOf(accel).filter((n) => cpu.some((r) => r.n === n));
  if (sizes.length === 0) return { status: 'no-accelerator' };
  const pairs = sizes.map((n) => {
    const fastest = (list: MatmulResult[]) =>
      best(
        list.filter((r) => r.n === n),
        (r) => -r.roundTrip.median,
      )!;
    return { n, accelerator: fastest(accel), cpu: fastest(cpu) };
  });
  let from: number | undefined;
  for (let i = pairs.length - 1; i >= 0 && pairs[i].accelerator.roundTrip.median < pairs[i].cpu.roundTrip.median; i--)
    from = i;
  if (from === undefined) {
    const last = pairs[pairs.length - 1];
    return { status: 'never', accelerator: last.accelerator, cpu: last.cpu };
  }
  const at = pairs[from];
  return { status: 'from', n: at.n, accelerator: at.accelerator, cpu: at.cpu };
}

export function crossoverSentence(c: Crossover): string {
  switch (c.status) {
    case 'no-accelerator':
      return 'No accelerator (GPU or software GPU) was available, so there is no CPU-versus-accelerator crossover on this machine.';
    case 'no-cpu':
      return 'No CPU backend ran, so there is no CPU-versus-accelerator crossover to report.';
    case 'never':
      return (
        `No accelerator beat the best CPU backend on round-trip time at any size measured: at the largest, n = ${c.accelerator.n}, ` +
        `${backendLabel(c.accelerator.backend, c.accelerator.kind)} took ${formatSeconds(c.accelerator.roundTrip.median)} against ` +
        `${formatSeconds(c.cpu.roundTrip.median)} for ${backendLabel(c.cpu.backend, c.cpu.kind)}.`
      );
    case 'from':
      return (
        `From n = ${c.n} on, ${backendLabel(c.accelerator.backend, c.accelerator.kind)} beats the best CPU backend on round-trip time ` +
        `(${formatSeconds(c.accelerator.roundTrip.median)} against ${formatSeconds(c.cpu.roundTrip.median)} ` +
        `for ${backendLabel(c.cpu.backend, c.cpu.kind)} at n = ${c.n}).`
      );
  }
}

/** Share of the round trip spent moving data (upload + download), by medians. */
export const transferShare = (r: MatmulResult): number => {
  const move = r.upload.median + r.download.median;
  const total = move + r.compute.median;
  return total > 0 ? move / total : 0;
};

export function transferSentence(rows: MatmulResult[]): string | undefined {
  const backends = [...new Set(rows.map((r) => r.backend))];
  const parts = backends.flatMap((name) => {
    const own = rows.filter((r) => r.backend === name).sort((a, b) => a.n - b.n);
    if (own.length === 0) return [];
    const [first, last] = [own[0], own[own.length - 1]];
    return own.length === 1
      ? [`${backendLabel(name, first.kind)} ${share(transferShare(first))} at n = ${first.n}`]
      : [
          `${backendLabel(name, first.kind)} ${share(transferShare(first))} at n = ${first.n} and ${share(transferShare(last))} at n = ${last.n}`,
        ];
  });
  return parts.length
    ? `Share of the matmul round trip spent moving data (upload + download): ${parts.join('; ')}.`
    : undefined;
}

export interface PeakFigures {
  fp32Gflops: number;
  /** The measured bandwidth (one thread) and the working set it was measured on, in bytes. */
  bandwidthGbPerSecond: number;
  bandwidthWorkingSet: number;
  /** The last-level cache size in bytes, when the platform says. */
  cacheBytes: number | undefined;
}

/**
 * The elementwise add against the measured bandwidth, judged only where both ran from memory: an add whose working
 * set fits in the last-level cache reads cache, not memory, so then the sentence says that instead of a share.
 */
function addPart(top: AddResult, peak: PeakFigures): string {
  const addBytes = top.length * ADD_BYTES_PER_ELEMENT;
  const moved =
    `the best elementwise add, ${backendLabel(top.backend, top.kind)}, moved ` +
    `${formatNumber(top.gbPerSecond.median)} GB/s on ${formatNumber(top.length)} elements`;
  const ratio = top.gbPerSecond.median / peak.bandwidthGbPerSecond;
  const measured = `${formatNumber(peak.bandwidthGbPerSecond)} GB/s one thread measured on ${formatBytes(peak.bandwidthWorkingSet)}`;
  const addFit = cacheFit(addBytes, peak.cacheBytes);
  const bandwidthFit = cacheFit(peak.bandwidthWorkingSet, peak.cacheBytes);
  if (addFit === 'cache size unknown') {
    return `${moved} (${formatBytes(addBytes)}), ${formatNumber(ratio)}x the ${measured}; the cache size is unknown here, so either may have run from cache`;
  }
  const llc = `the ${formatBytes(peak.cacheBytes!)} last-level cache`;
  if (addFit === 'fits in cache') {
    return (
      `${moved}, but their ${formatBytes(addBytes)} fit in ${llc}, so it ran from cache, not from memory ` +
      `(${formatNumber(ratio)}x the ${measured}; a larger --add-length measures memory)`
    );
  }
  if (bandwidthFit === 'fits in cache') {
    return (
      `${moved} (${formatBytes(addBytes)}, more than ${llc}), ${formatNumber(ratio)}x the ${measured}, ` +
      `which fits in that cache: a larger --bandwidth-bytes measures memory`
    );
  }
  return `${moved} (${formatBytes(addBytes)}, more than ${llc}), ${share(ratio)} of the memory bandwidth, ${measured}`;
}

export function peakSentence(matmul: MatmulResult[], add: AddResult[], peak: PeakFigures): string | undefined {
  // The CPU's ceilings bound CPU and software-GPU backends only; a real GPU has its own, not estimated here.
  const onCpu = <T extends { kind: DeviceKind }>(rows: T[]) => rows.filter((r) => r.kind !== 'gpu');
  const topMatmul = best(onCpu(matmul), (r) => r.gflops.median);
  const topAdd = best(onCpu(add), (r) => r.gbPerSecond.median);
  const topGpu = best(
    matmul.filter((r) => r.kind === 'gpu'),
    (r) => r.gflops.median,
  );
  const parts: string[] = [];
  if (topMatmul) {
    parts.push(
      `the best matmul on the CPU, ${backendLabel(topMatmul.backend, topMatmul.kind)} at n = ${topMatmul.n}, ` +
        `reached ${formatNumber(topMatmul.gflops.median)} GFLOP/s, ` +
        `${share(topMatmul.gflops.median / peak.fp32Gflops)} of the estimated FP32 peak of ${formatNumber(peak.fp32Gflops)} GFLOP/s`,
    );
  }
  if (topAdd) parts.push(addPart(topAdd, peak));
  if (topGpu) {
    parts.push(
      `on the GPU, ${backendLabel(topGpu.backend, topGpu.kind)} reached ${formatNumber(topGpu.gflops.median)} ` +
        `GFLOP/s at n = ${topGpu.n} (its own peak is not estimated here)`,
    );
  }
  if (parts.length === 0) return undefined;
  const text = parts.join('; ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** Throughput is "level" from the smallest batch reaching this share of the backend's best throughput. */
export const LEVEL_SHARE = 0.9;

export interface LevelOff {
  backend: string;
  kind: DeviceKind;
  /** The smallest batch within LEVEL_SHARE of the best, and its throughput. */
  batch: number;
  samplesPerSecond: number;
  /** The best throughput and the batch that reached it. */
  best: number;
  bestBatch: number;
  smallestBatch: number;
  largestBatch: number;
}

/** Per backend: the smallest batch whose round-trip throughput is within LEVEL_SHARE of the best it reached. */
export function levelOff(rows: BatchResult[]): LevelOff[] {
  const backends = [...new Set(rows.map((r) => r.backend))];
  return backends.map((name) => {
    const own = rows.filter((r) => r.backend === name).sort((a, b) => a.batch - b.batch);
    const top = best(own, (r) => r.samplesPerSecond.median)!;
    const level = own.find((r) => r.samplesPerSecond.median >= LEVEL_SHARE * top.samplesPerSecond.median)!;
    return {
      backend: name,
      kind: level.kind,
      batch: level.batch,
      samplesPerSecond: level.samplesPerSecond.median,
      best: top.samplesPerSecond.median,
      bestBatch: top.batch,
      smallestBatch: own[0].batch,
      largestBatch: own[own.length - 1].batch,
    };
  });
}

export function levelOffSentence(rows: BatchResult[]): string | undefined {
  const levels = levelOff(rows);
  if (levels.length === 0) return undefined;
  const parts = levels.map((l) => {
    const who = backendLabel(l.backend, l.kind);
    const single = rows.find((r) => r.backend === l.backend && r.batch === 1);
    const gain = single ? `, ${formatNumber(l.best / single.samplesPerSecond.median)}x batch 1` : '';
    const measured = rows.filter((r) => r.backend === l.backend).length;
    if (measured === 1) return `${who} ran only batch ${l.batch} (${formatNumber(l.best)} samples/s)`;
    if (l.batch === l.smallestBatch && l.bestBatch === l.batch) {
      return `${who} gained nothing from batching: its smallest batch, ${l.batch}, was also its fastest (${formatNumber(l.best)} samples/s)`;
    }
    if (l.batch === l.smallestBatch) {
      return (
        `${who} gained little from batching: batch ${l.batch} already reached ${formatNumber(l.samplesPerSecond)} samples/s, ` +
        `against a best of ${formatNumber(l.best)} at batch ${l.bestBatch}`
      );
    }
    return l.batch === l.largestBatch
      ? `${who} was still rising at the largest batch, ${l.batch} (${formatNumber(l.best)} samples/s${gain})`
      : `${who} levels off at batch ${l.batch} (${formatNumber(l.samplesPerSecond)} samples/s, best ${formatNumber(l.best)}${gain})`;
  });
  return `MLP inference throughput reaches ${pct(LEVEL_SHARE, 0)} of its best: ${parts.join('; ')}.`;
}

/** A matmul row whose result may be quoted: not checked against a bound, or within it at every sampled entry. */
export const passedCheck = (r: MatmulResult): boolean => !r.check?.failure;
