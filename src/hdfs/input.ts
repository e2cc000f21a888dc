// The bytes the lab stores: a user's file (--input) or seeded random data of --size bytes.
// Tests: test/hdfs/input.test.ts.
import { readFileSync, statSync } from 'node:fs';
import { InputError, formatBytes, type Rng } from '../core/index.js';

export const MAX_INPUT_BYTES = 1024 ** 3;

/** Random bytes from the seeded generator, four at a time, so one seed always gives the same file. */
export function seededBytes(size: number, rng: Rng): Uint8Array {
  const words = new Uint32Array(Math.ceil(size / 4));
  for (let i = 0; i < words.length; i++) words[i] = rng.int(2 ** 32);
  return new Uint8Array(words.buffer, 0, size);
}

export function readInput(file: string): Uint8Array {
  const size = statSync(file).size;
  if (size === 0)
    throw new InputError(`--input "${file}" is empty; give a file of 1 byte to ${formatBytes(MAX_INPUT_BYTES)}`);
  if (size > MAX_INPUT_BYTES)
    throw new InputError(
      `--input "${file}" has ${formatBytes(size)}; this single-process model holds files up to ${formatBytes(MAX_INPUT_BYTES)}`,
    );
  return readFileSync(file);
}
