// What differs between runs before anything is judged: params and seed per lab (which makes exact metrics expected
// to change), machine (CPU, cores, memory, OS), Node and library versions, the load average and calibration time
// recorded at the start of each run, and warnings (timings across machines, a busy machine, old reports).
// Tests: test/core/compare.test.ts.
import type { NamedRun } from './compare-load.js';
import { InputError } from './errors.js';
import type { MachineInfo } from './machine.js';
import type { Report } from './report.js';
import { formatBytes } from './units.js';
import { listText } from './words.js';

export interface Header {
  /** One sentence per difference found ("lab 03: seed 1 (A) vs 2 (B)"); "no differences" is said by the renderer. */
  differences: string[];
  /** Facts shown even when equal: load average and calibration per run. */
  facts: string[];
  warnings: string[];
  /** Per lab id and other run name: why exact metrics are expected to change ("seed differs"), if they are. */
  expected: Record<string, Record<string, string>>;
  /** Per lab id and other run name: the factor B's timings are multiplied by under --normalize. */
  scale: Record<string, Record<string, number>>;
}

const show = (v: unknown): string =>
  v === undefined || v === null
    ? '(none)'
    : Array.isArray(v)
      ? v.map((x) => show(x)).join(',')
      : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : JSON.stringify(v);

function machineFacts(m: MachineInfo): Record<string, string> {
  return {
    CPU: m.cpuModel,
    cores: String(m.cpuCount),
    memory: formatBytes(m.memoryBytes),
    OS: `${m.platform} ${m.arch}`,
    host: m.hostname,
    Node: m.node,
  };
}

const load1 = (r: Report) => r.machine.loadAverage?.[0];
const calib = (r: Report) => r.machine.calibration?.seconds.median;

/** The header of a comparison of `runs` against runs[base]. */
export function compareHeader(runs: NamedRun[], base: number, normalize: boolean): Header {
  const h: Header = { differences: [], facts: [], warnings: [], expected: {}, scale: {} };
  const baseRun = runs[base];
  const others = runs.filter((_, i) => i !== base);
  // Params and seed, lab by lab.
  for (const ra of baseRun.reports) {
    h.expected[ra.lab.id] = {};
    h.scale[ra.lab.id] = {};
    for (const other of others) {
      const rb = other.reports.find((r) => r.lab.id === ra.lab.id);
      if (!rb) continue;
      const keys = [...new Set([...Object.keys(ra.params), ...Object.keys(rb.params)])];
      const differing = keys.filter((k) => JSON.stringify(ra.params[k]) !== JSON.stringify(rb.params[k]));
      if (differing.length) {
        h.differences.push(
          `lab ${ra.lab.id} params: ${differing
            .map((k) => `${k} ${show(ra.params[k])} (${baseRun.name}) vs ${show(rb.params[k])} (${other.name})`)
            .join('; ')}`,
        );
        h.expected[ra.lab.id][other.name] = differing.includes('seed')
          ? differing.length === 1
            ? 'seed differs'
            : `seed and params differ (${listText(differing.filter((k) => k !== 'seed'))})`
          : `params differ (${listText(differing)})`;
      }
      if (normalize) {
        const ca = calib(ra);
        const cb = calib(rb);
        if (ca === undefined || cb === undefined)
          throw new InputError(
            `--normalize needs the calibration every newer report records; ` +
              `lab ${ra.lab.id} of ${ca === undefined ? baseRun.name : other.name} has none (rerun it)`,
          );
        h.scale[ra.lab.id][other.name] = ca / cb;
      }
    }
  }
  // Machine, Node and libraries: from each run's first report.
  const machineOf = (run: NamedRun) => run.reports[0].machine;
  const baseFacts = machineFacts(machineOf(baseRun));
  let acrossMachines = false;
  for (const other of others) {
    const facts = machineFacts(machineOf(other));
    for (const [field, value] of Object.entries(facts)) {
      if (value === baseFacts[field]) continue;
      h.differences.push(`${field}: ${baseFacts[field]} (${baseRun.name}) vs ${value} (${other.name})`);
      if (field === 'CPU' || field === 'cores' || field === 'host') acrossMachines = true;
    }
    const libsA = Object.assign({}, ...baseRun.reports.map((r) => r.machine.libraries)) as Record<string, string>;
    const libsB = Object.assign({}, ...other.reports.map((r) => r.machine.libraries)) as Record<string, string>;
    for (const lib of Object.keys(libsA).filter((l) => l in libsB && libsA[l] !== libsB[l]))
      h.differences.push(`${lib}: ${libsA[lib]} (${baseRun.name}) vs ${libsB[lib]} (${other.name})`);
  }
  if (acrossMachines)
    h.warnings.push(
      normalize
        ? 'Timings come from different machines; they are rescaled by each run’s calibration time (--normalize), ' +
            'which corrects for raw speed but not for different caches, cores or memory.'
        : 'Timings come from different machines: a ratio mixes the change in the code with the change of machine ' +
            '(--normalize rescales by a calibration workload).',
    );
  // Load average and calibration at the start of each run.
  const range = (xs: Array<number | undefined>, fmt: (x: number) => string) => {
    const known = xs.filter((x): x is number => x !== undefined);
    if (known.length === 0) return 'not recorded';
    const lo = Math.min(...known);
    const hi = Math.max(...known);
    return lo === hi ? fmt(lo) : `${fmt(lo)}-${fmt(hi)}`;
  };
  h.facts.push(
    `load average at start (1 min): ${runs.map((r) => `${r.name} ${range(r.reports.map(load1), (x) => x.toFixed(2))}`).join(', ')}`,
  );
  h.facts.push(
    `calibration time at start (a fixed sort; lower is a faster machine): ${runs
      .map((r) => `${r.name} ${range(r.reports.map(calib), (x) => `${(x * 1000).toFixed(1)} ms`)}`)
      .join(', ')}`,
  );
  for (const run of runs) {
    const busiest = Math.max(...run.reports.map((r) => load1(r) ?? 0));
    const cores = machineOf(run).cpuCount;
    if (busiest > cores / 2)
      h.warnings.push(
        `${run.name} started with a load average of ${busiest.toFixed(2)} on ${cores} cores: ` +
          'other work was running, and its timings may be slower and noisier.',
      );
    if (run.reports.some((r) => r.machine.loadAverage === undefined))
      h.warnings.push(`${run.name} has reports from before load averages were recorded; its load is unknown.`);
  }
  return h;
}
