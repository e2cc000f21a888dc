// Lab 06's experiment: checks the parameters that span options (lowering defaults a small cluster or input cannot
// honour, and saying so), loads a student's placement policy, then runs the walk-through on DataNode folders beside
// the report (fsck.txt too), the balance and failure sweeps and the throughput timings on scratch space, and
// computes the overhead and NameNode memory rows. Returns plain data for src/hdfs/report.ts.
// Tests: test/hdfs/experiment.test.ts, test/hdfs/lab.test.ts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { Progress } from '../core/progress.js';
import type { Rng } from '../core/rng.js';
import { formatBytes } from '../core/units.js';
import { plural } from '../core/words.js';
import { readInput, seededBytes } from './input.js';
import { namenodeMemoryRows, overheadRows, type MemoryRow, type OverheadRow } from './overhead.js';
import { hdfsParams, type HdfsParams } from './params.js';
import { loadPlacementFile, type SandboxedPlacement } from './placement-file.js';
import { BUILTIN_POLICIES, BUILTIN_POLICY_NAMES, type PlacementFactory } from './placement.js';
import { runScenario, type FsckRun, type ScenarioResult } from './scenario.js';
import { balanceSpread, runSweep, type BalanceRow, type FailureRow, type SpreadRow } from './sweep.js';
import { measureThroughput, type Throughput } from './throughput.js';
import { buildTopology } from './topology.js';

export interface HdfsEnv {
  quick: boolean;
  rng: Rng;
  /** The lab's output folder: the walk-through's DataNode folders and fsck.txt go here. */
  outDir: string;
  scratchDir: string;
  log: (message: string) => void;
  progress: (label: string, total: number) => Progress;
}

export interface HdfsResult {
  /** The parameters as used: the given ones, with defaults lowered where this cluster or input needs it. */
  used: HdfsParams;
  /** One sentence per lowered default: which, from what to what, and why. */
  adjusted: string[];
  fileBytes: number;
  hdfsPath: string;
  policyName: string;
  policies: string[];
  outDir: string;
  scenario: ScenarioResult;
  sweepReplications: number[];
  /** The replication factor the balance chart and finding show. */
  chartReplication: number;
  failureOrder: string[];
  balance: BalanceRow[];
  spread: SpreadRow[];
  failures: FailureRow[];
  overhead: OverheadRow[];
  memory: MemoryRow[];
  throughput: Throughput;
}

type Key = keyof typeof hdfsParams;

/** Whether a parameter holds its default (the quick default under --quick): the user most likely left it out. */
function isDefault(o: HdfsParams, key: Key, quick: boolean): boolean {
  const spec: { default: unknown; quick?: unknown } = hdfsParams[key];
  const fallback = quick && spec.quick !== undefined ? spec.quick : spec.default;
  return JSON.stringify(o[key]) === JSON.stringify(fallback);
}

const lowered = (flag: string, from: number | number[], to: number | number[], why: string): string =>
  `--${flag} was lowered from its default ${String(from)} to ${String(to)}: ${why}.`;

/**
 * Lowers the defaults a small cluster cannot honour (racks, replication factors and failures beyond --nodes, a block
 * size that is not a whole number of checksum chunks); a value the user gave stays, to be checked as given.
 */
export function fitDefaults(given: HdfsParams, quick: boolean): { used: HdfsParams; adjusted: string[] } {
  const o = { ...given };
  const adjusted: string[] = [];
  const left = (key: Key) => isDefault(given, key, quick);
  const few = `there ${o.nodes === 1 ? 'is' : 'are'} only ${plural(o.nodes, 'DataNode')} (--nodes ${o.nodes})`;
  if (o.racks > o.nodes && left('racks')) {
    adjusted.push(lowered('racks', o.racks, o.nodes, few));
    o.racks = o.nodes;
  }
  if (o.replication > o.nodes && left('replication')) {
    adjusted.push(lowered('replication', o.replication, o.nodes, few));
    o.replication = o.nodes;
  }
  const fitting = o.sweepReplications.filter((r) => r <= o.nodes);
  if (fitting.length < o.sweepReplications.length && left('sweepReplications')) {
    adjusted.push(lowered('sweep-replications', o.sweepReplications, fitting, few));
    o.sweepReplications = fitting;
  }
  if (o.fail >= o.nodes && left('fail')) {
    adjusted.push(lowered('fail', o.fail, o.nodes - 1, `one DataNode must survive, and ${few}`));
    o.fail = o.nodes - 1;
  }
  if (o.blockSize % o.bytesPerChecksum !== 0 && left('blockSize')) {
    const whole = Math.max(1, Math.floor(o.blockSize / o.bytesPerChecksum)) * o.bytesPerChecksum;
    const why = `a block holds whole checksum chunks of ${o.bytesPerChecksum} bytes (--bytes-per-checksum)`;
    adjusted.push(lowered('block-size', o.blockSize, whole, why));
    o.blockSize = whole;
  }
  return { used: o, adjusted };
}

/** The one-line complaint about a combination of given values, or undefined when they fit together. */
function conflict(o: HdfsParams): string | undefined {
  if (o.racks > o.nodes) return `--racks ${o.racks} exceeds --nodes ${o.nodes}; allowed: 1 to ${o.nodes}`;
  const names = buildTopology(o.nodes, o.racks).map((n) => n.name);
  for (const r of [o.replication, ...o.sweepReplications]) {
    if (r > o.nodes) {
      return `replication ${r} exceeds --nodes ${o.nodes}: replicas must be on distinct DataNodes; allowed: 1 to ${o.nodes}`;
    }
  }
  if (o.fail >= o.nodes) {
    return `--fail ${o.fail}: at least one of the ${o.nodes} DataNodes must survive; allowed: 0 to ${o.nodes - 1}`;
  }
  if (o.blockSize % o.bytesPerChecksum !== 0) {
    return (
      `--block-size ${o.blockSize} is not a multiple of --bytes-per-checksum ${o.bytesPerChecksum}; HDFS requires ` +
      'whole checksum chunks per block'
    );
  }
  if (o.writer !== undefined && !names.includes(o.writer)) {
    return (
      `--writer "${o.writer}" is not a DataNode; allowed: ${names[0]} to ${names[names.length - 1]}, or leave it ` +
      'out for a client outside the cluster'
    );
  }
  if (o.placement === 'file' && o.placementFile === undefined)
    return '--placement file needs --placement-file <path.ts>';
  return undefined;
}

/** The fsck reports of the walk-through as `hdfs fsck` prints them, one after another, for fsck.txt. */
export function fsckText(s: ScenarioResult): string {
  const stages: [string, FsckRun][] = [
    ['before failures', s.fsckBefore],
    ['after failures', s.fsckAfterFailures],
    ['after re-replication', s.fsckAfterRepair],
  ];
  return stages
    .map(([stage, run]) => `==== hdfs fsck / -files -blocks -locations (${stage}) ====\n${run.text}`)
    .join('\n');
}

export async function runHdfsExperiment(given: HdfsParams, env: HdfsEnv): Promise<HdfsResult> {
  const { used: o, adjusted } = fitDefaults(given, env.quick);
  const sweepReplications = [...new Set(o.sweepReplications)].sort((a, b) => a - b); // one row per key
  const problem = conflict({ ...o, sweepReplications });
  if (problem) throw new InputError(problem);
  const names = buildTopology(o.nodes, o.racks).map((n) => n.name);
  for (const line of adjusted) env.log(line);

  const policies: { name: string; factory: PlacementFactory }[] = BUILTIN_POLICY_NAMES.map((name) => ({
    name,
    factory: BUILTIN_POLICIES[name],
  }));
  let filePolicy: SandboxedPlacement | undefined;
  try {
    if (o.placementFile !== undefined) {
      filePolicy = await loadPlacementFile(o.placementFile);
      const name = filePolicy().name;
      if (policies.some((x) => x.name === name)) {
        throw new InputError(
          `placement file "${o.placementFile}": policy name "${name}" clashes with a built-in policy; allowed: any ` +
            'other name',
        );
      }
      policies.push({ name, factory: filePolicy });
    }
    const mainPolicy = o.placement === 'file' ? filePolicy : BUILTIN_POLICIES[o.placement];
    if (!mainPolicy) throw new Error('--placement file without a loaded --placement-file'); // conflict() stops this
    const policyName = mainPolicy().name;

    const data = o.input !== undefined ? readInput(o.input) : seededBytes(o.size, env.rng.fork('data'));
    const fileName = o.input !== undefined ? path.basename(o.input).replace(/[^A-Za-z0-9._-]/g, '_') : 'data.bin';
    const hdfsPath = `/user/syslab/${fileName}`;
    const cluster = {
      nodes: o.nodes,
      racks: o.racks,
      blockSize: o.blockSize,
      bytesPerChecksum: o.bytesPerChecksum,
      writer: o.writer,
    };

    // 1. The walk-through, on DataNode folders kept beside the report.
    env.log(
      `walk-through: ${formatBytes(data.length)} into ${formatBytes(o.blockSize)} blocks, replication ` +
        `${o.replication}, ${o.nodes} DataNodes on ${o.racks} rack(s), policy ${policyName}`,
    );
    const scenario = runScenario({
      ...cluster,
      dir: path.join(env.outDir, 'cluster'),
      data,
      path: hdfsPath,
      replication: o.replication,
      policy: mainPolicy,
      fail: o.fail,
      corrupt: o.corrupt,
      // The default --corrupt may exceed the replicas a small file keeps; a given one is checked as given.
      corruptAtMost: isDefault(o, 'corrupt', env.quick),
      rng: env.rng.fork('scenario'),
    });
    if (scenario.corrupted.length < o.corrupt) {
      const line =
        `--corrupt was lowered from its default ${o.corrupt} to ${scenario.corrupted.length}: only ` +
        `${plural(scenario.corrupted.length, 'replica')} of the file's ${plural(scenario.blocks.length, 'block')} ` +
        `survived the ${plural(o.fail, 'failed DataNode')}.`;
      adjusted.push(line);
      env.log(line);
    }
    writeFileSync(path.join(env.outDir, 'fsck.txt'), fsckText(scenario));
    env.log('fsck reports: fsck.txt beside the report, and its sections');

    // 2. Balance and failures, per policy and replication factor, on scratch space.
    const failureOrder = env.rng.fork('failure-order').shuffle([...names]);
    const sweep = runSweep({
      ...cluster,
      dir: path.join(env.scratchDir, 'sweep'),
      data,
      policies,
      replications: sweepReplications,
      failureOrder,
      rng: env.rng.fork('sweep'),
      progress: env.progress,
    });

    // 3. Throughput.
    env.log(`timing writes, reads and CRC32C (${o.repeats} repeats)`);
    const throughput = measureThroughput({
      ...cluster,
      dir: path.join(env.scratchDir, 'throughput'),
      data,
      replication: o.replication,
      policy: mainPolicy,
      rng: env.rng.fork('throughput'),
      repeats: o.repeats,
    });

    const measured = sweep.storage.filter((x) => x.policy === 'default');
    return {
      used: { ...o, corrupt: scenario.corrupted.length },
      adjusted,
      fileBytes: data.length,
      hdfsPath,
      policyName,
      policies: policies.map((x) => x.name),
      outDir: env.outDir,
      scenario,
      sweepReplications,
      chartReplication: sweepReplications.includes(o.replication) ? o.replication : sweepReplications[0],
      failureOrder,
      balance: sweep.balance,
      spread: balanceSpread(sweep.balance),
      failures: sweep.failures,
      overhead: overheadRows(measured, data.length, o.smallFileSize),
      memory: namenodeMemoryRows(o.datasetSize, o.smallFileSize),
      throughput,
    };
  } finally {
    filePolicy?.close(); // the student's policy worker
  }
}
