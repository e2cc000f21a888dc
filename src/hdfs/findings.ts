// Lab 06's findings: sentences computed from the walk-through, the sweeps, the throughput runs and the overhead
// tables of this run, never written ahead. Called by src/hdfs/report.ts. Tests: test/hdfs/findings.test.ts.
import { formatBytes, formatNumber, pct } from '../core/units.js';
import { listText, plural, times } from '../core/words.js';
import type { MemoryRow, OverheadRow } from './overhead.js';
import type { ScenarioResult } from './scenario.js';
import type { FailureRow, SpreadRow } from './sweep.js';
import type { Throughput } from './throughput.js';

export interface FindingsInput {
  fileBytes: number;
  blockSize: number;
  replication: number;
  bytesPerChecksum: number;
  nodes: number;
  scenario: ScenarioResult;
  /** The replication factor the balance chart shows. */
  chartReplication: number;
  spread: readonly SpreadRow[];
  policies: readonly string[];
  replications: readonly number[];
  failures: readonly FailureRow[];
  throughput: Throughput;
  overhead: readonly OverheadRow[];
  memory: readonly MemoryRow[];
  datasetSize: number;
  smallFileSize: number;
}

function writeFinding(i: FindingsInput): string {
  const s = i.scenario;
  const last = s.blocks[s.blocks.length - 1];
  const lastText = last && last.length !== i.blockSize ? ` (the last ${formatBytes(last.length)})` : '';
  return (
    `The ${formatBytes(i.fileBytes)} file became ${plural(s.blocks.length, 'block')} of ${formatBytes(i.blockSize)}` +
    `${lastText}; with replication ${i.replication} the DataNodes hold ${formatBytes(s.stored.data)} of block ` +
    `files (${times(s.stored.data / i.fileBytes)}) plus ${formatBytes(s.stored.meta)} of CRC32C checksums ` +
    `(${pct(s.stored.meta / s.stored.data, 2)} of the data).`
  );
}

function restartFinding(s: ScenarioResult): string {
  const load = s.restart.load;
  const torn = load.torn
    ? `dropped the torn final record (${load.torn.bytes} bytes: ${load.torn.reason})`
    : 'found no torn record';
  return (
    `After a crash in mid-append the NameNode restarted from fsimage txid ${load.imageTxid} plus ` +
    `${plural(load.replayed, 'edit')}, ${torn}, and relearned ` +
    `${plural(s.restart.blockReports.accepted, 'replica location')} from block reports; the namespace ` +
    `${s.restart.namespaceIntact ? 'matched' : 'did NOT match'} the one before the crash.`
  );
}

function failureFinding(s: ScenarioResult): string {
  const after = s.fsckAfterFailures.summary;
  const read = s.readAfterFailures;
  const readText = read.identical ? 'byte-identical' : `incomplete (${formatBytes(read.unreadableBytes)} unreadable;`;
  const sources = `${read.localReads} node-local, ${read.rackReads} rack-local, ${read.remoteReads} remote block reads`;
  const readAndSources = read.identical ? `${readText} (${sources})` : `${readText} ${sources})`;
  return (
    `Killing ${listText(s.failedNodes) || 'no DataNode'} and corrupting ${plural(s.corrupted.length, 'replica')} ` +
    `left ${after.underReplicated} of ${plural(s.blocks.length, 'block')} under-replicated, ${after.missingBlocks} ` +
    `missing and ${after.corruptBlocks} corrupt (fsck ${after.status}); the read was ${readAndSources}, the reader's ` +
    `checksum checks caught ${plural(read.badReplicas.length, 'corrupt replica')} and the DataNodes' block scanners ` +
    `${s.scannerFound.length} more.`
  );
}

function repairFinding(s: ScenarioResult): string {
  const after = s.fsckAfterRepair.summary;
  return (
    `Re-replication copied ${plural(s.repair.copies, 'replica')} (${formatBytes(s.repair.bytesCopied)}) and deleted ` +
    `${s.repair.invalidated} corrupt ${s.repair.invalidated === 1 ? 'one' : 'ones'}; fsck then says ${after.status} ` +
    `with ${after.underReplicated} under-replicated and ${after.missingBlocks} missing blocks, and the file reads ` +
    `back ${s.finalReadIdentical ? 'byte-identical' : 'damaged'}.`
  );
}

function sweepFindings(i: FindingsInput): string[] {
  const spread = i.spread
    .filter((r) => r.replication === i.chartReplication)
    .map(
      (r) =>
        `${r.policy} ${formatNumber(r.min)}..${formatNumber(r.max)} (standard deviation ${formatNumber(r.stddev)})`,
    );
  const firstLoss = (policy: string, r: number): string => {
    const first = i.failures.find((f) => f.policy === policy && f.replication === r && f.missing > 0);
    if (!first) return `${policy} lost nothing even with ${plural(i.nodes - 1, 'failed DataNode')}`;
    return (
      `${policy} first lost data with ${plural(first.failed, 'failed DataNode')} ` +
      `(${plural(first.missing, 'block')}, ${formatBytes(first.unreadableBytes)})`
    );
  };
  const losses = i.replications.map((r) => `Replication ${r}: ${i.policies.map((p) => firstLoss(p, r)).join('; ')}.`);
  return [`Blocks per DataNode at replication ${i.chartReplication}: ${spread.join(', ')}.`, ...losses];
}

function costFindings(i: FindingsInput): string[] {
  const t = i.throughput;
  const replicated = i.overhead.filter((r) => r.source === 'measured on disk');
  const most = replicated.reduce((a, b) => (b.overhead > a.overhead ? b : a), replicated[0]);
  const [ecFile, ecSmall] = i.overhead.filter((r) => r.scheme === 'RS-6-3');
  const oneFile = (mib: number) => i.memory.find((r) => r.layout === 'one file' && r.blockSizeMiB === mib);
  const smallFiles = i.memory.filter((r) => r.layout !== 'one file').map((r) => r.heapBytes);
  const out = [
    `CRC32C ran at ${formatNumber(t.crcChunksMBps.median)} MB/s in ${i.bytesPerChecksum}-byte chunks and ` +
      `${formatNumber(t.crcWholeMBps.median)} MB/s over the whole buffer; writing with replication ${i.replication} ` +
      `ran at ${formatNumber(t.writeMBps.median)} MB/s of file data and verified reads at ` +
      `${formatNumber(t.readMBps.median)} MB/s.`,
  ];
  if (most && ecFile && ecSmall) {
    out.push(
      `${most.scheme[0].toUpperCase()}${most.scheme.slice(1)} stores ${times(most.overhead)} the logical bytes; ` +
        `RS-6-3 would store ${times(ecFile.overhead)} for this file but ${times(ecSmall.overhead)} for a ` +
        `${formatBytes(i.smallFileSize)} file.`,
    );
  }
  const [small, large] = [oneFile(1), oneFile(128)];
  if (small && large && smallFiles.length) {
    out.push(
      `For ${formatBytes(i.datasetSize)} the NameNode needs about ${formatBytes(small.heapBytes)} of heap as one ` +
        `file with 1 MiB blocks and ${formatBytes(large.heapBytes)} with 128 MiB blocks, but ` +
        `${formatBytes(Math.min(...smallFiles))} or more as ${formatBytes(i.smallFileSize)} files, whatever the ` +
        'block size.',
    );
  }
  return out;
}

export function findings(i: FindingsInput): string[] {
  const s = i.scenario;
  return [
    writeFinding(i),
    restartFinding(s),
    failureFinding(s),
    repairFinding(s),
    ...sweepFindings(i),
    ...costFindings(i),
  ];
}
