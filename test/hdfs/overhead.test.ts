import { describe, expect, it } from 'vitest';
import { erasureCodedBytes, namenodeHeapBytes, namespaceObjects } from '../../src/hdfs/overhead.js';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('storage overhead', () => {
  it('computes RS-6-3 striping by hand', () => {
    expect(erasureCodedBytes(6 * MiB)).toBe(9 * MiB); // one full stripe: 1.5x
    expect(erasureCodedBytes(12 * MiB)).toBe(18 * MiB);
    expect(erasureCodedBytes(7 * MiB)).toBe(6 * MiB + 3 * MiB + 1 * MiB + 3 * MiB); // a second stripe with one cell
    expect(erasureCodedBytes(64 * KiB)).toBe(4 * 64 * KiB); // small file: three parity cells as long as the data
    expect(erasureCodedBytes(2 * MiB)).toBe(5 * MiB);
    expect(erasureCodedBytes(0)).toBe(0);
  });

  it('counts NameNode objects and heap for big and small files', () => {
    expect(namespaceObjects(1024 * MiB, 1024 * MiB, 128 * MiB)).toEqual({ files: 1, blocks: 8 });
    expect(namespaceObjects(1024 * MiB, 1024 * MiB, 1 * MiB)).toEqual({ files: 1, blocks: 1024 });
    expect(namespaceObjects(1024 * MiB, 64 * KiB, 128 * MiB)).toEqual({ files: 16384, blocks: 16384 });
    expect(namespaceObjects(10 * MiB + 1, 4 * MiB, 1 * MiB)).toEqual({ files: 3, blocks: 4 + 4 + 3 });
    expect(namenodeHeapBytes({ files: 1, blocks: 8 })).toBe(1350);
  });
});
