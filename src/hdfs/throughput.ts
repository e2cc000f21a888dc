// Client throughput on local disk: writing a file (split, CRC32C per 512-byte chunk, every replica written) and
// reading it back (closest replica, checksums verified), and CRC32C alone, each timed by the core timing engine.
// Rates are decimal MB/s (1e6 bytes).
// Tests: test/hdfs/throughput.test.ts.
import { crc32c } from '@node-rs/crc32';
import { mapSummary, measureSync, type Rng, type Summary } from '../core/index.js';
import { chunkChecksums } from './checksum.js';
import { readFile, removeFile, writeFile } from './client.js';
import { createCluster, type ClusterSetup } from './cluster.js';
import type { PlacementFactory } from './placement.js';

export interface ThroughputOptions extends ClusterSetup {
  dir: string;
  data: Uint8Array;
  replication: number;
  policy: PlacementFactory;
  rng: Rng;
  repeats: number;
}

export interface Throughput {
  /** Logical MB of the file per second of the write (all replicas written). */
  writeMBps: Summary;
  readMBps: Summary;
  crcChunksMBps: Summary;
  crcWholeMBps: Summary;
}

const rate = (bytes: number, seconds: Summary) => mapSummary(seconds, (s) => bytes / 1e6 / s);

export function measureThroughput(o: ThroughputOptions): Throughput {
  const c = createCluster({
    dir: o.dir,
    nodes: o.nodes,
    racks: o.racks,
    policy: o.policy,
    rng: o.rng.fork('throughput'),
    bytesPerChecksum: o.bytesPerChecksum,
  });
  const write = { replication: o.replication, blockSize: o.blockSize, writer: o.writer };
  // Each timed write starts on an empty namespace: the file is removed after every round, outside the timed region.
  const written = measureSync(() => writeFile(c, '/bench/write', o.data, write), {
    warmup: 1,
    repeats: o.repeats,
    after: () => removeFile(c, '/bench/write'),
  });
  writeFile(c, '/bench/read', o.data, write);
  const read = measureSync(
    () => {
      if (readFile(c, '/bench/read', { reader: o.writer }).data === undefined)
        throw new Error('throughput read failed');
    },
    { warmup: 1, repeats: o.repeats },
  );
  const bytes = o.data.length;
  const timing = { warmup: 2, repeats: Math.max(5, o.repeats), minSeconds: 0.05 };
  return {
    writeMBps: rate(bytes, written),
    readMBps: rate(bytes, read),
    crcChunksMBps: rate(
      bytes,
      measureSync(() => chunkChecksums(o.data, o.bytesPerChecksum), timing),
    ),
    crcWholeMBps: rate(
      bytes,
      measureSync(() => crc32c(o.data), timing),
    ),
  };
}
