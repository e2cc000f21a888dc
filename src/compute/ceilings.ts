// The machine's ceilings for the roofline: memory bandwidth measured with large typed-array copies and adds, the
// last-level cache size (a working set that fits in it is served at cache speed, not memory speed), and an FP32 peak
// estimated from the CPU's announced vector width, reported clock and core count (an estimate: it assumes two fused
// multiply-add units per core busy every cycle at the reported clock; turbo clocks run higher, and some CPUs execute
// 512-bit instructions on 256-bit units). Tests: test/compute/ceilings.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mapSummary, type Summary } from '../core/stats.js';
import { measureSync, type TimingOptions } from '../core/timing.js';

export interface Fp32PeakEstimate {
  gflops: number;
  cores: number;
  ghz: number;
  flopsPerCycle: number;
  /** How the estimate was made, in words, e.g. "2 cores x 2.60 GHz x 64 FLOP/cycle (AVX-512, FMA, 2 units)". */
  basis: string;
}

/** What the CPU announces: /proc/cpuinfo on Linux, undefined elsewhere. */
export function readCpuinfo(): string | undefined {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Rule: vector bits = 512 with avx512f, 256 with avx2 or avx, 128 with sse2 (x86) or asimd/neon (Arm, and any arm64
 * without flags); lanes = bits / 32; x2 with FMA (fma flag, or asimd which always has it); x2 vector units per core.
 * The clock is /proc/cpuinfo's first "cpu MHz", else os.cpus()[0].speed.
 */
export function estimateFp32Peak(
  cpuinfo: string | undefined,
  cores: number,
  arch: string,
  fallbackMhz: number,
): Fp32PeakEstimate {
  const flagsLine = cpuinfo?.match(/^(?:flags|Features)\s*:\s*(.*)$/m)?.[1] ?? '';
  const flags = new Set(flagsLine.split(/\s+/).filter(Boolean));
  const mhz = Number(cpuinfo?.match(/^cpu MHz\s*:\s*([\d.]+)/m)?.[1] ?? NaN);
  const ghz = (Number.isFinite(mhz) && mhz > 0 ? mhz : fallbackMhz) / 1000;
  let bits = 64;
  let name = 'scalar';
  if (flags.has('avx512f')) [bits, name] = [512, 'AVX-512'];
  else if (flags.has('avx2') || flags.has('avx')) [bits, name] = [256, flags.has('avx2') ? 'AVX2' : 'AVX'];
  else if (flags.has('asimd') || flags.has('neon') || (arch === 'arm64' && flags.size === 0))
    [bits, name] = [128, 'NEON'];
  else if (flags.has('sse2')) [bits, name] = [128, 'SSE2'];
  const fma = flags.has('fma') || name === 'NEON';
  const units = 2;
  const flopsPerCycle = (bits / 32) * (fma ? 2 : 1) * units;
  const gflops = cores * ghz * flopsPerCycle;
  const basis =
    `${cores} core${cores === 1 ? '' : 's'} x ${ghz.toFixed(2)} GHz x ${flopsPerCycle} FLOP/cycle ` +
    `(${name}${fma ? ', FMA' : ''}, ${units} units per core assumed)`;
  return { gflops, cores, ghz, flopsPerCycle, basis };
}

/** The estimate for this machine. */
export function machineFp32Peak(): Fp32PeakEstimate {
  return estimateFp32Peak(readCpuinfo(), os.availableParallelism(), os.arch(), os.cpus()[0]?.speed ?? 0);
}

export interface CacheInfo {
  /** Size of the largest data or unified cache CPU 0 uses, in bytes. */
  bytes: number;
  /** Its level: 3 for an L3. */
  level: number;
}

/** A sysfs cache size such as "32768K", "1M" or "512": bytes, or undefined when it is not one. */
export function parseCacheSize(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([KMG]?)\s*$/i.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
}

/**
 * The last-level cache from Linux sysfs (<root>/indexN/{level,type,size}): the highest level that holds data
 * (instruction caches are skipped). Undefined where sysfs is absent (macOS, Windows): the report then says unknown.
 */
export function lastLevelCache(root = '/sys/devices/system/cpu/cpu0/cache'): CacheInfo | undefined {
  let best: CacheInfo | undefined;
  let entries: string[];
  try {
    entries = readdirSync(root).filter((e) => /^index\d+$/.test(e));
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    try {
      const read = (file: string) => readFileSync(path.join(root, entry, file), 'utf8').trim();
      if (read('type') === 'Instruction') continue;
      const level = Number(read('level'));
      const bytes = parseCacheSize(read('size'));
      if (bytes && Number.isInteger(level) && (!best || level > best.level)) best = { bytes, level };
    } catch {
      // An entry without these files says nothing about the cache.
    }
  }
  return best;
}

/** Whether a working set of `bytes` fits in the last-level cache (then it runs at cache speed, not memory speed). */
export type CacheFit = 'fits in cache' | 'exceeds cache' | 'cache size unknown';
export const cacheFit = (bytes: number, cacheBytes: number | undefined): CacheFit =>
  cacheBytes === undefined ? 'cache size unknown' : bytes <= cacheBytes ? 'fits in cache' : 'exceeds cache';

export interface Bandwidth {
  /** Bytes read plus bytes written per second (GB/s = 1e9 bytes/s). */
  gbPerSecond: Summary;
  /** Bytes read plus written per run; every byte is touched once, so this is also the working set. */
  bytesMoved: number;
}

/** Copy of `bytes` bytes between two typed arrays (dst.set(src), a memcpy): `bytes` read + `bytes` written per run. */
export function measureCopyBandwidth(bytes: number, options: TimingOptions): Bandwidth {
  const src = new Float64Array(Math.floor(bytes / 8));
  for (let i = 0; i < src.length; i++) src[i] = i;
  const dst = new Float64Array(src.length);
  const moved = src.byteLength * 2;
  const seconds = measureSync(() => dst.set(src), options);
  if (dst[dst.length - 1] !== src[src.length - 1]) throw new Error('copy bandwidth: the copy did not happen');
  return { gbPerSecond: mapSummary(seconds, (s) => moved / s / 1e9), bytesMoved: moved };
}

/** Float32 C = A + B moves 12 bytes per element (two 4-byte reads, one write): its working set and traffic. */
export const ADD_BYTES_PER_ELEMENT = 12;

/** c[i] = a[i] + b[i] over float32 arrays in a plain JavaScript loop: 12 bytes moved per element. */
export function measureAddBandwidth(bytes: number, options: TimingOptions): Bandwidth {
  const length = Math.floor(bytes / 4);
  const a = new Float32Array(length).fill(1);
  const b = new Float32Array(length).fill(2);
  const c = new Float32Array(length);
  const seconds = measureSync(() => {
    for (let i = 0; i < length; i++) c[i] = a[i] + b[i];
  }, options);
  if (c[length - 1] !== 3) throw new Error('add bandwidth: the sum is wrong');
  const moved = length * ADD_BYTES_PER_ELEMENT;
  return { gbPerSecond: mapSummary(seconds, (s) => moved / s / 1e9), bytesMoved: moved };
}

/**
 * The attainable GFLOP/s at an arithmetic intensity (FLOP per byte moved): min(compute peak, bandwidth x intensity).
 */
export function roof(peakGflops: number, bandwidthGbPerSecond: number, intensity: number): number {
  return Math.min(peakGflops, bandwidthGbPerSecond * intensity);
}

/** Minimum-traffic arithmetic intensity of float32 C = A x B (n x n): 2n^3 FLOP over 3n^2 x 4 bytes. */
export const matmulIntensity = (n: number): number => (2 * n ** 3) / (3 * n * n * 4);
/** Float32 C = A + B: 1 FLOP per 12 bytes. */
export const ADD_INTENSITY = 1 / ADD_BYTES_PER_ELEMENT;

export interface Ceilings {
  fp32: Fp32PeakEstimate;
  copy: Bandwidth;
  jsAdd: Bandwidth;
  /** The last-level cache, or undefined where the platform does not say. */
  cache: CacheInfo | undefined;
  /** The higher of the two measured bandwidths (GB/s), the roofline's slope. */
  bandwidthGbPerSecond: number;
  /** The working set (bytes) of the measurement that gave bandwidthGbPerSecond. */
  bandwidthWorkingSet: number;
}

/** Measures every ceiling once, at the start of the lab. */
export function measureCeilings(bytes: number, timing: TimingOptions): Ceilings {
  const options = { warmup: 1, repeats: timing.repeats };
  const copy = measureCopyBandwidth(bytes, options);
  const jsAdd = measureAddBandwidth(bytes, options);
  const top = copy.gbPerSecond.median >= jsAdd.gbPerSecond.median ? copy : jsAdd;
  return {
    fp32: machineFp32Peak(),
    copy,
    jsAdd,
    cache: lastLevelCache(),
    bandwidthGbPerSecond: top.gbPerSecond.median,
    bandwidthWorkingSet: top.bytesMoved,
  };
}
