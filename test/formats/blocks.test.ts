import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { BLOCK_SIZES, timeBlockReads } from '../../src/formats/blocks.js';
import { tempDir } from './helpers.js';

describe('timeBlockReads', () => {
  const dir = tempDir();

  it('times every read size, each read on its own, with a hook before each read', () => {
    const file = path.join(dir, 'big.bin');
    writeFileSync(file, Buffer.alloc(3 << 20, 7));
    let hooks = 0;
    const results = timeBlockReads(file, 5, createRng(1), () => {
      hooks++;
    });
    expect(results.map((r) => r.readBytes)).toEqual([...BLOCK_SIZES]);
    expect(results.every((r) => r.reads === 5 && r.seconds.n === 5 && r.seconds.min > 0)).toBe(true);
    // 4 sizes x (1 warm-up read + 5 timed reads): the hook runs before the warm-up read too.
    expect(hooks).toBe(24);
  });

  it('leaves out sizes larger than the file', () => {
    const file = path.join(dir, 'small.bin');
    writeFileSync(file, Buffer.alloc(10_000));
    expect(timeBlockReads(file, 2, createRng(1)).map((r) => r.readBytes)).toEqual([1, 4096]);
  });
});
