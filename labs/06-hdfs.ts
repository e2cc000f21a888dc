// Lab 06: HDFS-like block splitting, replication and failures. A single-process HDFS whose blocks are real files:
// write, NameNode restart from fsimage + edit log, DataNode failures, corruption, re-replication, fsck; then sweeps
// over placement policies and replication factors. Logic: src/hdfs/. Handout: labs/06-hdfs.md. Tests: test/hdfs/.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { barChart, defineLab, formatBytes, InputError, lineChart, p, runIfMain, table } from '../src/core/index.js';
import { findings } from '../src/hdfs/findings.js';
import { readInput, seededBytes } from '../src/hdfs/input.js';
import { namenodeMemoryRows, overheadRows } from '../src/hdfs/overhead.js';
import { loadPlacementFile } from '../src/hdfs/placement-file.js';
import { BUILTIN_POLICIES, BUILTIN_POLICY_NAMES, type PlacementFactory } from '../src/hdfs/placement.js';
import { runScenario } from '../src/hdfs/scenario.js';
import { balanceSpread, runSweep } from '../src/hdfs/sweep.js';
import { measureThroughput } from '../src/hdfs/throughput.js';
import { buildTopology } from '../src/hdfs/topology.js';

const MiB = 1024 ** 2;

const lab = defineLab({
  id: '06',
  slug: 'hdfs',
  title: 'HDFS-like block splitting, replication and failures',
  summary:
    'a file split into checksummed blocks on local DataNode folders, rack-aware placement, failures, fsck and re-replication',
  libraries: ['@node-rs/crc32'],
  params: {
    input: p.path({ description: 'a file to store (up to 1 GiB) instead of generated data' }),
    size: p.bytes({
      default: 8 * MiB,
      quick: 2 * MiB,
      min: 1,
      max: 1024 * MiB,
      description: 'bytes of seeded random data to store when --input is not given',
    }),
    blockSize: p.bytes({
      default: 256 * 1024,
      quick: 128 * 1024,
      min: 512,
      max: 1024 * MiB,
      description: 'block size (HDFS dfs.blocksize, 128MiB there); a multiple of --bytes-per-checksum',
    }),
    bytesPerChecksum: p.int({
      default: 512,
      min: 1,
      max: 16 * MiB,
      description: 'bytes per CRC32C chunk (dfs.bytes-per-checksum)',
    }),
    replication: p.int({
      default: 3,
      min: 1,
      max: 16,
      description: 'replication factor of the walk-through file (dfs.replication)',
    }),
    nodes: p.int({ default: 8, quick: 6, min: 1, max: 64, description: 'DataNodes' }),
    racks: p.int({
      default: 2,
      min: 1,
      max: 64,
      description: 'racks; DataNodes are spread over them in contiguous runs',
    }),
    writer: p.string({
      description: 'the DataNode the client writes and reads from, e.g. dn01 (default: a client outside the cluster)',
    }),
    placement: p.enum({
      values: [...BUILTIN_POLICY_NAMES, 'file'],
      default: 'default',
      description: 'placement policy of the walk-through; "file" uses --placement-file',
    }),
    placementFile: p.path({
      description:
        'your own placement policy (.ts or .js, default export { name, chooseTargets }); it also joins the sweeps',
    }),
    fail: p.int({
      default: 2,
      min: 0,
      max: 63,
      description: 'DataNodes killed in the walk-through (chosen by the seed)',
    }),
    corrupt: p.int({
      default: 3,
      min: 0,
      max: 1_000_000,
      description: 'surviving replicas given a flipped byte in the walk-through',
    }),
    sweepReplications: p.intList({
      default: [1, 2, 3],
      min: 1,
      max: 16,
      description: 'replication factors of the balance and failures sweeps',
    }),
    repeats: p.int({ default: 5, quick: 3, min: 1, max: 100, description: 'timed repeats per throughput measurement' }),
    datasetSize: p.bytes({
      default: 1024 ** 4,
      min: 1,
      max: 1024 ** 5,
      description: 'data volume for the NameNode memory estimate',
    }),
    smallFileSize: p.bytes({
      default: 64 * 1024,
      min: 1,
      max: 1024 ** 4,
      description: 'file size of the small-files layout in the NameNode memory estimate',
    }),
  },
  async run(ctx) {
    const o = ctx.params;
    const sweepReplications = [...new Set(o.sweepReplications)].sort((a, b) => a - b); // each factor once: one row per key
    // Checks that span parameters.
    if (o.racks > o.nodes)
      throw new InputError(`--racks ${o.racks} exceeds --nodes ${o.nodes}; allowed: 1 to ${o.nodes}`);
    for (const r of [o.replication, ...sweepReplications]) {
      if (r > o.nodes)
        throw new InputError(
          `replication ${r} exceeds --nodes ${o.nodes}: replicas must be on distinct DataNodes; allowed: 1 to ${o.nodes}`,
        );
    }
    if (o.fail >= o.nodes)
      throw new InputError(
        `--fail ${o.fail}: at least one of the ${o.nodes} DataNodes must survive; allowed: 0 to ${o.nodes - 1}`,
      );
    if (o.blockSize % o.bytesPerChecksum !== 0) {
      throw new InputError(
        `--block-size ${o.blockSize} is not a multiple of --bytes-per-checksum ${o.bytesPerChecksum}; HDFS requires whole checksum chunks per block`,
      );
    }
    const names = buildTopology(o.nodes, o.racks).map((n) => n.name);
    if (o.writer !== undefined && !names.includes(o.writer)) {
      throw new InputError(
        `--writer "${o.writer}" is not a DataNode; allowed: ${names[0]} to ${names[names.length - 1]}, or leave it out for a client outside the cluster`,
      );
    }
    if (o.placement === 'file' && o.placementFile === undefined)
      throw new InputError('--placement file needs --placement-file <path.ts>');
    const policies: { name: string; factory: PlacementFactory }[] = BUILTIN_POLICY_NAMES.map((name) => ({
      name,
      factory: BUILTIN_POLICIES[name],
    }));
    let filePolicy: PlacementFactory | undefined;
    if (o.placementFile !== undefined) {
      filePolicy = await loadPlacementFile(o.placementFile);
      const name = filePolicy().name;
      if (policies.some((x) => x.name === name))
        throw new InputError(
          `placement file "${o.placementFile}": policy name "${name}" clashes with a built-in policy; allowed: any other name`,
        );
      policies.push({ name, factory: filePolicy });
    }
    const mainPolicy = o.placement === 'file' ? (filePolicy as PlacementFactory) : BUILTIN_POLICIES[o.placement];
    const mainPolicyName = mainPolicy().name;

    const data = o.input !== undefined ? readInput(o.input) : seededBytes(o.size, ctx.rng.fork('data'));
    const hdfsPath = `/user/syslab/${o.input !== undefined ? path.basename(o.input).replace(/[^A-Za-z0-9._-]/g, '_') : 'data.bin'}`;
    const cluster = {
      nodes: o.nodes,
      racks: o.racks,
      blockSize: o.blockSize,
      bytesPerChecksum: o.bytesPerChecksum,
      writer: o.writer,
    };

    // 1. The walk-through, on DataNode folders kept beside the report.
    ctx.log(
      `walk-through: ${formatBytes(data.length)} into ${formatBytes(o.blockSize)} blocks, replication ${o.replication}, ${o.nodes} DataNodes on ${o.racks} rack(s), policy ${mainPolicyName}`,
    );
    const s = runScenario({
      ...cluster,
      dir: path.join(ctx.outDir, 'cluster'),
      data,
      path: hdfsPath,
      replication: o.replication,
      policy: mainPolicy,
      fail: o.fail,
      corrupt: o.corrupt,
      rng: ctx.rng.fork('scenario'),
    });
    const fsckText = [
      ['before failures', s.fsckBefore],
      ['after failures', s.fsckAfterFailures],
      ['after re-replication', s.fsckAfterRepair],
    ]
      .map(
        ([stage, run]) =>
          `==== hdfs fsck / -files -blocks -locations (${stage as string}) ====\n${(run as { text: string }).text}`,
      )
      .join('\n');
    process.stdout.write(`${fsckText}\n`);
    writeFileSync(path.join(ctx.outDir, 'fsck.txt'), fsckText);

    // 2. Balance and failures, per policy and replication factor, on scratch space.
    const failureOrder = ctx.rng.fork('failure-order').shuffle([...names]);
    const bar = ctx.progress('failure sweep', policies.length * sweepReplications.length * o.nodes);
    const sweep = runSweep({
      ...cluster,
      dir: path.join(ctx.scratchDir, 'sweep'),
      data,
      policies,
      replications: sweepReplications,
      failureOrder,
      rng: ctx.rng.fork('sweep'),
      onStep: () => bar.tick(),
    });
    bar.done();

    // 3. Throughput.
    ctx.log(`timing writes, reads and CRC32C (${o.repeats} repeats)`);
    const t = measureThroughput({
      ...cluster,
      dir: path.join(ctx.scratchDir, 'throughput'),
      data,
      replication: o.replication,
      policy: mainPolicy,
      rng: ctx.rng.fork('throughput'),
      repeats: o.repeats,
    });

    // Tables.
    const stages = [
      ['before failures', s.fsckBefore.summary],
      ['after failures', s.fsckAfterFailures.summary],
      ['after re-replication', s.fsckAfterRepair.summary],
    ] as const;
    const spreadRows = balanceSpread(sweep.balance);
    const overhead = overheadRows(
      sweep.storage.filter((x) => x.policy === 'default'),
      data.length,
      o.smallFileSize,
    );
    const memoryRows = namenodeMemoryRows(o.datasetSize, o.smallFileSize);
    const throughputRows = [
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
    ];

    const tables = {
      blocks: table({
        title: `Blocks of ${hdfsPath} after the write (policy ${mainPolicyName}, replication ${o.replication})`,
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
      balance: table({
        title: 'Blocks per DataNode per placement policy and replication factor',
        keys: ['policy', 'replication', 'datanode'],
        columns: ['rack'],
        metrics: { blocks: { unit: 'count' }, bytes: { unit: 'bytes' } },
        rows: sweep.balance.map((b) => ({ ...b })),
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
        rows: spreadRows.map((r) => ({ ...r })),
      }),
      failures: table({
        title: 'What survives f failed DataNodes (no re-replication in between)',
        description: `DataNodes fail in the seeded order ${failureOrder.join(', ')}; "identical" means the file read back with the same sha256.`,
        keys: ['policy', 'replication', 'failed'],
        columns: ['failedNodes', 'identical'],
        metrics: {
          underReplicated: { unit: 'blocks', better: 'lower' },
          missing: { unit: 'blocks', better: 'lower' },
          unreadableBytes: { unit: 'bytes', better: 'lower' },
        },
        rows: sweep.failures.map((f) => ({ ...f })),
      }),
      overhead: table({
        title: 'Raw bytes stored per logical byte',
        description:
          'Replication measured from the block files on disk (policy default); erasure coding computed for HDFS RS-6-3-1024k striping.',
        keys: ['scheme', 'layout'],
        columns: ['source'],
        metrics: {
          logicalBytes: { unit: 'bytes' },
          rawBytes: { unit: 'bytes' },
          metaBytes: { unit: 'bytes' },
          overhead: { unit: 'x', better: 'lower' },
          toleratedFailures: { unit: 'DataNodes', better: 'higher' },
        },
        rows: overhead.map((r) => ({ ...r })),
      }),
      namenodeMemory: table({
        title: `NameNode heap estimate for ${formatBytes(o.datasetSize)} at about 150 bytes per file and per block (computed)`,
        keys: ['layout', 'blockSizeMiB'],
        metrics: { files: { unit: 'count' }, blocks: { unit: 'count' }, heapBytes: { unit: 'bytes', better: 'lower' } },
        rows: memoryRows.map((r) => ({ ...r })),
      }),
      throughput: table({
        title: `Client throughput through the local file system (${formatBytes(data.length)}, decimal MB/s)`,
        description:
          'Block files are written without fsync and read back soon after, so these mostly measure the page cache, not the disk.',
        keys: ['operation'],
        columns: ['detail'],
        metrics: { throughput: { unit: 'MB/s', better: 'higher' } },
        rows: throughputRows,
      }),
    };

    const chartReplication = sweepReplications.includes(o.replication) ? o.replication : sweepReplications[0];
    const charts = [
      barChart({
        name: 'balance',
        title: `Blocks per DataNode, replication ${chartReplication}`,
        rows: sweep.balance.filter((b) => b.replication === chartReplication),
        x: 'datanode',
        y: 'blocks',
        color: 'policy',
        xTitle: 'DataNode',
        yTitle: 'blocks stored',
      }),
      lineChart({
        name: 'failures',
        title: 'Missing blocks as DataNodes fail',
        rows: sweep.failures,
        x: 'failed',
        y: 'missing',
        color: 'policy',
        facet: 'replication',
        xTitle: 'failed DataNodes',
        yTitle: 'missing blocks',
      }),
    ];

    const found = findings({
      fileBytes: data.length,
      blockSize: o.blockSize,
      replication: o.replication,
      bytesPerChecksum: o.bytesPerChecksum,
      nodes: o.nodes,
      scenario: s,
      chartReplication,
      spread: spreadRows,
      policies: policies.map((x) => x.name),
      replications: sweepReplications,
      failures: sweep.failures,
      throughput: t,
      overhead,
      memory: memoryRows,
      datasetSize: o.datasetSize,
      smallFileSize: o.smallFileSize,
    });

    const restart = s.restart.load;
    const sections = [
      { title: 'fsck before failures', body: `\`\`\`\n${s.fsckBefore.text}\`\`\`` },
      { title: 'fsck after failures', body: `\`\`\`\n${s.fsckAfterFailures.text}\`\`\`` },
      { title: 'fsck after re-replication', body: `\`\`\`\n${s.fsckAfterRepair.text}\`\`\`` },
      {
        title: 'NameNode restart',
        body: [
          `- Image loaded: \`${path.relative(ctx.outDir, restart.image)}\` (txid ${restart.imageTxid}).`,
          ...restart.segments.map(
            (seg) => `- Edit segment \`${path.relative(ctx.outDir, seg.file)}\`: ${seg.records} whole records.`,
          ),
          restart.torn
            ? `- Torn final record at byte ${restart.torn.offset} (${restart.torn.bytes} bytes, the start of an OP_ADD for \`${s.restart.tornPath}\`): ${restart.torn.reason}. Dropped, and the segment truncated there.`
            : '- No torn record.',
          `- Block reports: ${s.restart.blockReports.accepted} replicas accepted, ${s.restart.blockReports.stale} stale, ${s.restart.blockReports.invalidated} unknown ones deleted.`,
          `- Namespace after restart: ${s.restart.files} files, ${s.restart.blocks} blocks; ${s.restart.namespaceIntact ? 'identical to' : 'DIFFERENT from'} the namespace before the crash.`,
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
    return { tables, charts, findings: found, sections };
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
