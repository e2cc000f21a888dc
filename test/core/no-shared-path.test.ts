// Nothing the project tracks may depend on the folder that sits beside the development checkout (it does not exist
// in a fresh clone): every git-tracked file is searched for that folder's relative path.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
// Built from parts, so this file does not name the path itself.
const forbidden = ['..', 'shared'].join('/');

/** Tracked files that name the forbidden path, with the first line that does. */
export function filesNaming(needle: string, files: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue; // deleted in the working tree but still tracked
    }
    const line = text.split('\n').findIndex((l) => l.includes(needle));
    if (line >= 0) hits.push(`${file}:${line + 1}`);
  }
  return hits;
}

describe('no tracked file names the folder beside the checkout', () => {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  it('git lists the project files', () => {
    expect(tracked).toContain('package.json');
  });
  it(`none names ${forbidden}`, () => {
    expect(filesNaming(forbidden, tracked)).toEqual([]);
  });
  it('the search itself finds a file that does name it', () => {
    expect(filesNaming('syslab', ['package.json'])).toEqual(['package.json:2']);
  });
});
