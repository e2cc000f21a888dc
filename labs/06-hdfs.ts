// Lab 06: HDFS-like block splitting, replication and failures. A single-process HDFS whose blocks are real files:
// write, NameNode restart from fsimage + edit log, DataNode failures, corruption, re-replication, fsck; then sweeps
// over placement policies and replication factors, storage overhead and client throughput.
// Parameters: src/hdfs/params.ts. Experiment (data): src/hdfs/experiment.ts. Report (tables, charts, findings,
// sections): src/hdfs/report.ts. Handout: labs/06-hdfs.md. Tests: test/hdfs/lab.test.ts.
import { defineLab, runIfMain } from '../src/core/index.js';
import { hdfsBudget } from '../src/hdfs/budget.js';
import { runHdfsExperiment } from '../src/hdfs/experiment.js';
import { hdfsParams } from '../src/hdfs/params.js';
import { hdfsReport } from '../src/hdfs/report.js';
import { declaresRackRule, placementFailures } from '../src/hdfs/placement-file.js';

const lab = defineLab({
  id: '06',
  slug: 'hdfs',
  title: 'HDFS-like block splitting, replication and failures',
  summary:
    'a file split into checksummed blocks on local DataNode folders, rack-aware placement, failures, fsck and ' +
    're-replication',
  libraries: ['@node-rs/crc32'],
  params: hdfsParams,
  budget: hdfsBudget, // memory and disk estimated before any work: src/hdfs/budget.ts
  async run(ctx) {
    // 1. The walk-through (DataNode folders and fsck.txt beside the report), the sweeps and the timings. Defaults
    //    this cluster or input cannot honour are lowered (and said so); given values that do not fit together are
    //    an InputError.
    const result = await runHdfsExperiment(ctx.params, ctx);
    // 2. Tables, charts, findings and sections, every number from this run.
    const report = hdfsReport(result);
    // 3. A student policy that declares the rack rule and breaks it in the walk-through is FAILED (the lab exits 3).
    const file = ctx.params.placement === 'file' ? ctx.params.placementFile : undefined;
    const failed = file
      ? placementFailures(file, await declaresRackRule(file), result.scenario.blocks, result.used.racks)
      : [];
    if (!failed.length) return report;
    const blocks = report.tables.blocks;
    if (blocks) blocks.title = `FAILED: ${blocks.title}`;
    return { ...report, failed, findings: [...failed.map((f) => `FAILED: ${f}`), ...report.findings] };
  },
});

export default lab;
await runIfMain(import.meta.url, lab);
