// Lab 06 end to end in quick mode (report, fsck.txt, DataNode folders) and its parameter errors.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, runLab } from '../../src/core/index.js';
import lab from '../../labs/06-hdfs.js';
import { tempDir } from './helpers.js';

const small = [
  '--quick',
  '--size',
  '64KiB',
  '--block-size',
  '8KiB',
  '--nodes',
  '4',
  '--repeats',
  '1',
  '--fail',
  '1',
  '--corrupt',
  '1',
];

describe('lab 06 hdfs', () => {
  it('runs in quick mode and writes the report, fsck.txt and the DataNode folders', async () => {
    const out = tempDir();
    const outcome = await runLab(lab, small, { out, log: () => {} });
    const { report, dir } = outcome!;
    expect(Object.keys(report.results.tables)).toEqual([
      'blocks',
      'walkthrough',
      'balance',
      'balanceSpread',
      'failures',
      'overhead',
      'namenodeMemory',
      'throughput',
    ]);
    expect(report.results.tables.blocks.rows.length).toBe(8);
    expect(report.results.tables.failures.rows.length).toBe(3 * 3 * 4);
    expect(report.results.tables.balance.rows.length).toBe(3 * 3 * 4);
    const fsck = readFileSync(path.join(dir, 'fsck.txt'), 'utf8');
    expect(fsck.match(/^Status: /gm)?.length).toBe(3);
    expect(fsck).toContain('(after failures)');
    expect(report.sections.map((s) => s.title)).toEqual([
      'fsck before failures',
      'fsck after failures',
      'fsck after re-replication',
      'NameNode restart',
      'Failures and corruption in the walk-through',
    ]);
    expect(readdirSync(path.join(dir, 'cluster')).sort()).toHaveLength(1 + 3); // namenode + the surviving DataNodes
    expect(existsSync(path.join(dir, 'balance.svg'))).toBe(true);
    expect(report.findings.length).toBeGreaterThanOrEqual(8);
  });

  it('runs each sweep replication factor once, in order, whatever the list repeats', async () => {
    const outcome = await runLab(lab, [...small, '--sweep-replications', '3,1,3'], { out: tempDir(), log: () => {} });
    const failures = outcome!.report.results.tables.failures.rows;
    expect(failures.length).toBe(3 * 2 * 4);
    expect([...new Set(failures.map((f) => f.replication))]).toEqual([1, 3]);
  });

  it.each([
    [['--nodes', '3', '--racks', '4'], /--racks 4 exceeds --nodes 3/],
    [['--nodes', '3', '--replication', '4'], /replication 4 exceeds --nodes 3/],
    [['--nodes', '3', '--fail', '3'], /at least one of the 3 DataNodes must survive/],
    [['--block-size', '1000'], /not a multiple of --bytes-per-checksum 512/],
    [['--writer', 'dn99'], /--writer "dn99" is not a DataNode/],
    [['--placement', 'file'], /--placement file needs --placement-file/],
    [['--block-size', '1ZB'], /--block-size/],
    [['--corrupt', '1000'], /--corrupt 1000: only \d+ replicas survive/],
  ])('rejects bad parameters %j with an InputError', async (args, message) => {
    const run = runLab(lab, [...small, ...args], { out: tempDir(), log: () => {} });
    await expect(run).rejects.toThrow(InputError);
    await expect(runLab(lab, [...small, ...args], { out: tempDir(), log: () => {} })).rejects.toThrow(message);
  });
});
