// --placement-file: a student's policy module is loaded, checked, and its wrong answers rejected with InputError.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng, InputError } from '../../src/core/index.js';
import { writeFile } from '../../src/hdfs/client.js';
import { declaresRackRule, loadPlacementFile, placementFailures } from '../../src/hdfs/placement-file.js';
import { rackCount, buildTopology } from '../../src/hdfs/topology.js';
import { bytes, smallCluster, tempDir } from './helpers.js';

const example = path.resolve('data/hdfs/rack-spread-policy.ts');

function file(name: string, text: string): string {
  const f = path.join(tempDir(), name);
  writeFileSync(f, text);
  return f;
}

describe('--placement-file', () => {
  it('loads the example policy (a factory) and gives fresh instances', async () => {
    const make = await loadPlacementFile(example);
    const policy = make();
    expect(policy.name).toBe('rack-spread');
    expect(make()).not.toBe(policy);
    const topo = buildTopology(9, 3);
    const targets = policy.chooseTargets({
      blockId: 1,
      replicas: 3,
      totalReplicas: 3,
      chosen: [],
      candidates: topo,
      racks: rackCount(topo),
      rng: createRng(1),
    });
    expect(new Set(targets.map((t) => topo.find((n) => n.name === t)!.rack)).size).toBe(3);
  });

  it('accepts a plain object default export', async () => {
    const f = file(
      'first.mjs',
      'export default { name: "first", chooseTargets: (r) => r.candidates.slice(0, r.replicas).map((n) => n.name) };\n',
    );
    const c = smallCluster({ policy: await loadPlacementFile(f) });
    const blocks = writeFile(c, '/f', bytes(3000), { replication: 2, blockSize: 1024 });
    expect(blocks.map((b) => [...b.replicas.keys()].join(' '))).toEqual(['dn01 dn02', 'dn01 dn02', 'dn01 dn02']);
  });

  it.each([
    ['none.mjs', 'export const policy = {};\n', /has no default export/],
    ['noname.mjs', 'export default { chooseTargets() { return []; } };\n', /has no name/],
    ['nofn.mjs', 'export default { name: "x" };\n', /no chooseTargets function/],
    ['number.mjs', 'export default 42;\n', /default export gave number 42/],
    ['factory.mjs', 'export default () => null;\n', /default export gave null/],
    ['syntax.ts', 'export default {{\n', /failed to compile: \S*syntax\.ts:1:\d+: (?!Transform)\S/],
  ])('rejects %s with a clear InputError', async (name, text, message) => {
    const f = file(name, text);
    await expect(loadPlacementFile(f)).rejects.toThrow(InputError);
    await expect(loadPlacementFile(f)).rejects.toThrow(message);
  });

  it('rejects a policy that returns no target for a new block, naming the policy', async () => {
    const f = file('lazy.mjs', 'export default { name: "lazy", chooseTargets: () => [] };\n');
    const c = smallCluster({ policy: await loadPlacementFile(f) });
    expect(() => writeFile(c, '/f', bytes(10), { replication: 1, blockSize: 1024 })).toThrow(InputError);
    expect(() => writeFile(c, '/g', bytes(10), { replication: 1, blockSize: 1024 })).toThrow(
      /placement policy "lazy" chose no DataNode for blk_\d+: File \/g could only be written to 0 of the 1 minReplication nodes/,
    );
  });

  it('rejects a policy that returns a node that is not a candidate', async () => {
    const f = file('bad.mjs', 'export default { name: "bad", chooseTargets: () => ["dn99"] };\n');
    const c = smallCluster({ policy: await loadPlacementFile(f) });
    expect(() => writeFile(c, '/f', bytes(10), { replication: 1, blockSize: 1024 })).toThrow(
      /placement policy "bad" for block blk_1073741825 returned "dn99", which is not one of the candidates/,
    );
  });
});

describe('the rack-rule gate', () => {
  const blocks = [
    { id: 1, locations: ['dn01', 'dn04'], racks: ['/rack1', '/rack2'] },
    { id: 2, locations: ['dn01', 'dn02'], racks: ['/rack1'] },
    { id: 3, locations: ['dn05'], racks: ['/rack2'] },
  ];

  it('fails a policy that declares rackAware and puts a block on one rack, and nothing else', async () => {
    expect(placementFailures('p.ts', true, blocks, 2)).toEqual([
      'placement file "p.ts" declares rackAware but put all 2 replicas of blk_2 on /rack1 (1 of 3 blocks on one rack)',
    ]);
    expect(placementFailures('p.ts', false, blocks, 2)).toEqual([]); // declares nothing
    expect(placementFailures('p.ts', true, blocks, 1)).toEqual([]); // one rack: nothing else is possible
    const declared = file('declared.mjs', 'export default { name: "d", rackAware: true, chooseTargets: () => [] };\n');
    expect(await declaresRackRule(declared)).toBe(true);
    expect(await declaresRackRule(example)).toBe(false);
  });
});
