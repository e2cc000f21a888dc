// Lab 06's report from a real tiny experiment: table sizes worked out from the options, the balance chart at the
// walk-through's replication factor or else the first swept one, one loss finding per swept factor (with one, two and
// three factors), and the lowered defaults said first.
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../src/core/params.js';
import { createRng } from '../../src/core/rng.js';
import { runHdfsExperiment } from '../../src/hdfs/experiment.js';
import { hdfsParams } from '../../src/hdfs/params.js';
import { hdfsReport } from '../../src/hdfs/report.js';
import { tempDir } from './helpers.js';

/** Runs the experiment on 16 KiB in 4 KiB blocks (4 blocks), 4 DataNodes, with the options in `args`. */
async function report(args: Record<string, string>) {
  const base = { size: '16KiB', blockSize: '4KiB', nodes: '4', repeats: '1', corrupt: '1', fail: '1' };
  const params = resolveParams(hdfsParams, new Map(Object.entries({ ...base, ...args })), true);
  const env = {
    quick: true,
    rng: createRng(1),
    outDir: tempDir(),
    scratchDir: tempDir(),
    log: () => {},
    progress: () => ({ tick: () => {}, done: () => {} }),
  };
  return hdfsReport(await runHdfsExperiment(params, env));
}

describe('lab 06 report', () => {
  it.each([
    ['1', [1]],
    ['1,3', [1, 3]],
    ['3,2,1', [1, 2, 3]],
  ])(
    '--sweep-replications %s: one row per policy, factor and failure count, one loss finding per factor',
    async (list, factors) => {
      const r = await report({ sweepReplications: list });
      // 3 built-in policies x the factors x 0..3 failed DataNodes (4 nodes).
      expect(r.tables.failures.rows).toHaveLength(3 * factors.length * 4);
      expect(r.tables.balance.rows).toHaveLength(3 * factors.length * 4);
      expect(r.tables.blocks.rows).toHaveLength(4);
      expect(r.findings.filter((f) => /^Replication \d: /.test(f))).toHaveLength(factors.length);
      // The walk-through uses replication 3: the balance chart shows it when it was swept, else the first factor.
      const shown = factors.includes(3) ? 3 : factors[0];
      expect(r.charts?.find((c) => c.name === 'balance')?.title).toBe(`Blocks per DataNode, replication ${shown}`);
      expect(r.findings.some((f) => f.startsWith(`Blocks per DataNode at replication ${shown}: default `))).toBe(true);
      expect(r.sections?.map((s) => s.title)).toEqual([
        'fsck before failures',
        'fsck after failures',
        'fsck after re-replication',
        'NameNode restart',
        'Failures and corruption in the walk-through',
      ]);
    },
  );

  it('defaults lowered for a small cluster come first in the findings, and the tables use the lowered values', async () => {
    const r = await report({ nodes: '2', fail: '1', sweepReplications: '1' });
    expect(r.findings[0]).toBe(
      '--replication was lowered from its default 3 to 2: there are only 2 DataNodes (--nodes 2).',
    );
    expect(r.tables.blocks.title).toBe(
      'Blocks of /user/syslab/data.bin after the write (policy default, replication 2)',
    );
    expect(r.tables.blocks.rows.every((b) => b.replicas === 2)).toBe(true);
  });
});
