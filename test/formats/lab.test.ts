import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, runLab, type Row } from '../../src/core/index.js';
import lab from '../../labs/04-file-formats.js';
import { tempDir } from './helpers.js';

describe('lab 04 file formats', () => {
  const dir = tempDir();

  it('writes every format, answers every query correctly, and reports files, queries, blocks and the DuckDB check', async () => {
    const outcome = await runLab(lab, ['--quick', '--rows', '1500', '--row-group-size', '300', '--block-reads', '3'], {
      out: path.join(dir, 'all'),
      log: () => {},
    });
    const report = outcome!.report;
    const tables = report.results.tables;
    expect(Object.keys(tables)).toEqual(['files', 'queries', 'blocks', 'reference']);
    const files = tables.files.rows;
    expect(files).toHaveLength(12);
    expect(files.every((r: Row) => r.roundTrip === 'exact')).toBe(true);
    const queries = tables.queries.rows;
    // 12 formats x 6 queries, and DuckDB's 4.
    expect(queries).toHaveLength(12 * 6 + 4);
    expect(queries.filter((r: Row) => r.check !== (r.query === 'append' ? 'n/a' : 'ok'))).toEqual([]);
    const pqFilter = queries.find(
      (r: Row) => r.format === 'Parquet' && r.codec === 'SNAPPY' && r.query === 'filter-time',
    );
    expect(pqFilter).toMatchObject({ blocksTotal: 5, blocksSkipped: 4 });
    expect(tables.reference.rows.map((r: Row) => r.check)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(tables.blocks.rows.map((r: Row) => r.readBytes)).toEqual([1, 4096, 65536]);
    expect(
      report.findings.some((f: string) => f.startsWith('Summing one column: Parquet SNAPPY (hyparquet) took')),
    ).toBe(true);
    expect(report.sections.map((s: { title: string }) => s.title)).toEqual([
      'Column types',
      'Caches',
      'How each query ran',
      'parquetjs-lite faults, measured',
    ]);
    expect(report.charts.map((c: { file: string }) => c.file)).toEqual(['file-sizes.svg', 'sum-seconds.svg']);
    // Without --keep-files the written files stay in the scratch folder.
    expect(readdirSync(outcome!.dir).some((f) => f.endsWith('.parquet'))).toBe(false);
  });

  it('keeps the files with --keep-files and reads a CSV of your own', async () => {
    const input = path.join(dir, 'mine.csv');
    writeFileSync(
      input,
      [
        'sku,price,sold_at,note',
        ...Array.from(
          { length: 400 },
          (_, i) =>
            `${i + 1},${(i % 37) + 0.5},2024-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z,"item ${i}, boxed"`,
        ),
      ].join('\n'),
    );
    const outcome = await runLab(
      lab,
      [
        '--input',
        input,
        '--formats',
        'csv,parquet-zstd,duckdb',
        '--repeats',
        '1',
        '--write-repeats',
        '1',
        '--block-reads',
        '2',
        '--keep-files',
      ],
      { out: path.join(dir, 'mine'), log: () => {} },
    );
    const report = outcome!.report;
    expect(existsSync(path.join(outcome!.dir, 'table.zstd.parquet'))).toBe(true);
    expect(existsSync(path.join(outcome!.dir, 'table.csv'))).toBe(true);
    expect(report.sections[0].body).toContain('| sold_at | timestamp |');
    const queries = report.results.tables.queries.rows;
    expect(queries.find((r: Row) => r.query === 'lookup')!.what).toMatch(/^sku = \d+$/);
    expect(queries.filter((r: Row) => r.check !== (r.query === 'append' ? 'n/a' : 'ok'))).toEqual([]);
  });

  it('rejects bad input with one clear line and writes no report', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'a,b\n1,2\n3\n');
    const out = path.join(dir, 'bad');
    await expect(runLab(lab, ['--input', bad], { out, log: () => {} })).rejects.toThrow(InputError);
    await expect(runLab(lab, ['--formats', 'duckdb,csv'], { out, log: () => {} })).rejects.toThrow(
      /duckdb queries a Parquet file/,
    );
    await expect(runLab(lab, ['--rows', '5'], { out, log: () => {} })).rejects.toThrow(/--rows/);
    await expect(runLab(lab, ['--formats', 'orc'], { out, log: () => {} })).rejects.toThrow(/--formats/);
    expect(existsSync(path.join(out, '04-file-formats', 'report.json'))).toBe(false);
  });

  it('refuses an unreadable --input with one line and exit 2, leaving nothing in --out', () => {
    const secret = path.join(dir, 'secret.csv');
    writeFileSync(secret, 'a,b\n1,2\n');
    chmodSync(secret, 0o000);
    const out = path.join(dir, 'unreadable');
    const tmp = path.join(dir, 'tmp-for-nobody'); // the child's temp folder: tsx's cache and the lab's scratch folder
    for (const d of [out, tmp]) {
      mkdirSync(d);
      chmodSync(d, 0o777);
    }
    chmodSync(dir, 0o755);
    // root reads any file, so as root the lab runs as the unprivileged user nobody (65534).
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = spawnSync(
      process.execPath,
      ['bin/syslab.js', 'run', '04', '--quick', '--input', secret, '--out', path.join(out, 'run')],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: tmp, TMPDIR: tmp, CI: 'true' }, ...asNobody },
    );
    // One line naming the option, the file and the reason (the core's path check or the lab's, whichever runs first).
    expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(/^error: --input\b.*secret\.csv.*permission denied/);
    expect(run.status).toBe(2);
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(tmp).filter((f) => f.startsWith('syslab-'))).toEqual([]);
  });
});
