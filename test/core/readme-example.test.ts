// README's "Writing a lab" example, run as written: its three code blocks are written into a scratch project that
// shares the real src/core, the lab runs through tsx in a child process, and its report must hold the exact sums.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.js';

const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Writing a lab'), readme.indexOf('## Requirements'));
/** Each ```ts block of the section, keyed by the path its first line names ("// src/sum/experiment.ts: ..."). */
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => {
  const file = /^\/\/ (\S+\.ts):/.exec(m[1])?.[1];
  return { file, code: m[1] };
});

const scratch = mkdtempSync(path.join(os.tmpdir(), 'readme-example-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("README's Writing a lab example", () => {
  it('names the file of each of its three blocks', () => {
    expect(blocks.map((b) => b.file)).toEqual(['src/sum/experiment.ts', 'src/sum/report.ts', 'labs/09-sum.ts']);
  });

  it('runs as written and reports the exact sums', () => {
    mkdirSync(path.join(scratch, 'src'), { recursive: true });
    writeFileSync(path.join(scratch, 'package.json'), '{ "type": "module" }\n'); // ESM, as in the project
    symlinkSync(path.join(projectRoot, 'src', 'core'), path.join(scratch, 'src', 'core'));
    for (const { file, code } of blocks) {
      mkdirSync(path.dirname(path.join(scratch, file!)), { recursive: true });
      writeFileSync(path.join(scratch, file!), code);
    }
    const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
    const out = path.join(scratch, 'run');
    const stdout = execFileSync(tsx, [path.join(scratch, 'labs/09-sum.ts'), '--sizes', '10,1000', '--out', out], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
      timeout: 60_000,
    });
    expect(stdout).toContain('Summed 2 sizes; the slowest, n = ');
    const report = JSON.parse(readFileSync(path.join(out, '09-sum', 'report.json'), 'utf8')) as {
      results: { tables: { sums: { rows: Array<{ n: number; total: number; seconds: { n: number } }> } } };
    };
    const rows = report.results.tables.sums.rows;
    // 0 + 1 + ... + (n - 1) = n (n - 1) / 2
    expect(rows.map((r) => [r.n, r.total, r.seconds.n])).toEqual([
      [10, 45, 5],
      [1000, 499500, 5],
    ]);
  });
});
