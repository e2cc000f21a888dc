// Shared by the coursework tests: fixture paths, an assignment with overrides, and a temporary folder removed after
// the test file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { loadAssignment, type Assignment } from '../../src/coursework/assignment.js';

/** A file in test/coursework/fixtures (an absolute path is returned as it is). */
export const fixture = (name: string): string => path.resolve('test/coursework/fixtures', name);

/** The instructors' reference MRU policy: the tests grade the shipped solution itself, not a copy of it. */
export const MRU_SOLUTION = path.resolve('docs/instructors/solutions/03-mru.ts');

/** Lab `lab`'s default assignment with some fields replaced. */
export const assignment = (lab: string, over: Partial<Assignment> = {}): Assignment => ({
  ...loadAssignment(lab),
  ...over,
});

/** A fresh temporary folder, removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-coursework-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** name -> score of each test of a results object. */
export const scores = (r: { tests: { name: string; score: number }[] }): Record<string, number> =>
  Object.fromEntries(r.tests.map((t) => [t.name, t.score]));
