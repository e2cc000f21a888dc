// The cluster's shape: DataNode names and the rack each one sits in, and the network distance HDFS uses to pick
// the closest replica (0 same node, 2 same rack, 4 across racks). Tests: test/hdfs/topology.test.ts.

export interface DataNodeInfo {
  /** dn01, dn02, ... */
  name: string;
  /** /rack1, /rack2, ... (HDFS network locations). */
  rack: string;
}

/**
 * `nodes` DataNodes spread over racks in contiguous runs: with 8 nodes and 2 racks, dn01-dn04 on /rack1, dn05-dn08 on
 * /rack2.
 */
export function buildTopology(nodes: number, racks: number): DataNodeInfo[] {
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`need at least one DataNode, got ${nodes}`);
  if (!Number.isInteger(racks) || racks < 1 || racks > nodes)
    throw new Error(`racks must be 1..${nodes}, got ${racks}`);
  const width = Math.max(2, String(nodes).length);
  return Array.from({ length: nodes }, (_, i) => ({
    name: `dn${String(i + 1).padStart(width, '0')}`,
    rack: `/rack${Math.floor((i * racks) / nodes) + 1}`,
  }));
}

/**
 * Hadoop's NetworkTopology distance: hops up to the common ancestor and back. A client outside the cluster
 * (undefined) is equally far from every DataNode.
 */
export function networkDistance(reader: DataNodeInfo | undefined, node: DataNodeInfo): number {
  if (reader === undefined) return 4;
  if (reader.name === node.name) return 0;
  return reader.rack === node.rack ? 2 : 4;
}

export function rackCount(nodes: readonly DataNodeInfo[]): number {
  return new Set(nodes.map((n) => n.rack)).size;
}
