import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  countSyscallReads,
  CountingFile,
  newCounter,
  procIoAvailable,
  readChunks,
  readWholeFile,
} from '../../src/formats/io.js';
import { tempDir } from './helpers.js';

describe('byte counting at the file-read layer', () => {
  const dir = tempDir();
  const file = path.join(dir, 'bytes.bin');
  const content = Buffer.from(Array.from({ length: 3_000_000 }, (_, i) => i % 251));
  writeFileSync(file, content);

  it('counts positional reads, short at the end of the file', () => {
    const counter = newCounter();
    const f = new CountingFile(file, counter);
    expect(f.size).toBe(3_000_000);
    expect([...f.readAt(1000, 4)]).toEqual([1000 % 251, 1001 % 251, 1002 % 251, 1003 % 251]);
    expect(f.readAt(2_999_998, 10)).toHaveLength(2);
    const ab = f.readArrayBuffer(10, 100);
    expect(ab.byteLength).toBe(100);
    expect(new Uint8Array(ab)[0]).toBe(10);
    f.close();
    expect(counter).toEqual({ bytes: 106, reads: 3 });
  });

  it('counts whole-file reads and streamed chunks', async () => {
    const whole = newCounter();
    expect(readWholeFile(file, whole).equals(content)).toBe(true);
    expect(whole).toEqual({ bytes: 3_000_000, reads: 1 });
    const streamed = newCounter();
    let total = 0;
    for await (const chunk of readChunks(file, streamed, 1 << 20)) total += chunk.length;
    expect(total).toBe(3_000_000);
    expect(streamed).toEqual({ bytes: 3_000_000, reads: 3 });
  });

  it.skipIf(!procIoAvailable())(
    'counts the read() system calls of native code from /proc/self/io, less its own probes',
    async () => {
      const counter = newCounter();
      await countSyscallReads(counter, () => readFileSync(file));
      // readFileSync reads the file once, plus a zero-byte read at its end.
      expect(counter.bytes).toBe(3_000_000);
      const none = newCounter();
      await countSyscallReads(none, () => 1 + 1);
      expect(none.bytes).toBe(0);
    },
  );
});
