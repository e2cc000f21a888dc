// Lab 06's findings from a real small walk-through and sweep plus hand-made overhead and timing data: the sentences
// carry this run's numbers, worded for the counts they hold.
import { describe, expect, it } from 'vitest';
import { createRng, formatBytes, pct, summarize } from '../../src/core/index.js';
import { findings, type FindingsInput } from '../../src/hdfs/findings.js';
import { seededBytes } from '../../src/hdfs/input.js';
import { namenodeMemoryRows, overheadRows } from '../../src/hdfs/overhead.js';
import { BUILTIN_POLICIES } from '../../src/hdfs/placement.js';
import { runScenario } from '../../src/hdfs/scenario.js';
import { balanceSpread, runSweep } from '../../src/hdfs/sweep.js';
import { tempDir } from './helpers.js';

const MiB = 1024 * 1024;

describe('lab 06 findings', () => {
  it('are computed from the run', () => {
    const data = seededBytes(40_000, createRng(2));
    const scenario = runScenario({
      dir: tempDir(),
      data,
      path: '/user/syslab/data.bin',
      nodes: 6,
      racks: 2,
      replication: 3,
      blockSize: 4096,
      bytesPerChecksum: 512,
      policy: BUILTIN_POLICIES.default,
      fail: 2,
      corrupt: 1,
      rng: createRng(9),
    });
    const sweep = runSweep({
      dir: tempDir(),
      data,
      nodes: 3,
      racks: 1,
      blockSize: 4096,
      bytesPerChecksum: 512,
      policies: [{ name: 'round-robin', factory: BUILTIN_POLICIES['round-robin'] }],
      replications: [1, 3],
      failureOrder: ['dn02', 'dn01', 'dn03'],
      rng: createRng(1),
    });
    const rate = summarize([100, 100, 100]);
    const input: FindingsInput = {
      fileBytes: data.length,
      blockSize: 4096,
      replication: 3,
      bytesPerChecksum: 512,
      nodes: 3,
      scenario,
      chartReplication: 3,
      spread: balanceSpread(sweep.balance),
      policies: ['round-robin'],
      replications: [1, 3],
      failures: sweep.failures,
      throughput: { writeMBps: rate, readMBps: rate, crcChunksMBps: rate, crcWholeMBps: rate },
      overhead: overheadRows(
        [
          { replication: 1, dataBytes: 2 * MiB, metaBytes: 0 },
          { replication: 3, dataBytes: 6 * MiB, metaBytes: 0 },
        ],
        2 * MiB,
        64 * 1024,
      ),
      memory: namenodeMemoryRows(1024 ** 4, 64 * 1024),
      datasetSize: 1024 ** 4,
      smallFileSize: 64 * 1024,
    };
    const text = findings(input);
    // 40,000 bytes in 4 KiB blocks: 9 full blocks and one of 40,000 - 9 * 4096 = 3,136 bytes.
    expect(text[0]).toBe(
      'The 39.1 KiB file became 10 blocks of 4.00 KiB (the last 3.06 KiB); with replication 3 the DataNodes hold ' +
        `117 KiB of block files (3.0×) plus ${formatBytes(scenario.stored.meta)} of CRC32C checksums ` +
        `(${pct(scenario.stored.meta / scenario.stored.data, 2)} of the data).`,
    );
    expect(text[2]).toContain(
      `Killing ${scenario.failedNodes[0]} and ${scenario.failedNodes[1]} and corrupting 1 replica left`,
    );
    // 10 blocks round-robin over 3 nodes at r = 1: dn02 holds blocks 1, 4, 7 and fails first.
    expect(text).toContain('Replication 1: round-robin first lost data with 1 failed DataNode (3 blocks, 12.0 KiB).');
    expect(text).toContain('Replication 3: round-robin lost nothing even with 2 failed DataNodes.');
    expect(text).toContain('Blocks per DataNode at replication 3: round-robin 10..10 (standard deviation 0).');
    expect(text).toContain(
      'Replication 3 stores 3.0× the logical bytes; RS-6-3 would store 2.5× for this file but 4.0× for a ' +
        '64.0 KiB file.',
    );
    expect(text.at(-1)).toBe(
      'For 1.00 TiB the NameNode needs about 150 MiB of heap as one file with 1 MiB blocks and 1.17 MiB with ' +
        '128 MiB blocks, but 4.69 GiB or more as 64.0 KiB files, whatever the block size.',
    );
  });
});
