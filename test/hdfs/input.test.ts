// The lab's input bytes: seeded data is repeatable; an empty or oversized --input is an InputError.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng, InputError } from '../../src/core/index.js';
import { readInput, seededBytes } from '../../src/hdfs/input.js';
import { tempDir } from './helpers.js';

describe('lab input', () => {
  it('generates the same bytes for the same seed, of any length', () => {
    expect(seededBytes(7, createRng(3))).toEqual(seededBytes(7, createRng(3)));
    expect(seededBytes(7, createRng(3))).not.toEqual(seededBytes(7, createRng(4)));
    expect(seededBytes(0, createRng(3)).length).toBe(0);
    expect(seededBytes(1001, createRng(3)).length).toBe(1001);
  });

  it('reads a file and refuses an empty one', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a'), 'hello');
    writeFileSync(path.join(dir, 'empty'), '');
    expect(Buffer.from(readInput(path.join(dir, 'a'))).toString()).toBe('hello');
    expect(() => readInput(path.join(dir, 'empty'))).toThrow(InputError);
  });
});
