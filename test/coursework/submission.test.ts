// submit and verify: a submission of a real (small) lab 03 run with a student policy verifies; a report.json edited
// by hand fails, both when the manifest's hash is left alone and when it is updated to match the edit.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLab } from '../../src/core/lab.js';
import { createSubmission, sha256, verifySubmission, type Manifest } from '../../src/coursework/submission.js';
import lab from '../../labs/03-cache-policies.js';
import { MRU_SOLUTION, tempDir } from './helpers.js';

const dir = tempDir();
const argv = [
  '--quick',
  '--policies',
  'lru,fifo',
  '--workloads',
  'zipf',
  '--sizes',
  '10,50',
  '--keys',
  '200',
  '--requests',
  '3000',
  '--throughput-requests',
  '1000',
  '--seed',
  '5',
  '--policy-file',
  MRU_SOLUTION,
];

/** Rewrites one file of a zip; `rehash` also updates its SHA-256 in the manifest. */
function edit(zip: Uint8Array, name: string, change: (text: string) => string, rehash: boolean): Uint8Array {
  const files = unzipSync(zip);
  files[name] = strToU8(change(strFromU8(files[name])));
  if (rehash) {
    const manifest = JSON.parse(strFromU8(files['manifest.json'])) as Manifest;
    for (const f of manifest.files) if (f.name === name) f.sha256 = sha256(files[name]);
    files['manifest.json'] = strToU8(JSON.stringify(manifest));
  }
  return zipSync(files);
}

describe('submit and verify', () => {
  let zipFile = '';
  let zip: Uint8Array;
  let manifest: Manifest;

  beforeAll(async () => {
    const outcome = await runLab(lab, argv, { out: path.join(dir, 'run'), log: () => undefined });
    ({ zip, manifest } = createSubmission({ labDir: outcome!.dir, student: 'ada' }));
    zipFile = path.join(dir, 'ada.zip');
    writeFileSync(zipFile, zip);
  }, 120_000);

  it('records the report, the plug-in source with its SHA-256, the seed and the version', () => {
    expect(manifest.lab).toEqual({ id: '03', slug: 'cache-policies' });
    expect(manifest.seed).toBe(5);
    expect(manifest.student).toBe('ada');
    const plugin = manifest.files.find((f) => f.param === 'policyFile')!;
    expect(plugin.sha256).toBe(sha256(readFileSync(MRU_SOLUTION)));
    expect(plugin.original).toBe(MRU_SOLUTION);
    expect(manifest.files.map((f) => f.name)).toEqual([
      'report/report.json',
      'report/report.md',
      'plugins/0-03-mru.ts',
    ]);
  });

  it('an untouched submission verifies: every exact value agrees with a re-run', async () => {
    const r = await verifySubmission(zipFile, lab);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.compared).toBeGreaterThan(0);
  }, 120_000);

  it('a report.json edited by hand fails: the hash, and with the hash updated, the re-run', async () => {
    // Give mru 9 hits on the loop instead of the 4 it really gets.
    const raise = (text: string) => {
      const report = JSON.parse(text) as {
        results: { tables: { loop: { rows: { policy: string; hits: number }[] } } };
      };
      report.results.tables.loop.rows.find((r) => r.policy === 'mru')!.hits = 9;
      return JSON.stringify(report);
    };
    const stale = path.join(dir, 'stale.zip');
    writeFileSync(stale, edit(zip, 'report/report.json', raise, false));
    const r1 = await verifySubmission(stale, lab);
    expect(r1.ok).toBe(false);
    expect(r1.problems).toContain('report/report.json: SHA-256 differs from the manifest');
    expect(r1.problems).toContain('table loop, row mru | , hits: report says 9, re-run gives 4');

    const rehashed = path.join(dir, 'rehashed.zip');
    writeFileSync(rehashed, edit(zip, 'report/report.json', raise, true));
    const r2 = await verifySubmission(rehashed, lab);
    expect(r2.problems).toEqual(['table loop, row mru | , hits: report says 9, re-run gives 4']);
  }, 240_000);
});
