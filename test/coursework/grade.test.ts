// grade over a folder of 20 generated submissions (folders and zips; correct, over capacity, looping, not compiling,
// empty): the CSV has one row per student with the expected per-check points, and the HTML page the distribution.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadAssignment } from '../../src/coursework/assignment.js';
import { gradeFolder, gradesCsv, gradesHtml } from '../../src/coursework/grade.js';
import { sha256, SUBMISSION_SCHEMA, type Manifest } from '../../src/coursework/submission.js';
import { fixture, MRU_SOLUTION, tempDir } from './helpers.js';

const root = tempDir();
const folder = path.join(root, 'submissions');
const hidden = path.join(root, 'hidden');

/** What each generated student hands in, and the points each check should give. */
const KINDS: Record<string, { file?: string; points: readonly number[] }> = {
  correct: { file: MRU_SOLUTION, points: [25, 25, 15, 10, 25] },
  over: { file: 'mru-over-capacity.ts', points: [0, 0, 15, 10, 25] },
  loops: { file: 'mru-loops.ts', points: [0, 0, 0, 0, 0] },
  broken: { file: undefined, points: [0, 0, 0, 0, 0] },
  empty: { file: undefined, points: [0, 0, 0, 0, 0] },
};
type Kind = 'correct' | 'over' | 'loops' | 'broken' | 'empty';

// 17 folders and 3 zips: 10 correct, 6 over capacity, 2 looping, 1 that does not compile, 1 empty.
const kinds: [Kind, boolean][] = [
  ...Array.from({ length: 8 }, (): [Kind, boolean] => ['correct', false]),
  ...Array.from({ length: 5 }, (): [Kind, boolean] => ['over', false]),
  ['loops', false],
  ['loops', false],
  ['broken', false],
  ['empty', false],
  ['correct', true],
  ['correct', true],
  ['over', true],
];
const PLAN = kinds.map(([kind, zip], i) => ({ student: `s${String(i + 1).padStart(2, '0')}`, kind, zip }));

function generate(): void {
  mkdirSync(folder, { recursive: true });
  mkdirSync(hidden, { recursive: true });
  writeFileSync(path.join(hidden, 'assignment.json'), JSON.stringify({ callTimeout: 0.3 }));
  for (const { student, kind, zip } of PLAN) {
    const file = KINDS[kind].file;
    const source =
      kind === 'broken'
        ? strToU8('export default { name: "x", create( ;\n')
        : file
          ? readFileSync(fixture(file))
          : undefined;
    if (zip && source) {
      const manifest: Manifest = {
        schema: SUBMISSION_SCHEMA,
        lab: { id: '03', slug: 'cache-policies' },
        student,
        createdAt: '2026-01-01T00:00:00.000Z',
        syslab: { version: '0.1.0', commit: 'unknown' },
        params: { policyFile: ['my-policy.ts'], seed: 1 },
        seed: 1,
        machine: {},
        files: [
          { name: 'plugins/0-my-policy.ts', sha256: sha256(source), param: 'policyFile', original: 'my-policy.ts' },
        ],
      };
      const files = { 'manifest.json': strToU8(JSON.stringify(manifest)), 'plugins/0-my-policy.ts': source };
      writeFileSync(path.join(folder, `${student}.zip`), zipSync(files));
      continue;
    }
    mkdirSync(path.join(folder, student));
    if (kind === 'broken') writeFileSync(path.join(folder, student, 'policy.ts'), source!);
    else if (file) copyFileSync(fixture(file), path.join(folder, student, 'my-policy.ts'));
  }
}

describe('grade', () => {
  it('grades 20 submissions into the expected CSV and an HTML summary', async () => {
    generate();
    const assignment = loadAssignment('03', hidden);
    expect(assignment.callTimeout).toBe(0.3);
    const rows = await gradeFolder(folder, assignment, 2);
    const csv = gradesCsv(rows, assignment).trim().split('\n');
    expect(csv[0]).toBe(
      'student,submission,score,max_score,capacity,worked-traces,never-beats-opt,deterministic,hidden-trace,error',
    );
    const expected = PLAN.map(({ student, kind, zip }) => {
      const points = KINDS[kind].points;
      const total = points.reduce((a, b) => a + b, 0);
      const error = kind === 'empty' ? 'no policy file in it' : '';
      return [student, zip ? `${student}.zip` : student, total, 100, ...points, error].join(',');
    });
    expect(csv.slice(1)).toEqual(expected);
    const html = gradesHtml(rows, assignment);
    // 10 x 100, 6 x 50, 4 x 0 (2 looping, 1 not compiling, 1 empty): mean 65; median (50 + 100) / 2 = 75.
    expect(html).toMatch(
      /20 submissions; score out of 100: mean 65\.0, median 75, min 0,\s+max 100\. 1 could not be checked\./,
    );
    expect(html).toContain('<tr><td>capacity</td><td>10 of 20</td></tr>');
    const looping = rows.find((r) => r.student === 's14')!.results!.tests[0].output;
    expect(looping).toMatch(/access\(\) did not return within 300 ms/);
    const broken = rows.find((r) => r.student === 's16')!.results!.tests[0].output;
    expect(broken).toMatch(/policy\.ts" failed to compile: .*policy\.ts:1:36: Expected identifier but found ";"$/);
  }, 300_000);
});
