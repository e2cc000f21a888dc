// Lab 03 end to end, in process: the resolved policy parameters land in the report's params and row keys, the
// shipped trace runs in each of its three formats with the same hit counts, and bad input is one InputError with no
// report folder.
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { runLab } from '../../src/core/lab.js';
import lab from '../../labs/03-cache-policies.js';

const traces = path.resolve(__dirname, '../../data/traces');
const tiny = ['--workloads', 'zipf', '--requests', '2000', '--keys', '300', '--throughput-requests', '1000'];
const out = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'syslab-lab03-')), 'run');
const quiet = { log: () => undefined };

describe('lab 03', () => {
  it('records every policy parameter in params and in the rows', async () => {
    const run = await runLab(
      lab,
      [...tiny, '--policies', 's3fifo:threshold=1,lru', '--sizes', '50', '--out', out()],
      quiet,
    );
    expect(run?.report.params.policies).toEqual(['s3fifo:small=0.1,ghost=0.9,threshold=1', 'lru']);
    const rows = run?.report.results.tables.hitRates.rows ?? [];
    expect(rows.map((r) => [r.policy, r.policyParams])).toEqual([
      ['s3fifo', 'small=0.1,ghost=0.9,threshold=1'],
      ['lru', ''],
    ]);
  });

  it('gives the same hit counts on the txt, csv and oracleGeneral forms of the shipped trace', async () => {
    const hits = [];
    for (const form of [
      ['cloudPhysicsIO.txt'],
      ['cloudPhysicsIO.csv', '--trace-column', 'lbn'],
      ['cloudPhysicsIO.oracleGeneral.zst'],
    ]) {
      const args = [
        ...tiny,
        '--workloads',
        'uniform',
        '--policies',
        'lru,s3fifo',
        '--sizes',
        '100,1000',
        '--out',
        out(),
      ];
      const run = await runLab(lab, [...args, '--trace', path.join(traces, form[0]), ...form.slice(1)], quiet);
      const rows = run?.report.results.tables.hitRates.rows.filter(
        (r) => typeof r.workload === 'string' && r.workload.startsWith('cloudPhysics'),
      );
      hits.push(rows?.map((r) => r.hits));
      expect(run?.report.results.tables.ingest.rows[0].requests).toBe(113_872);
    }
    expect(hits[0]).toHaveLength(4);
    expect(hits[1]).toEqual(hits[0]);
    expect(hits[2]).toEqual(hits[0]);
  });

  it('refuses bad input with one line and writes nothing', async () => {
    const dir = out();
    const bad = (...argv: string[]) => runLab(lab, [...tiny, '--out', dir, ...argv], quiet);
    await expect(bad('--policies', 's3fifo:small=3')).rejects.toThrow(InputError);
    await expect(bad('--policies', 'lru,lru')).rejects.toThrow(/--policies: lru is given twice/);
    await expect(bad('--trace', path.join(traces, 'cloudPhysicsIO.csv'))).rejects.toThrow(/pass --trace-column/);
    await expect(
      bad('--trace', path.join(traces, 'cloudPhysicsIO.txt'), '--trace-format', 'oracleGeneral'),
    ).rejects.toThrow(/not a whole number of 24-byte oracleGeneral records/);
    expect(existsSync(dir)).toBe(false);
  });
});
