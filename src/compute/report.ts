// Turns the lab's measurements into report tables, charts and findings. Every backend name shown carries its kind
// (cpu, gpu, software-gpu), every matmul row its number type; a result outside its error bound is a failed check,
// shown as FAILED and never as a speed. Tests: test/compute/lab.test.ts, test/compute/findings.test.ts,
// test/compute/float16-findings.test.ts, test/compute/webgpu-wgsl.test.ts, test/compute/report.test.ts.
import { lineChart, vegaLite, type ChartSpec } from '../core/charts.js';
import { table, type Row, type Table } from '../core/table.js';
import { formatBytes, formatNumber } from '../core/units.js';
import type { DtypeRow } from './dtypes.js';
import {
  crossover,
  crossoverSentence,
  fastestSentence,
  passedCheck,
  levelOffSentence,
  peakSentence,
  transferSentence,
  transferShare,
} from './findings.js';
import { float16Pairs, float16Sentence } from './float16-findings.js';
import { ADD_BYTES_PER_ELEMENT, ADD_INTENSITY, cacheFit, matmulIntensity, roof } from './ceilings.js';
import { MATMUL_CORNERS } from './reference.js';
import { MATMUL_RANDOM_CHECKS } from './sweeps.js';
import type { LabResult } from '../core/lab.js';
import type { ComputeExperiment } from './experiment.js';
import type { ComputeResults } from './run.js';
import { backendLabel, CPU_BACKEND_NAMES, matmulLabel } from './backends/names.js';
import { ERROR_BOUND_TEXT } from './backends/wgsl-matmul.js';
import type { MatmulResult } from './sweeps.js';

/** The float32 rows whose results passed their check: what the CPU-versus-accelerator findings compare. */
const float32Rows = (rows: MatmulResult[]) => rows.filter((m) => m.dtype === 'float32' && passedCheck(m));

/** The check column: passed, FAILED with the entry, or that only the largest error is shown. */
const checkText = (m: MatmulResult): string =>
  !m.check ? 'max error only' : m.check.failure ? `FAILED: ${m.check.failure}` : 'within bound';

export function computeTables(r: ComputeResults): Record<string, Table> {
  const peak = r.ceilings;
  const backends = table({
    title: 'Backends found on this machine',
    description:
      'Every backend the lab knows, loaded at run time. kind is cpu, gpu, or software-gpu (a GPU API run by CPU cores).',
    keys: ['backend'],
    columns: ['available', 'kind', 'device', 'version', 'reason', 'capabilities', 'float16', 'phases', 'note'],
    metrics: {},
    rows: r.probes.map((p) => ({
      backend: p.backend,
      available: p.available,
      kind: p.kind ?? 'unavailable',
      device: p.device,
      version: p.version,
      reason: p.reason,
      capabilities: p.capabilities ?? '',
      float16: p.float16,
      phases: p.phases,
      note: p.note,
    })),
  });
  const matmul = table({
    title: 'Matrix multiply C = A x B (n x n), compute phase',
    description:
      'dtype: the number type the multiply ran in (float32 on every backend; float16 on webgpu-wgsl where the ' +
      'adapter offers shader-f16, from the same float32 inputs rounded to float16). seconds: the multiply alone, ' +
      'inputs already in the backend. GFLOP/s = 2n^3 / seconds. maxAbsError: largest |C - float64 reference| over ' +
      `${MATMUL_RANDOM_CHECKS + MATMUL_CORNERS} sampled entries (the 4 corners and ${MATMUL_RANDOM_CHECKS} random ones). ` +
      `check (webgpu-wgsl): every sampled entry within its bound; errorBound is the bound at the entry with the ` +
      `largest error; ${ERROR_BOUND_TEXT}. A result outside its bound is FAILED and shows no seconds or GFLOP/s.`,
    keys: ['backend', 'dtype', 'n'],
    columns: ['kind', 'check'],
    metrics: {
      seconds: { unit: 's', better: 'lower' },
      gflops: { unit: 'GFLOP/s', better: 'higher' },
      maxAbsError: { unit: 'abs', better: 'lower' },
      errorBound: { unit: 'abs' },
    },
    rows: r.matmul.map((m) => ({
      backend: m.backend,
      dtype: m.dtype,
      n: m.n,
      kind: m.kind,
      check: checkText(m),
      seconds: passedCheck(m) ? m.compute : null,
      gflops: passedCheck(m) ? m.gflops : null,
      maxAbsError: m.maxAbsError,
      errorBound: m.check?.bound ?? null,
    })),
  });
  const float16 = table({
    title: 'float16 against float32 on the same kernel',
    description:
      'Where one backend ran both number types at one size (webgpu-wgsl: the same WGSL kernel, buffers and ' +
      'workgroup tiles in the given type, sums in float32), both passing their check. speedup = float32 compute ' +
      'time / float16 compute time, the Hodges-Lehmann estimate over the rounds (both types are timed in every ' +
      'round, so each round gives one log ratio; a Wilcoxon signed-rank interval), ' +
      'with its 95% interval (speedupLow to speedupHigh; empty when the rounds are too few); verdict: faster or ' +
      'slower only when that whole interval lies beyond ±2% (as `syslab compare` judges by default), within 2% ' +
      "when it excludes 1 but reaches inside ±2%, else can't tell. " +
      'Backends without float16 say why in the float16 column of the backends table.',
    keys: ['backend', 'n'],
    columns: ['kind', 'verdict'],
    metrics: {
      float32Seconds: { unit: 's', better: 'lower' },
      float16Seconds: { unit: 's', better: 'lower' },
      // Numbers computed from timings: sampled, so `syslab compare` never calls a change in them exact.
      speedup: { unit: 'ratio', kind: 'sampled', better: 'higher' },
      speedupLow: { unit: 'ratio', kind: 'sampled' },
      speedupHigh: { unit: 'ratio', kind: 'sampled' },
      float32Error: { unit: 'abs', better: 'lower' },
      float16Error: { unit: 'abs', better: 'lower' },
      float16Bound: { unit: 'abs' },
    },
    rows: float16Pairs(r.matmul).map((p) => ({
      backend: p.backend,
      n: p.n,
      kind: p.kind,
      verdict: ['faster', 'slower'].includes(p.comparison.verdict)
        ? `float16 ${p.comparison.verdict}`
        : p.comparison.verdict,
      float32Seconds: p.float32.compute,
      float16Seconds: p.float16.compute,
      speedup: p.comparison.speedup,
      speedupLow: p.comparison.interval?.[0] ?? null,
      speedupHigh: p.comparison.interval?.[1] ?? null,
      float32Error: p.float32.maxAbsError,
      float16Error: p.float16.maxAbsError,
      float16Bound: p.float16.check?.bound ?? null,
    })),
  });
  const transfer = table({
    title: 'Matmul phases: upload, compute, download',
    description:
      'Each round uploads A and B, multiplies, and downloads C; every phase is timed apart (see the backends ' +
      'table for what each phase is on each backend). moveShare = (upload + download) / round trip, by ' +
      'medians.',
    keys: ['backend', 'dtype', 'n'],
    columns: ['kind'],
    metrics: {
      upload: { unit: 's', better: 'lower' },
      compute: { unit: 's', better: 'lower' },
      download: { unit: 's', better: 'lower' },
      roundTrip: { unit: 's', better: 'lower' },
      moveShare: { unit: 'ratio', kind: 'sampled' },
    },
    rows: r.matmul.filter(passedCheck).map((m) => ({
      backend: m.backend,
      dtype: m.dtype,
      n: m.n,
      kind: m.kind,
      upload: m.upload,
      compute: m.compute,
      download: m.download,
      roundTrip: m.roundTrip,
      moveShare: transferShare(m),
    })),
  });
  const llc = peak.cache;
  const fitText = (bytes: number) => {
    const fit = cacheFit(bytes, llc?.bytes);
    return fit === 'fits in cache'
      ? 'fits in the last-level cache: cache bandwidth'
      : fit === 'exceeds cache'
        ? 'exceeds the last-level cache: memory bandwidth'
        : 'cache size unknown';
  };
  const peakTable = table({
    title: "The machine's ceilings",
    description:
      'Bandwidth counts bytes read plus bytes written, on one thread; workingSet is what one run touches, and ' +
      'only a working set larger than the last-level cache measures memory rather than cache. ' +
      'The FP32 peak is an estimate from the CPU flags, reported clock and core count, assuming two FMA units per core busy every cycle.',
    keys: ['quantity'],
    columns: ['basis'],
    metrics: {
      workingSet: { unit: 'B' },
      gbPerSecond: { unit: 'GB/s', better: 'higher' },
      gflops: { unit: 'GFLOP/s', better: 'higher' },
    },
    rows: [
      {
        quantity: 'bandwidth, typed-array copy',
        basis: `Float64Array dst.set(src), 1 thread; ${fitText(peak.copy.bytesMoved)}`,
        workingSet: peak.copy.bytesMoved,
        gbPerSecond: peak.copy.gbPerSecond,
        gflops: null,
      },
      {
        quantity: 'bandwidth, JavaScript add loop',
        basis:
          `c[i] = a[i] + b[i] over Float32Arrays, 12 bytes per element, 1 thread; ` +
          `${fitText(peak.jsAdd.bytesMoved)}; a JavaScript loop may be slower than the memory`,
        workingSet: peak.jsAdd.bytesMoved,
        gbPerSecond: peak.jsAdd.gbPerSecond,
        gflops: null,
      },
      {
        quantity: 'last-level cache',
        basis: llc ? `L${llc.level}, from Linux sysfs (cpu0)` : 'unknown on this platform',
        workingSet: llc?.bytes ?? null,
        gbPerSecond: null,
        gflops: null,
      },
      {
        quantity: 'FP32 peak (estimate)',
        basis: peak.fp32.basis,
        workingSet: null,
        gbPerSecond: null,
        gflops: peak.fp32.gflops,
      },
    ],
  });
  const rooflineRows = rooflinePoints(r).map(
    ({ backend, kind, op, size, workingSet, intensity, gflops, gbPerSecond, maxAbsError }) => {
      const ceiling = kind === 'gpu' ? null : roof(peak.fp32.gflops, peak.bandwidthGbPerSecond, intensity);
      // cache: a real GPU works from its own memory and caches, about which the CPU's last-level cache says nothing.
      return {
        backend,
        op,
        size,
        kind,
        cache: kind === 'gpu' ? null : cacheFit(workingSet, llc?.bytes),
        intensity,
        gflops,
        gbPerSecond,
        maxAbsError,
        roofGflops: ceiling,
        roofShare: ceiling ? gflops.median / ceiling : null,
        peakShare: kind === 'gpu' ? null : gflops.median / peak.fp32.gflops,
      } satisfies Row;
    },
  );
  const roofline = table({
    title: 'Roofline: matmul (compute-bound) versus elementwise add (memory-bound)',
    description:
      `intensity = FLOP per byte of minimum memory traffic. roof = min(FP32 peak, bandwidth x intensity) with ` +
      `the CPU's ceilings (${formatNumber(peak.fp32.gflops)} GFLOP/s, ` +
      `${formatNumber(peak.bandwidthGbPerSecond)} GB/s); a real GPU has its own roof, not estimated here. ` +
      `roofShare = GFLOP/s / roof and peakShare = GFLOP/s / FP32 peak, as fractions (1 = 100%). ` +
      "float32 matmul at the largest n run; add of the --add-length vector. cache: whether the op's working set fits " +
      'in the last-level cache; an add that fits reads cache, so it can pass a roof drawn with memory ' +
      'bandwidth.',
    keys: ['backend', 'op', 'size'],
    columns: ['kind', 'cache'],
    metrics: {
      intensity: { unit: 'FLOP/B' },
      gflops: { unit: 'GFLOP/s', better: 'higher' },
      gbPerSecond: { unit: 'GB/s', better: 'higher' },
      roofGflops: { unit: 'GFLOP/s', kind: 'sampled' },
      roofShare: { unit: 'ratio', kind: 'sampled', better: 'higher' },
      peakShare: { unit: 'ratio', kind: 'sampled', better: 'higher' },
      maxAbsError: { unit: 'abs', better: 'lower' },
    },
    rows: rooflineRows,
  });
  const batching = table({
    title: 'MLP inference (784-512-512-10, ReLU, softmax) versus batch size',
    description:
      'samplesPerSecond = batch / round trip (upload input, run, download output); computeSamplesPerSecond ' +
      'counts the run alone. maxAbsError against a float64 forward pass on up to 4 rows.',
    keys: ['backend', 'batch'],
    columns: ['kind'],
    metrics: {
      samplesPerSecond: { unit: 'samples/s', better: 'higher' },
      computeSamplesPerSecond: { unit: 'samples/s', better: 'higher' },
      latency: { unit: 's', better: 'lower' },
      maxAbsError: { unit: 'abs', better: 'lower' },
    },
    rows: r.batching.map((b) => ({
      backend: b.backend,
      batch: b.batch,
      kind: b.kind,
      samplesPerSecond: b.samplesPerSecond,
      computeSamplesPerSecond: b.computeSamplesPerSecond,
      latency: b.roundTrip,
      maxAbsError: b.maxAbsError,
    })),
  });
  const dtypes = table({
    title: 'Number types: size and what breaks',
    description:
      'Each row was computed in this run by the engine named. broken: the result differs from the exact answer.',
    keys: ['experiment', 'engine', 'input'],
    columns: ['dtype', 'result', 'exact', 'broken', 'note'],
    metrics: { bytesPerElement: { unit: 'B' }, relError: { unit: 'relative', better: 'lower' } },
    rows: r.dtypes.map((d) => ({ ...d })),
  });
  return { backends, matmul, float16, transfer, peak: peakTable, roofline, batching, dtypes };
}

/** One point per backend and op: float32 matmul at the largest size the backend ran, add at its length. */
export function rooflinePoints(r: ComputeResults) {
  const points = [];
  const matmul = float32Rows(r.matmul);
  for (const name of new Set(matmul.map((m) => m.backend))) {
    const own = matmul.filter((m) => m.backend === name).sort((a, b) => b.n - a.n)[0];
    const workingSet = 3 * own.n * own.n * 4;
    points.push({
      backend: own.backend,
      kind: own.kind,
      op: 'matmul',
      size: `n = ${own.n}`,
      workingSet,
      intensity: matmulIntensity(own.n),
      gflops: own.gflops,
      gbPerSecond: null,
      maxAbsError: own.maxAbsError,
    });
  }
  for (const a of r.add) {
    const workingSet = a.length * ADD_BYTES_PER_ELEMENT;
    points.push({
      backend: a.backend,
      kind: a.kind,
      op: 'add',
      size: `${a.length} elements`,
      workingSet,
      intensity: ADD_INTENSITY,
      gflops: a.gflops,
      gbPerSecond: a.gbPerSecond,
      maxAbsError: a.maxAbsError,
    });
  }
  return points;
}

function rooflineChart(r: ComputeResults): ChartSpec {
  const { fp32, bandwidthGbPerSecond, bandwidthWorkingSet, cache } = r.ceilings;
  const points = rooflinePoints(r).map((p) => ({
    backend: backendLabel(p.backend, p.kind),
    op: p.op,
    cache: cacheFit(p.workingSet, cache?.bytes),
    intensity: p.intensity,
    gflops: p.gflops.median,
  }));
  const lo = Math.min(ADD_INTENSITY / 2, ...points.map((p) => p.intensity / 2));
  const hi = Math.max((fp32.gflops / bandwidthGbPerSecond) * 4, ...points.map((p) => p.intensity * 2));
  const roofValues = Array.from({ length: 41 }, (_, i) => {
    const intensity = lo * (hi / lo) ** (i / 40);
    return { intensity, gflops: roof(fp32.gflops, bandwidthGbPerSecond, intensity) };
  });
  const x = {
    field: 'intensity',
    type: 'quantitative',
    scale: { type: 'log' },
    title: 'arithmetic intensity (FLOP per byte)',
  };
  const y = { field: 'gflops', type: 'quantitative', scale: { type: 'log' }, title: 'GFLOP/s' };
  return vegaLite({
    name: 'roofline',
    title: 'Roofline: CPU ceilings and what each backend reached',
    spec: {
      title: {
        text: 'Roofline: CPU ceilings and what each backend reached',
        anchor: 'start',
        subtitle: [
          `roof: min(${formatNumber(fp32.gflops)} GFLOP/s, ${formatNumber(bandwidthGbPerSecond)} GB/s x ` +
            `intensity), bandwidth measured on ${formatBytes(bandwidthWorkingSet)}`,
          cache
            ? `an op whose working set fits in the ${formatBytes(cache.bytes)} last-level cache can pass the sloped roof`
            : 'an op whose working set fits in cache can pass the sloped roof',
        ],
      },
      width: 480,
      height: 300,
      layer: [
        { data: { values: roofValues }, mark: { type: 'line', color: '#555' }, encoding: { x, y } },
        {
          data: { values: points },
          mark: { type: 'point', filled: true, size: 90 },
          encoding: {
            x,
            y,
            color: { field: 'backend', type: 'nominal' },
            shape: { field: 'op', type: 'nominal' },
            tooltip: [{ field: 'backend' }, { field: 'op' }, { field: 'gflops' }, { field: 'cache' }],
          },
        },
      ],
    },
  });
}

export function computeCharts(r: ComputeResults): ChartSpec[] {
  const matmulRows = r.matmul.filter(passedCheck).map((m) => ({
    backend: matmulLabel(m.backend, m.kind, m.dtype),
    n: m.n,
    gflops: m.gflops.median,
    roundTrip: m.roundTrip.median,
  }));
  const charts: ChartSpec[] = [];
  if (matmulRows.length) {
    charts.push(
      lineChart({
        name: 'matmul-gflops',
        title: 'Matmul GFLOP/s versus size (compute phase)',
        rows: matmulRows,
        x: 'n',
        y: 'gflops',
        color: 'backend',
        xScale: 'log',
        yScale: 'log',
        xTitle: 'n (matrix side)',
        yTitle: 'GFLOP/s',
      }),
    );
    charts.push(
      lineChart({
        name: 'matmul-round-trip',
        title: 'Matmul round trip (upload + compute + download)',
        rows: matmulRows,
        x: 'n',
        y: 'roundTrip',
        color: 'backend',
        xScale: 'log',
        yScale: 'log',
        xTitle: 'n (matrix side)',
        yTitle: 'seconds',
      }),
    );
  }
  // No point to draw (--dtypes float16 on a matmul-only backend): no roofline rather than an empty chart.
  if (rooflinePoints(r).length) charts.push(rooflineChart(r));
  const batchRows = r.batching.map((b) => ({
    backend: backendLabel(b.backend, b.kind),
    batch: b.batch,
    samplesPerSecond: b.samplesPerSecond.median,
  }));
  if (batchRows.length) {
    charts.push(
      lineChart({
        name: 'batching',
        title: 'MLP inference throughput versus batch size',
        rows: batchRows,
        x: 'batch',
        y: 'samplesPerSecond',
        color: 'backend',
        xScale: 'log',
        yScale: 'log',
        xTitle: 'batch size',
        yTitle: 'samples per second',
      }),
    );
  }
  return charts;
}

function dtypeSentence(rows: DtypeRow[]): string | undefined {
  const parts: string[] = [];
  const f24 = rows.filter((d) => d.experiment === 'float32 2^24 + 1');
  const rounded = f24.filter((d) => d.result === String(2 ** 24));
  if (f24.length)
    parts.push(
      `2^24 + 1 in float32 gave 16777216 on ${rounded.length} of ${f24.length} engines (${f24.map((d) => `${d.engine}: ${d.result}`).join(', ')})`,
    );
  const infs = rows.filter((d) => d.experiment === 'inf - inf');
  if (infs.length)
    parts.push(`Infinity + -Infinity gave NaN on ${infs.filter((d) => d.result === 'NaN').length} of ${infs.length}`);
  const wrap = rows.find((d) => d.experiment === 'int32 overflow');
  if (wrap) parts.push(`2147483647 + 1 in int32 gave ${wrap.result}`);
  const f16 = rows.filter((d) => d.experiment === 'float16 round trip' && d.result !== 'not run');
  const uniform = f16.find((d) => d.input.startsWith('worst of'));
  if (uniform?.relError != null)
    parts.push(`float16 kept values in [-1, 1) to within a relative ${uniform.relError.toExponential(2)}`);
  const lost = f16.filter((d) => d.result === 'Infinity' || (d.result === '0' && d.exact !== '0'));
  if (lost.length) parts.push(`but turned ${lost.map((d) => `${d.input} into ${d.result}`).join(' and ')}`);
  return parts.length ? `Number types: ${parts.join('; ')}.` : undefined;
}

/**
 * The crossover sentence, unless no float32 matmul ran on an accelerator that did load: then it says why there is none
 * rather than that no accelerator was available (--dtypes float16; sizes above the software-GPU cap; failed checks;
 * --backends naming CPU backends only).
 */
function crossoverFinding(r: ComputeResults, float32: MatmulResult[]): string {
  if (!r.matmulDtypes.includes('float32'))
    return 'No float32 matmul ran (--dtypes has no float32), so there is no CPU-versus-accelerator crossover to report.';
  const found = crossover(float32);
  const loaded = r.probes.filter((p) => p.available && p.kind && p.kind !== 'cpu');
  // A backend that did not load counts as an accelerator tried unless it is one of the CPU-only ones.
  const tried = r.probes.some((p) => (p.available ? p.kind !== 'cpu' : !CPU_BACKEND_NAMES.includes(p.backend)));
  if (found.status === 'no-accelerator' && !tried)
    return 'Only CPU backends were asked for (--backends), so there is no CPU-versus-accelerator crossover to report.';
  if (found.status === 'no-accelerator' && loaded.length)
    return (
      `${loaded.map((p) => p.backend).join(', ')} loaded but left no float32 matmul result to compare (the ` +
      "backends table's notes say why), so there is no CPU-versus-accelerator crossover to report."
    );
  return crossoverSentence(found);
}

export function computeFindings(r: ComputeResults): string[] {
  const unavailable = r.probes.filter((p) => !p.available);
  const software = r.probes.filter((p) => p.kind === 'software-gpu');
  const matmul = float32Rows(r.matmul);
  const failed = r.matmul.filter((m) => !passedCheck(m));
  const found = [
    ...failed.map(
      (m) =>
        `FAILED check: ${matmulLabel(m.backend, m.kind, m.dtype)} matmul at n = ${m.n}: ${m.check?.failure}; ` +
        'its result is wrong, so its speed is not reported.',
    ),
    unavailable.length
      ? `Unavailable on this machine: ${unavailable.map((p) => `${p.backend} (${p.reason})`).join('; ')}.`
      : undefined,
    software.length
      ? `${software.map((p) => p.backend).join(', ')} ran on a software GPU ` +
        `(${[...new Set(software.map((p) => p.device))].join('; ')}): its "GPU" is CPU cores.`
      : undefined,
    fastestSentence(matmul),
    crossoverFinding(r, matmul),
    transferSentence(matmul),
    float16Sentence(r.matmul, r.probes, r.matmulDtypes),
    peakSentence(matmul, r.add, {
      fp32Gflops: r.ceilings.fp32.gflops,
      bandwidthGbPerSecond: r.ceilings.bandwidthGbPerSecond,
      bandwidthWorkingSet: r.ceilings.bandwidthWorkingSet,
      cacheBytes: r.ceilings.cache?.bytes,
    }),
    levelOffSentence(r.batching),
    dtypeSentence(r.dtypes),
  ];
  return found.filter((f): f is string => f !== undefined);
}

/**
 * The whole report. A student backend whose matmul is wrong is FAILED: marked in the backends table, left out of the
 * "fastest" and "best" findings, listed first, and named in `failed` (the lab exits 3).
 */
export async function computeReport({ results, studentBackends }: ComputeExperiment): Promise<LabResult> {
  const { backendFailures } = await import('./backends/load-file.js');
  const failures = backendFailures(results.matmul, studentBackends);
  if (!failures.length) {
    return { tables: computeTables(results), charts: computeCharts(results), findings: computeFindings(results) };
  }
  const bad = new Set(failures.map((f) => f.backend));
  for (const probe of results.probes) if (bad.has(probe.backend)) probe.note = `FAILED ${probe.note}`.trim();
  const keep = <T extends { backend: string }>(rows: T[]): T[] => rows.filter((r) => !bad.has(r.backend));
  const trusted = {
    ...results,
    matmul: keep(results.matmul),
    add: keep(results.add),
    batching: keep(results.batching),
  };
  return {
    tables: computeTables(results),
    charts: computeCharts(results),
    findings: [...failures.map((f) => `FAILED: ${f.reason}`), ...computeFindings(trusted)],
    failed: failures.map((f) => f.reason),
  };
}
