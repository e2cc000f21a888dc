// `syslab check` through the real CLI: a failing check is exit 1 with a table and Gradescope's results file; bad
// options are one line and exit 2.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from './helpers.js';

const run = promisify(execFile);
const dir = tempDir();

async function syslab(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/syslab.js', ...args], { timeout: 120_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

describe('syslab check', () => {
  it('prints the table, writes results.json, and exits 1 when a check fails', async () => {
    const results = path.join(dir, 'results.json');
    const r = await syslab(['check', '3', '--policy-file', fixture('mru-over-capacity.ts'), '--results', results]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}capacity {13}0 \/ 25 {5}held at least/m);
    expect(r.out).toContain('total 50 / 100');
    const written = JSON.parse(readFileSync(results, 'utf8')) as { score: number; tests: { status: string }[] };
    expect(written.score).toBe(50);
    expect(written.tests.map((t) => t.status)).toEqual(['failed', 'failed', 'passed', 'passed', 'passed']);
  }, 120_000);

  it.each([
    [['check', '03'], 'error: check 03: --policy-file <file> is required (lab 03 grades a policy)'],
    [['check', '04', '--policy-file', 'x.ts'], 'error: lab 04 has no assignment to check; allowed: 01, 02, 03, 06'],
    [['check', '03', '--policy-file', 'p.ts', '--answers', 'a.md'], 'error: check: --answers and --report go together'],
    [['check', '03', '--polcy-file', 'p.ts'], 'error: check: unknown option --polcy-file; allowed: --policy-file'],
  ])(
    '%j is one line and exit 2',
    async (args, message) => {
      const r = await syslab(args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toContain(message);
    },
    60_000,
  );
});
