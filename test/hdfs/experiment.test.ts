// fitDefaults: defaults a small cluster cannot honour are lowered (each said once, worded for its numbers), values
// the user gave are left for the conflict checks, and nothing changes when everything fits.
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../src/core/params.js';
import { fitDefaults } from '../../src/hdfs/experiment.js';
import { hdfsParams } from '../../src/hdfs/params.js';

/** The lab's parameters as the command line `args` (camelCase keys, raw text) would resolve them. */
const params = (args: Record<string, string>, quick = false) =>
  resolveParams(hdfsParams, new Map(Object.entries(args)), quick);

describe('fitDefaults', () => {
  it('changes nothing when the defaults fit the cluster', () => {
    const given = params({});
    expect(fitDefaults(given, false)).toEqual({ used: given, adjusted: [] });
    expect(fitDefaults(params({}, true), true).adjusted).toEqual([]);
  });

  it('one DataNode: racks, replication, sweep factors and failures all lowered, each said once', () => {
    const { used, adjusted } = fitDefaults(params({ nodes: '1' }, true), true);
    expect(used).toMatchObject({ nodes: 1, racks: 1, replication: 1, sweepReplications: [1], fail: 0 });
    const few = 'there is only 1 DataNode (--nodes 1)';
    expect(adjusted).toEqual([
      `--racks was lowered from its default 2 to 1: ${few}.`,
      `--replication was lowered from its default 3 to 1: ${few}.`,
      `--sweep-replications was lowered from its default 1,2,3 to 1: ${few}.`,
      `--fail was lowered from its default 2 to 0: one DataNode must survive, and ${few}.`,
    ]);
  });

  it('three DataNodes fit every default; with two only the default sweep is lowered, given values stay', () => {
    expect(fitDefaults(params({ nodes: '3' }), false).adjusted).toEqual([]);
    const { used, adjusted } = fitDefaults(params({ nodes: '2', replication: '2', fail: '5' }), false);
    // replication 2 fits; --fail 5 was given, so it stays for the conflict check to name; the sweep is lowered.
    expect(used).toMatchObject({ replication: 2, fail: 5, sweepReplications: [1, 2] });
    expect(adjusted).toEqual([
      '--sweep-replications was lowered from its default 1,2,3 to 1,2: there are only 2 DataNodes (--nodes 2).',
    ]);
  });

  it('a block size the user gave is never rounded; the default one is, down to whole chunks', () => {
    expect(fitDefaults(params({ blockSize: '1000' }), false).used.blockSize).toBe(1000);
    // 256 KiB = 262,144 bytes = 87 whole chunks of 3,000 bytes (261,000) and a rest.
    expect(fitDefaults(params({ bytesPerChecksum: '3000' }), false).used.blockSize).toBe(261_000);
    // A chunk larger than the default block: one chunk per block.
    expect(fitDefaults(params({ bytesPerChecksum: '1000000' }), false).used.blockSize).toBe(1_000_000);
  });
});
