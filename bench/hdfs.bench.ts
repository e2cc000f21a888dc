// CRC32C speed as HDFS uses it (one checksum per 512-byte chunk, and one call over a whole buffer), block
// verification, and a verified 4 MiB read from a 3-way replicated file; items are bytes, so items/s reads as bytes/s.
// Run: npm run bench -- --filter hdfs
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bench } from 'tinybench';
import { createRng } from '../src/core/rng.js';
import { chunkChecksums, crc32c, metaFor, verifyBlock } from '../src/hdfs/checksum.js';
import { readFile, writeFile } from '../src/hdfs/client.js';
import { createCluster } from '../src/hdfs/cluster.js';
import { seededBytes } from '../src/hdfs/input.js';
import { BUILTIN_POLICIES } from '../src/hdfs/placement.js';

const SIZE = 4 * 1024 * 1024;
const BLOCK = 1024 * 1024;

export const items: Record<string, number> = {
  'crc32c 512-byte chunks 4MiB': SIZE,
  'crc32c whole 4MiB': SIZE,
  'verify block 1MiB': BLOCK,
  'read 4MiB replication 3 verified': SIZE,
};

export default function register(bench: Bench): void {
  const data = seededBytes(SIZE, createRng(1));
  const block = data.subarray(0, BLOCK);
  const meta = metaFor(block, 512);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-hdfs-bench-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const cluster = createCluster({ dir, nodes: 6, racks: 2, policy: BUILTIN_POLICIES.default, rng: createRng(1) });
  writeFile(cluster, '/bench', data, { replication: 3, blockSize: BLOCK });
  bench.add('crc32c 512-byte chunks 4MiB', () => {
    chunkChecksums(data, 512);
  });
  bench.add('crc32c whole 4MiB', () => {
    crc32c(data);
  });
  bench.add('verify block 1MiB', () => {
    if (!verifyBlock(block, meta).ok) throw new Error('bad block');
  });
  bench.add('read 4MiB replication 3 verified', () => {
    if (!readFile(cluster, '/bench').data) throw new Error('read failed');
  });
}
