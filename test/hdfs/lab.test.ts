// Lab 06 end to end in quick mode (report, fsck.txt, DataNode folders), defaults lowered for a small input or cluster
// (and said so), and errors for values the user gave that do not fit together.
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

  it('a tiny input with the default --corrupt: lowered to the replicas that survive, and the report says so', async () => {
    // 100 bytes are one block of 3 replicas; with seed 1 the 2 failed DataNodes (dn04, dn06) held one of them.
    const outcome = await runLab(lab, ['--quick', '--size', '100', '--repeats', '1'], {
      out: tempDir(),
      log: () => {},
    });
    const { report } = outcome!;
    expect(report.findings[0]).toBe(
      "--corrupt was lowered from its default 3 to 2: only 2 replicas of the file's 1 block survived the 2 failed " +
        'DataNodes.',
    );
    expect(report.results.tables.walkthrough.description).toBe('Failed DataNodes: dn04, dn06; 2 replicas corrupted.');
  });

  it('a small cluster with the other defaults: each lowered to what --nodes allows, and each said once', async () => {
    const args = ['--quick', '--size', '16KiB', '--nodes', '2', '--repeats', '1', '--corrupt', '0'];
    const outcome = await runLab(lab, args, { out: tempDir(), log: () => {} });
    const { report } = outcome!;
    const few = 'there are only 2 DataNodes (--nodes 2)';
    expect(report.findings.filter((f) => f.includes('lowered'))).toEqual([
      `--replication was lowered from its default 3 to 2: ${few}.`,
      `--sweep-replications was lowered from its default 1,2,3 to 1,2: ${few}.`,
      `--fail was lowered from its default 2 to 1: one DataNode must survive, and ${few}.`,
    ]);
    expect([...new Set(report.results.tables.failures.rows.map((f) => f.replication))]).toEqual([1, 2]);
    expect(report.results.tables.walkthrough.rows[1]).toMatchObject({ stage: 'after failures', dataNodes: 1 });
  });

  it('a given --bytes-per-checksum lowers the default block size to whole chunks', async () => {
    const args = ['--quick', '--size', '4000', '--bytes-per-checksum', '1000', '--repeats', '1'];
    const outcome = await runLab(lab, args, { out: tempDir(), log: () => {} });
    // The quick default block size is 128 KiB = 131,072 bytes: 131 whole chunks of 1,000 bytes.
    expect(outcome!.report.findings[0]).toBe(
      '--block-size was lowered from its default 131072 to 131000: a block holds whole checksum chunks of 1000 ' +
        'bytes (--bytes-per-checksum).',
    );
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
