// DataNode names, rack assignment and network distance.
import { describe, expect, it } from 'vitest';
import { buildTopology, networkDistance, rackCount } from '../../src/hdfs/topology.js';

describe('topology', () => {
  it('spreads DataNodes over racks in contiguous runs', () => {
    const t = buildTopology(8, 2);
    expect(t.map((n) => `${n.name}${n.rack}`)).toEqual([
      'dn01/rack1',
      'dn02/rack1',
      'dn03/rack1',
      'dn04/rack1',
      'dn05/rack2',
      'dn06/rack2',
      'dn07/rack2',
      'dn08/rack2',
    ]);
    expect(buildTopology(5, 2).map((n) => n.rack)).toEqual(['/rack1', '/rack1', '/rack1', '/rack2', '/rack2']);
    expect(buildTopology(120, 3)[0]?.name).toBe('dn001');
    expect(rackCount(buildTopology(7, 7))).toBe(7);
  });

  it('measures Hadoop network distance', () => {
    const [a, b, , , e] = buildTopology(8, 2);
    expect(networkDistance(a, a)).toBe(0);
    expect(networkDistance(a, b)).toBe(2);
    expect(networkDistance(a, e)).toBe(4);
    expect(networkDistance(undefined, a)).toBe(4);
  });
});
