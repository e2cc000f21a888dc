// Throughput timing: the requested repeats are taken and every rate is positive (no speed goals).
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { seededBytes } from '../../src/hdfs/input.js';
import { BUILTIN_POLICIES } from '../../src/hdfs/placement.js';
import { measureThroughput } from '../../src/hdfs/throughput.js';
import { tempDir } from './helpers.js';

describe('throughput', () => {
  it('times writes, reads and CRC32C with the requested repeats', () => {
    const t = measureThroughput({
      dir: tempDir(),
      data: seededBytes(64 * 1024, createRng(1)),
      nodes: 3,
      racks: 1,
      replication: 2,
      blockSize: 16 * 1024,
      bytesPerChecksum: 512,
      policy: BUILTIN_POLICIES.default,
      rng: createRng(1),
      repeats: 2,
    });
    expect(t.writeMBps.n).toBe(2);
    expect(t.readMBps.n).toBe(2);
    expect(t.crcChunksMBps.n).toBeGreaterThanOrEqual(5);
    for (const s of [t.writeMBps, t.readMBps, t.crcChunksMBps, t.crcWholeMBps]) expect(s.min).toBeGreaterThan(0);
  });
});
