// Lab 06's report from the experiment's data: tables (blocks, walk-through, balance, failures, overhead, NameNode
// memory, throughput), charts, findings (first the defaults lowered for this input, if any) and sections (the fsck
// reports, the NameNode restart, the failures and corruption). Tests: test/hdfs/report.test.ts, test/hdfs/lab.test.ts.
import path from 'node:path';
import { barChart, lineChart, type ChartSpec } from '../core/charts.js';
import type { LabResult } from '../core/lab.js';
import type { Section } from '../core/report.js';
import { table, type Table } from '../core/table.js';
import { formatBytes } from '../core/units.js';
import type { HdfsResult } from './experiment.js';
import { findings } from './findings.js';

function walkthroughTables(r: HdfsResult): Record<string, Table> {
  const s = r.scenario;
  const o = r.used;
  const stages = [
    ['before failures', s.fsckBefore.summary],
    ['after failures', s.fsckAfterFailures.summary],
    ['after re-replication', s.fsckAfterRepair.summary],
  ] as const;
  return {
    blocks: table({
      title: `Blocks of ${r.hdfsPath} after the write (policy ${r.policyName}, replication ${o.replication})`,
      keys: ['block'],
      columns: ['locations', 'racks'],
      metrics: { length: { unit: 'bytes' }, replicas: { unit: 'count' }, rackCount: { unit: 'count' } },
      rows: s.blocks.map((b) => ({
        block: `blk_${b.id}`,
        locations: b.locations.join(' '),
        racks: b.racks.join(' '),
        length: b.length,
        replicas: b.locations.length,
        rackCount: b.racks.length,
      })),
    }),
    walkthrough: table({
      title: 'fsck summary at each stage of the walk-through',
      description: `Failed DataNodes: ${s.failedNodes.join(', ') || 'none'}; ${s.corrupted.length} replicas corrupted.`,
      keys: ['stage'],
      columns: ['status'],
      metrics: {
        dataNodes: { unit: 'count' },
        underReplicated: { unit: 'count', better: 'lower' },
        missingBlocks: { unit: 'count', better: 'lower' },
        corruptBlocks: { unit: 'count', better: 'lower' },
        corruptReplicas: { unit: 'count', better: 'lower' },
        averageReplication: { unit: 'replicas' },
      },
      rows: stages.map(([stage, x]) => ({
        stage,
        status: x.status,
        dataNodes: x.dataNodes,
        underReplicated: x.underReplicated,
        missingBlocks: x.missingBlocks,
        corruptBlocks: x.corruptBlocks,
        corruptReplicas: x.corruptReplicas,
        averageReplication: x.averageReplication,
      })),
    }),
  };
}

function sweepTables(r: HdfsResult): Record<string, Table> {
  return {
    balance: table({
      title: 'Blocks per DataNode per placement policy and replication factor',
      keys: ['policy', 'replication', 'datanode'],
      columns: ['rack'],
      metrics: { blocks: { unit: 'count' }, bytes: { unit: 'bytes' } },
      rows: r.balance,
    }),
    balanceSpread: table({
      title: 'Spread of blocks per DataNode (population standard deviation)',
      keys: ['policy', 'replication'],
      metrics: {
        mean: { unit: 'blocks' },
        stddev: { unit: 'blocks', better: 'lower' },
        min: { unit: 'blocks' },
        max: { unit: 'blocks' },
      },
      rows: r.spread,
    }),
    failures: table({
      title: 'What survives f failed DataNodes (no re-replication in between)',
      description:
        `DataNodes fail in the seeded order ${r.failureOrder.join(', ')}; "identical" means the file read back ` +
        'with the same sha256.',
      keys: ['policy', 'replication', 'failed'],
      columns: ['failedNodes', 'identical'],
      metrics: {
        underReplicated: { unit: 'blocks', better: 'lower' },
        missing: { unit: 'blocks', better: 'lower' },
        unreadableBytes: { unit: 'bytes', better: 'lower' },
      },
      rows: r.failures,
    }),
  };
}

function costTables(r: HdfsResult): Record<string, Table> {
  const o = r.used;
  const t = r.throughput;
  return {
    overhead: table({
      title: 'Raw bytes stored per logical byte',
      description:
        'Replication measured from the block files on disk (policy default); erasure coding computed for HDFS ' +
        'RS-6-3-1024k striping.',
      keys: ['scheme', 'layout'],
      columns: ['source'],
      metrics: {
        logicalBytes: { unit: 'bytes' },
        rawBytes: { unit: 'bytes' },
        metaBytes: { unit: 'bytes' },
        overhead: { unit: 'x', better: 'lower' },
        toleratedFailures: { unit: 'DataNodes', better: 'higher' },
      },
      rows: r.overhead,
    }),
    namenodeMemory: table({
      title:
        `NameNode heap estimate for ${formatBytes(o.datasetSize)} at about 150 bytes per file and per block ` +
        '(computed)',
      keys: ['layout', 'blockSizeMiB'],
      metrics: { files: { unit: 'count' }, blocks: { unit: 'count' }, heapBytes: { unit: 'bytes', better: 'lower' } },
      rows: r.memory,
    }),
    throughput: table({
      title: `Client throughput through the local file system (${formatBytes(r.fileBytes)}, decimal MB/s)`,
      description:
        'Block files are written without fsync and read back soon after, so these mostly measure the page cache, ' +
        'not the disk.',
      keys: ['operation'],
      columns: ['detail'],
      metrics: { throughput: { unit: 'MB/s', better: 'higher' } },
      rows: [
        {
          operation: 'write',
          detail: `replication ${o.replication}, CRC32C per ${o.bytesPerChecksum} B, MB of file data per s`,
          throughput: t.writeMBps,
        },
        { operation: 'read', detail: 'closest replica, checksums verified', throughput: t.readMBps },
        {
          operation: 'crc32c chunks',
          detail: `one call per ${o.bytesPerChecksum}-byte chunk, as HDFS checksums`,
          throughput: t.crcChunksMBps,
        },
        { operation: 'crc32c whole', detail: 'one call over the whole buffer', throughput: t.crcWholeMBps },
      ],
    }),
  };
}

function charts(r: HdfsResult): ChartSpec[] {
  return [
    barChart({
      name: 'balance',
      title: `Blocks per DataNode, replication ${r.chartReplication}`,
      caption:
        'One bar per DataNode and placement policy: a policy that spreads blocks evenly gives bars of one height.',
      rows: r.balance.filter((b) => b.replication === r.chartReplication),
      x: 'datanode',
      y: 'blocks',
      color: 'policy',
      xTitle: 'DataNode',
      yTitle: 'blocks stored',
    }),
    lineChart({
      name: 'failures',
      title: 'Missing blocks as DataNodes fail',
      caption:
        'One panel per replication factor: the sooner a line leaves zero, the fewer failed DataNodes it takes to ' +
        'lose data.',
      rows: r.failures,
      x: 'failed',
      y: 'missing',
      color: 'policy',
      facet: 'replication',
      xTitle: 'failed DataNodes',
      yTitle: 'missing blocks',
    }),
  ];
}

function sections(r: HdfsResult): Section[] {
  const s = r.scenario;
  const restart = s.restart.load;
  const relative = (file: string) => path.relative(r.outDir, file);
  const torn = restart.torn
    ? `- Torn final record at byte ${restart.torn.offset} (${restart.torn.bytes} bytes, the start of an OP_ADD for ` +
      `\`${s.restart.tornPath}\`): ${restart.torn.reason}. Dropped, and the segment truncated there.`
    : '- No torn record.';
  const reports = s.restart.blockReports;
  return [
    { title: 'fsck before failures', body: `\`\`\`\n${s.fsckBefore.text}\`\`\`` },
    { title: 'fsck after failures', body: `\`\`\`\n${s.fsckAfterFailures.text}\`\`\`` },
    { title: 'fsck after re-replication', body: `\`\`\`\n${s.fsckAfterRepair.text}\`\`\`` },
    {
      title: 'NameNode restart',
      body: [
        `- Image loaded: \`${relative(restart.image)}\` (txid ${restart.imageTxid}).`,
        ...restart.segments.map((seg) => `- Edit segment \`${relative(seg.file)}\`: ${seg.records} whole records.`),
        torn,
        `- Block reports: ${reports.accepted} replicas accepted, ${reports.stale} stale, ${reports.invalidated} ` +
          'unknown ones deleted.',
        `- Namespace after restart: ${s.restart.files} files, ${s.restart.blocks} blocks; ` +
          `${s.restart.namespaceIntact ? 'identical to' : 'DIFFERENT from'} the namespace before the crash.`,
      ].join('\n'),
    },
    {
      title: 'Failures and corruption in the walk-through',
      body: [
        `- Failed DataNodes (directories removed): ${s.failedNodes.join(', ') || 'none'}.`,
        ...s.corrupted.map((x) => `- Flipped byte ${x.offset} of blk_${x.blockId} on ${x.node}.`),
        ...s.readAfterFailures.badReplicas.map(
          (x) => `- Reader found blk_${x.blockId} on ${x.node} corrupt: ${x.reason}.`,
        ),
        ...s.scannerFound.map((x) => `- Block scanner found blk_${x.blockId} on ${x.node} corrupt: ${x.reason}.`),
        `- DataNode folders of this run: \`cluster/\` beside this report (the failed ones are gone).`,
      ].join('\n'),
    },
  ];
}

/** Tables, charts, findings and sections of lab 06. */
export function hdfsReport(r: HdfsResult): LabResult {
  const o = r.used;
  const found = findings({
    fileBytes: r.fileBytes,
    blockSize: o.blockSize,
    replication: o.replication,
    bytesPerChecksum: o.bytesPerChecksum,
    nodes: o.nodes,
    scenario: r.scenario,
    chartReplication: r.chartReplication,
    spread: r.spread,
    policies: r.policies,
    replications: r.sweepReplications,
    failures: r.failures,
    throughput: r.throughput,
    overhead: r.overhead,
    memory: r.memory,
    datasetSize: o.datasetSize,
    smallFileSize: o.smallFileSize,
  });
  return {
    tables: { ...walkthroughTables(r), ...sweepTables(r), ...costTables(r) },
    charts: charts(r),
    findings: [...r.adjusted, ...found],
    sections: sections(r),
  };
}
