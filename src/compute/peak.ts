// The machine's ceilings for the roofline: memory bandwidth measured with large typed-array copies and adds, and an
// FP32 peak estimated from the CPU's announced vector width, reported clock and core count (an estimate: it assumes
// two fused multiply-add units per core busy every cycle at the reported clock; turbo clocks run higher, and some
// CPUs execute 512-bit instructions on 256-bit units). Tests: test/compute/peak.test.ts.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { mapSummary, measureSync, type MeasureOptions, type Summary } from '../core/stats.js';

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
export function estimateFp32Peak(cpuinfo: string | undefined, cores: number, arch: string, fallbackMhz: number): Fp32PeakEstimate {
  const flagsLine = cpuinfo?.match(/^(?:flags|Features)\s*:\s*(.*)$/m)?.[1] ?? '';
  const flags = new Set(flagsLine.split(/\s+/).filter(Boolean));
  const mhz = Number(cpuinfo?.match(/^cpu MHz\s*:\s*([\d.]+)/m)?.[1] ?? NaN);
  const ghz = (Number.isFinite(mhz) && mhz > 0 ? mhz : fallbackMhz) / 1000;
  let bits = 64;
  let name = 'scalar';
  if (flags.has('avx512f')) [bits, name] = [512, 'AVX-512'];
  else if (flags.has('avx2') || flags.has('avx')) [bits, name] = [256, flags.has('avx2') ? 'AVX2' : 'AVX'];
  else if (flags.has('asimd') || flags.has('neon') || (arch === 'arm64' && flags.size === 0)) [bits, name] = [128, 'NEON'];
  else if (flags.has('sse2')) [bits, name] = [128, 'SSE2'];
  const fma = flags.has('fma') || name === 'NEON';
  const units = 2;
  const flopsPerCycle = (bits / 32) * (fma ? 2 : 1) * units;
  const gflops = cores * ghz * flopsPerCycle;
  const basis = `${cores} core${cores === 1 ? '' : 's'} x ${ghz.toFixed(2)} GHz x ${flopsPerCycle} FLOP/cycle (${name}${fma ? ', FMA' : ''}, ${units} units per core assumed)`;
  return { gflops, cores, ghz, flopsPerCycle, basis };
}

/** The estimate for this machine. */
export function machineFp32Peak(): Fp32PeakEstimate {
  return estimateFp32Peak(readCpuinfo(), os.availableParallelism(), os.arch(), os.cpus()[0]?.speed ?? 0);
}

export interface Bandwidth {
  /** Bytes read plus bytes written per second (GB/s = 1e9 bytes/s). */
  gbPerSecond: Summary;
  bytesMoved: number;
}

/** Copy of `bytes` bytes between two typed arrays (dst.set(src), a memcpy): `bytes` read + `bytes` written per run. */
export function measureCopyBandwidth(bytes: number, options: MeasureOptions): Bandwidth {
  const src = new Float64Array(Math.floor(bytes / 8));
  for (let i = 0; i < src.length; i++) src[i] = i;
  const dst = new Float64Array(src.length);
  const moved = src.byteLength * 2;
  const seconds = measureSync(() => dst.set(src), options);
  if (dst[dst.length - 1] !== src[src.length - 1]) throw new Error('copy bandwidth: the copy did not happen');
  return { gbPerSecond: mapSummary(seconds, (s) => moved / s / 1e9), bytesMoved: moved };
}

/** c[i] = a[i] + b[i] over float32 arrays in a plain JavaScript loop: 12 bytes moved per element. */
export function measureAddBandwidth(bytes: number, options: MeasureOptions): Bandwidth {
  const length = Math.floor(bytes / 4);
  const a = new Float32Array(length).fill(1);
  const b = new Float32Array(length).fill(2);
  const c = new Float32Array(length);
  const seconds = measureSync(() => {
    for (let i = 0; i < length; i++) c[i] = a[i]! + b[i]!;
  }, options);
  if (c[length - 1] !== 3) throw new Error('add bandwidth: the sum is wrong');
  return { gbPerSecond: mapSummary(seconds, (s) => (length * 12) / s / 1e9), bytesMoved: length * 12 };
}

/** The attainable GFLOP/s at an arithmetic intensity (FLOP per byte moved): min(compute peak, bandwidth x intensity). */
export function roof(peakGflops: number, bandwidthGbPerSecond: number, intensity: number): number {
  return Math.min(peakGflops, bandwidthGbPerSecond * intensity);
}

/** Minimum-traffic arithmetic intensity of float32 C = A x B (n x n): 2n^3 FLOP over 3n^2 x 4 bytes. */
export const matmulIntensity = (n: number): number => (2 * n ** 3) / (3 * n * n * 4);
/** Float32 C = A + B: 1 FLOP per 12 bytes (two reads, one write). */
export const ADD_INTENSITY = 1 / 12;
