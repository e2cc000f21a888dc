// "A small read still costs a whole block": reads of 1 B, 4 KiB, 64 KiB and 1 MiB at random offsets of a large
// file, each timed on its own. Storage and the page cache move whole pages (4 KiB) and the kernel reads ahead, so
// a 1-byte read costs about what a 4 KiB read costs; the device bytes counted per read show it on a cold cache.
// Tests: test/formats/blocks.test.ts.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Rng } from '../core/rng.js';
import { summarize, type Summary } from '../core/stats.js';
import { ioBetween, procIo } from './io.js';

export const BLOCK_SIZES = [1, 4096, 65536, 1 << 20] as const;

export interface BlockReadResult {
  readBytes: number;
  reads: number;
  /** Seconds per read. */
  seconds: Summary;
  /** Bytes fetched from the storage device per read (kernel counter; undefined off Linux). */
  deviceBytesPerRead?: number;
}

/**
 * Times `reads` positional reads of each size at uniformly random offsets of the file (one warm-up read per size
 * first). `before` runs untimed before every read (the lab drops the page cache there with --cold).
 */
export function timeBlockReads(path: string, reads: number, rng: Rng, before?: () => void): BlockReadResult[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const results: BlockReadResult[] = [];
    for (const bytes of BLOCK_SIZES) {
      if (bytes > size) continue;
      const buf = Buffer.alloc(bytes);
      const offset = () => rng.int(size - bytes + 1);
      readSync(fd, buf, 0, bytes, offset()); // warm-up: the first read pays for lazy setup
      const samples: number[] = [];
      let device = 0;
      let counted = true;
      for (let i = 0; i < reads; i++) {
        const at = offset();
        before?.();
        const io0 = procIo();
        const t0 = performance.now();
        readSync(fd, buf, 0, bytes, at);
        samples.push((performance.now() - t0) / 1000);
        const io1 = procIo();
        if (io0 && io1) device += ioBetween(io0, io1).readBytes;
        else counted = false;
      }
      results.push({
        readBytes: bytes,
        reads,
        seconds: summarize(samples),
        deviceBytesPerRead: counted ? device / reads : undefined,
      });
    }
    return results;
  } finally {
    closeSync(fd);
  }
}
