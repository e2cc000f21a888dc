// Lab 06's parameters, declared once: --help, validation and the report's params block come from here. Read by
// labs/06-hdfs.ts and src/hdfs/experiment.ts (which lowers defaults a small cluster or input cannot honour).
// Tests: test/hdfs/lab.test.ts.
import { p, type ParamValues } from '../core/params.js';
import { BUILTIN_POLICY_NAMES } from './placement.js';

const MiB = 1024 ** 2;

export const hdfsParams = {
  input: p.path({ description: 'a file to store (up to 1 GiB) instead of generated data' }),
  size: p.bytes({
    default: 8 * MiB,
    quick: 2 * MiB,
    min: 1,
    max: 1024 * MiB,
    description: 'bytes of seeded random data to store when --input is not given',
  }),
  blockSize: p.bytes({
    default: 256 * 1024,
    quick: 128 * 1024,
    min: 512,
    max: 1024 * MiB,
    description: 'block size (HDFS dfs.blocksize, 128MiB there); a multiple of --bytes-per-checksum',
  }),
  bytesPerChecksum: p.int({
    default: 512,
    min: 1,
    max: 16 * MiB,
    description: 'bytes per CRC32C chunk (dfs.bytes-per-checksum)',
  }),
  replication: p.int({
    default: 3,
    min: 1,
    max: 16,
    description: 'replication factor of the walk-through file (dfs.replication)',
  }),
  nodes: p.int({ default: 8, quick: 6, min: 1, max: 64, description: 'DataNodes' }),
  racks: p.int({
    default: 2,
    min: 1,
    max: 64,
    description: 'racks; DataNodes are spread over them in contiguous runs',
  }),
  writer: p.string({
    description: 'the DataNode the client writes and reads from, e.g. dn01 (default: a client outside the cluster)',
  }),
  placement: p.enum({
    values: [...BUILTIN_POLICY_NAMES, 'file'],
    default: 'default',
    description: 'placement policy of the walk-through; "file" uses --placement-file',
  }),
  placementFile: p.path({
    description:
      'your own placement policy (.ts or .js, default export { name, chooseTargets }); it also joins the sweeps',
  }),
  fail: p.int({
    default: 2,
    min: 0,
    max: 63,
    description: 'DataNodes killed in the walk-through (chosen by the seed)',
  }),
  corrupt: p.int({
    default: 3,
    min: 0,
    max: 1_000_000,
    description: 'surviving replicas given a flipped byte in the walk-through',
  }),
  sweepReplications: p.intList({
    default: [1, 2, 3],
    min: 1,
    max: 16,
    description: 'replication factors of the balance and failures sweeps',
  }),
  repeats: p.int({ default: 5, quick: 3, min: 1, max: 100, description: 'timed repeats per throughput measurement' }),
  datasetSize: p.bytes({
    default: 1024 ** 4,
    min: 1,
    max: 1024 ** 5,
    description: 'data volume for the NameNode memory estimate',
  }),
  smallFileSize: p.bytes({
    default: 64 * 1024,
    min: 1,
    max: 1024 ** 4,
    description: 'file size of the small-files layout in the NameNode memory estimate',
  }),
};

export type HdfsParams = ParamValues<typeof hdfsParams>;
