// Lab 06's findings: sentences computed from the walk-through, the sweeps, the throughput runs and the overhead
// tables of this run, never written ahead. Tests: test/hdfs/findings.test.ts.
import { formatBytes, formatNumber, pct } from '../core/index.js';
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

/** "1 block", "3 blocks". */
export const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "dn01", "dn01 and dn03", "dn01, dn03 and dn05". */
export function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function walkthroughFindings(i: FindingsInput): string[] {
  const s = i.scenario;
  const last = s.blocks[s.blocks.length - 1];
  const restart = s.restart.load;
  const afterFailures = s.fsckAfterFailures.summary;
  const afterRepair = s.fsckAfterRepair.summary;
  const read = s.readAfterFailures;
  return [
    `The ${formatBytes(i.fileBytes)} file became ${count(s.blocks.length, 'block')} of ${formatBytes(i.blockSize)}${last && last.length !== i.blockSize ? ` (the last ${formatBytes(last.length)})` : ''}; with replication ${i.replication} the DataNodes hold ${formatBytes(s.stored.data)} of block files (${formatNumber(s.stored.data / i.fileBytes)}x) plus ${formatBytes(s.stored.meta)} of CRC32C checksums (${pct(s.stored.meta / s.stored.data, 2)} of the data).`,
    `After a crash in mid-append the NameNode restarted from fsimage txid ${restart.imageTxid} plus ${count(restart.replayed, 'edit')}, ${restart.torn ? `dropped the torn final record (${restart.torn.bytes} bytes: ${restart.torn.reason})` : 'found no torn record'}, and relearned ${count(s.restart.blockReports.accepted, 'replica location')} from block reports; the namespace ${s.restart.namespaceIntact ? 'matched' : 'did NOT match'} the one before the crash.`,
    `Killing ${listed(s.failedNodes) || 'no DataNode'} and corrupting ${count(s.corrupted.length, 'replica')} left ${afterFailures.underReplicated} of ${s.blocks.length} blocks under-replicated, ${afterFailures.missingBlocks} missing and ${afterFailures.corruptBlocks} corrupt (fsck ${afterFailures.status}); the read was ${read.identical ? 'byte-identical' : `incomplete (${formatBytes(read.unreadableBytes)} unreadable)`} (${read.localReads} node-local, ${read.rackReads} rack-local, ${read.remoteReads} remote block reads), the reader's checksum checks caught ${count(read.badReplicas.length, 'corrupt replica')} and the DataNodes' block scanners ${s.scannerFound.length} more.`,
    `Re-replication copied ${count(s.repair.copies, 'replica')} (${formatBytes(s.repair.bytesCopied)}) and deleted ${s.repair.invalidated} corrupt ${s.repair.invalidated === 1 ? 'one' : 'ones'}; fsck then says ${afterRepair.status} with ${afterRepair.underReplicated} under-replicated and ${afterRepair.missingBlocks} missing blocks, and the file reads back ${s.finalReadIdentical ? 'byte-identical' : 'damaged'}.`,
  ];
}

function sweepFindings(i: FindingsInput): string[] {
  const spread = i.spread
    .filter((r) => r.replication === i.chartReplication)
    .map(
      (r) =>
        `${r.policy} ${formatNumber(r.min)}..${formatNumber(r.max)} (standard deviation ${formatNumber(r.stddev)})`,
    );
  const losses = i.replications.map(
    (r) =>
      `Replication ${r}: ${i.policies
        .map((policy) => {
          const first = i.failures.find((f) => f.policy === policy && f.replication === r && f.missing > 0);
          return first
            ? `${policy} first lost data with ${count(first.failed, 'failed DataNode')} (${count(first.missing, 'block')}, ${formatBytes(first.unreadableBytes)})`
            : `${policy} lost nothing even with ${count(i.nodes - 1, 'failed DataNode')}`;
        })
        .join('; ')}.`,
  );
  return [`Blocks per DataNode at replication ${i.chartReplication}: ${spread.join(', ')}.`, ...losses];
}

function costFindings(i: FindingsInput): string[] {
  const t = i.throughput;
  const replicated = i.overhead.filter((r) => r.source === 'measured on disk');
  const most = replicated.reduce((a, b) => (b.overhead > a.overhead ? b : a), replicated[0]);
  const [ecFile, ecSmall] = i.overhead.filter((r) => r.scheme === 'RS-6-3');
  const oneFile = (mib: number) => i.memory.find((r) => r.layout === 'one file' && r.blockSizeMiB === mib)!;
  const smallFiles = i.memory.filter((r) => r.layout !== 'one file').map((r) => r.heapBytes);
  return [
    `CRC32C ran at ${formatNumber(t.crcChunksMBps.median)} MB/s in ${i.bytesPerChecksum}-byte chunks and ${formatNumber(t.crcWholeMBps.median)} MB/s over the whole buffer; writing with replication ${i.replication} ran at ${formatNumber(t.writeMBps.median)} MB/s of file data and verified reads at ${formatNumber(t.readMBps.median)} MB/s.`,
    `${most.scheme[0].toUpperCase()}${most.scheme.slice(1)} stores ${formatNumber(most.overhead)}x the logical bytes; RS-6-3 would store ${formatNumber(ecFile.overhead)}x for this file but ${formatNumber(ecSmall.overhead)}x for a ${formatBytes(i.smallFileSize)} file.`,
    `For ${formatBytes(i.datasetSize)} the NameNode needs about ${formatBytes(oneFile(1).heapBytes)} of heap as one file with 1 MiB blocks and ${formatBytes(oneFile(128).heapBytes)} with 128 MiB blocks, but ${formatBytes(Math.min(...smallFiles))} or more as ${formatBytes(i.smallFileSize)} files, whatever the block size.`,
  ];
}

export function findings(i: FindingsInput): string[] {
  return [...walkthroughFindings(i), ...sweepFindings(i), ...costFindings(i)];
}
