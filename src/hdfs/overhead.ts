// What storing data costs: raw bytes per logical byte under replication and under Reed-Solomon erasure coding
// (striped as HDFS's RS-6-3-1024k policy), and the NameNode heap the namespace needs at about 150 bytes per file and
// per block object, which is the small-files problem; and the lab's overhead and namenodeMemory rows built from them.
// Tests: test/hdfs/overhead.test.ts.
import { formatBytes } from '../core/index.js';

/** The usual rule of thumb for NameNode heap: about 150 bytes per file, directory or block object. */
export const NAMENODE_BYTES_PER_OBJECT = 150;

export interface ErasureCoding {
  dataUnits: number;
  parityUnits: number;
  cellSize: number;
}

/** HDFS's default erasure-coding policy RS-6-3-1024k: 6 data cells and 3 parity cells of 1 MiB per stripe. */
export const RS_6_3: ErasureCoding = { dataUnits: 6, parityUnits: 3, cellSize: 1024 * 1024 };

/**
 * Raw bytes for one file under striped erasure coding: the data itself, plus per stripe `parityUnits` parity cells
 * as long as that stripe's longest data cell (its first). So a file of 6 full cells costs 1.5x, a small file far more.
 */
export function erasureCodedBytes(fileLength: number, ec: ErasureCoding = RS_6_3): number {
  const stripe = ec.dataUnits * ec.cellSize;
  const fullStripes = Math.floor(fileLength / stripe);
  const rest = fileLength - fullStripes * stripe;
  const parity =
    fullStripes * ec.parityUnits * ec.cellSize + (rest > 0 ? ec.parityUnits * Math.min(ec.cellSize, rest) : 0);
  return fileLength + parity;
}

/** Files and blocks the NameNode tracks for totalBytes stored as files of fileSize bytes (the last one shorter). */
export function namespaceObjects(
  totalBytes: number,
  fileSize: number,
  blockSize: number,
): { files: number; blocks: number } {
  if (totalBytes === 0) return { files: 0, blocks: 0 };
  const fullFiles = Math.floor(totalBytes / fileSize);
  const rest = totalBytes - fullFiles * fileSize;
  return {
    files: fullFiles + (rest > 0 ? 1 : 0),
    blocks: fullFiles * Math.ceil(fileSize / blockSize) + Math.ceil(rest / blockSize),
  };
}

export function namenodeHeapBytes(objects: { files: number; blocks: number }): number {
  return NAMENODE_BYTES_PER_OBJECT * (objects.files + objects.blocks);
}

export type OverheadRow = {
  scheme: string;
  layout: string;
  source: string;
  logicalBytes: number;
  rawBytes: number;
  metaBytes: number | null;
  overhead: number;
  toleratedFailures: number;
};

/**
 * Raw bytes per logical byte: replication as measured on disk (one entry per factor), then RS-6-3 computed for the
 * same file and for one small file, where a stripe's parity costs as much as its only data cell.
 */
export function overheadRows(
  measured: readonly { replication: number; dataBytes: number; metaBytes: number }[],
  fileLength: number,
  smallFileSize: number,
): OverheadRow[] {
  const ec = (layout: string, bytes: number): OverheadRow => {
    const raw = erasureCodedBytes(bytes);
    return {
      scheme: 'RS-6-3',
      layout,
      source: 'computed (1 MiB cells)',
      logicalBytes: bytes,
      rawBytes: raw,
      metaBytes: null,
      overhead: raw / bytes,
      toleratedFailures: RS_6_3.parityUnits,
    };
  };
  return [
    ...measured.map((m) => ({
      scheme: `replication ${m.replication}`,
      layout: 'this file',
      source: 'measured on disk',
      logicalBytes: fileLength,
      rawBytes: m.dataBytes,
      metaBytes: m.metaBytes,
      overhead: m.dataBytes / fileLength,
      toleratedFailures: m.replication - 1,
    })),
    ec('this file', fileLength),
    ec(`one ${formatBytes(smallFileSize)} file`, smallFileSize),
  ];
}

export const MEMORY_BLOCK_SIZES_MIB = [1, 2, 4, 8, 16, 32, 64, 128, 256] as const;

export type MemoryRow = { layout: string; blockSizeMiB: number; files: number; blocks: number; heapBytes: number };

/** NameNode heap for datasetSize bytes stored as one file, and as files of smallFileSize, per block size. */
export function namenodeMemoryRows(datasetSize: number, smallFileSize: number): MemoryRow[] {
  const layouts = [
    { layout: 'one file', fileSize: datasetSize },
    { layout: `files of ${formatBytes(smallFileSize)}`, fileSize: smallFileSize },
  ];
  return layouts.flatMap(({ layout, fileSize }) =>
    MEMORY_BLOCK_SIZES_MIB.map((mib) => {
      const objects = namespaceObjects(datasetSize, fileSize, mib * 1024 * 1024);
      return {
        layout,
        blockSizeMiB: mib,
        files: objects.files,
        blocks: objects.blocks,
        heapBytes: namenodeHeapBytes(objects),
      };
    }),
  );
}
