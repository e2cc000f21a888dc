// "A small read still costs a whole block": reads of 1 B, 4 KiB, 64 KiB and 1 MiB at random offsets of a large
// file, each timed on its own. Storage and the page cache move whole pages (4 KiB) and the kernel reads ahead, so
// a 1-byte read costs about what a 4 KiB read costs; the device bytes counted per read show it on a cold cache.
// Timed with the core's engine: one untimed read per size first, the offset and the kernel's counters taken in its
// hooks, outside the timed region. Tests: test/formats/blocks.test.ts.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Rng } from '../core/rng.js';
import type { Summary } from '../core/stats.js';
import { measureSync } from '../core/timing.js';
import { ioBetween, procIo, type ProcIo } from './io.js';

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
 * first). `before` runs untimed before every read, the warm-up read included (the lab drops the page cache there
 * with --cold).
 */
export function timeBlockReads(path: string, reads: number, rng: Rng, before?: () => void): BlockReadResult[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const results: BlockReadResult[] = [];
    for (const bytes of BLOCK_SIZES) {
      if (bytes > size) continue;
      const buf = Buffer.alloc(bytes);
      let at = 0;
      let io0: ProcIo | undefined;
      let rounds = 0;
      let device = 0;
      let counted = true;
      const seconds = measureSync(() => readSync(fd, buf, 0, bytes, at), {
        warmup: 1, // the first read pays for lazy setup
        repeats: reads,
        before: () => {
          at = rng.int(size - bytes + 1);
          before?.();
          io0 = procIo();
        },
        after: () => {
          const io1 = procIo();
          if (rounds++ === 0) return; // the warm-up read
          if (io0 && io1) device += ioBetween(io0, io1).readBytes;
          else counted = false;
        },
      });
      results.push({
        readBytes: bytes,
        reads,
        seconds,
        deviceBytesPerRead: counted ? device / reads : undefined,
      });
    }
    return results;
  } finally {
    closeSync(fd);
  }
}
