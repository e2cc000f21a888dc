// Assignments: each lab's default loads; --hidden merges the instructor's assignment.json and lists their traces;
// bad hidden folders and files are one line.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { loadAssignment } from '../../src/coursework/assignment.js';
import { tempDir } from './helpers.js';

const dir = tempDir();

describe('loadAssignment', () => {
  it('loads every default assignment with its checks in order', () => {
    expect(Object.keys(loadAssignment('01').points)).toEqual(['shapes', 'dtypes', 'numerics']);
    expect(loadAssignment('02').kind).toBe('lock');
    expect(loadAssignment('03').workedTraces?.[0]).toEqual({
      name: 'the loop 1..5 twice, 4 slots',
      keys: [1, 2, 3, 4, 5, 1, 2, 3, 4, 5],
      capacity: 4,
      hits: 4,
    });
    expect(Object.values(loadAssignment('06').points).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('merges a hidden assignment.json over the default and lists the hidden traces', () => {
    const hidden = path.join(dir, 'hidden');
    mkdirSync(path.join(hidden, 'traces'), { recursive: true });
    writeFileSync(path.join(hidden, 'assignment.json'), JSON.stringify({ reference: 'arc', tolerance: 0.05 }));
    writeFileSync(path.join(hidden, 'traces', 'b.txt'), '1\n2\n');
    writeFileSync(path.join(hidden, 'traces', 'a.txt'), '3\n');
    const a = loadAssignment('03', hidden);
    expect([a.reference, a.tolerance, a.points.capacity]).toEqual(['arc', 0.05, 25]);
    expect(a.hiddenTraces.map((t) => path.basename(t))).toEqual(['a.txt', 'b.txt']);
  });

  it('refuses a hidden path that is not a folder, invalid JSON, or a field out of range', () => {
    expect(() => loadAssignment('03', path.join(dir, 'none'))).toThrow(/--hidden ".*none" is not a folder/);
    const bad = path.join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'assignment.json'), '{ nope');
    expect(() => loadAssignment('03', bad)).toThrow(InputError);
    writeFileSync(path.join(bad, 'assignment.json'), JSON.stringify({ tolerance: 2 }));
    expect(() => loadAssignment('03', bad)).toThrow(/assignment ".*assignment\.json": tolerance: /);
  });
});
