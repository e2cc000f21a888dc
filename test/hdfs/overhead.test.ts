// Storage overhead (replication, RS-6-3 striping) and the NameNode heap estimate, worked by hand.
import { describe, expect, it } from 'vitest';
import {
  erasureCodedBytes,
  namenodeHeapBytes,
  namenodeMemoryRows,
  namespaceObjects,
  overheadRows,
} from '../../src/hdfs/overhead.js';

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

  it('builds the overhead rows: replication as measured, RS-6-3 computed for the file and one small file', () => {
    const rows = overheadRows([{ replication: 2, dataBytes: 4 * MiB, metaBytes: 65_564 }], 2 * MiB, 64 * KiB);
    expect(rows).toEqual([
      {
        scheme: 'replication 2',
        layout: 'this file',
        source: 'measured on disk',
        logicalBytes: 2 * MiB,
        rawBytes: 4 * MiB,
        metaBytes: 65_564,
        overhead: 2,
        toleratedFailures: 1,
      },
      {
        scheme: 'RS-6-3',
        layout: 'this file',
        source: 'computed (1 MiB cells)',
        logicalBytes: 2 * MiB,
        rawBytes: 5 * MiB,
        metaBytes: null,
        overhead: 2.5,
        toleratedFailures: 3,
      },
      {
        scheme: 'RS-6-3',
        layout: 'one 64.0 KiB file',
        source: 'computed (1 MiB cells)',
        logicalBytes: 64 * KiB,
        rawBytes: 256 * KiB,
        metaBytes: null,
        overhead: 4,
        toleratedFailures: 3,
      },
    ]);
  });

  it('builds the NameNode memory rows for one big file and for small files, 1 to 256 MiB blocks', () => {
    const rows = namenodeMemoryRows(1024 * MiB, 64 * KiB);
    expect(rows.length).toBe(18);
    expect(rows.find((r) => r.layout === 'one file' && r.blockSizeMiB === 128)).toEqual({
      layout: 'one file',
      blockSizeMiB: 128,
      files: 1,
      blocks: 8,
      heapBytes: 1350,
    });
    expect(new Set(rows.filter((r) => r.layout === 'files of 64.0 KiB').map((r) => r.heapBytes))).toEqual(
      new Set([150 * 2 * 16384]),
    );
  });
});
