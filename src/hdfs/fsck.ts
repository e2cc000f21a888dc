// `hdfs fsck / -files -blocks -locations`: the NameNode's view of every file and block, worded and laid out as
// Hadoop's NamenodeFsck prints it, plus the same counts as numbers. Tests: test/hdfs/fsck.test.ts.
import { liveNodes, type Cluster } from './cluster.js';
import { allBlockHealth, type BlockHealth } from './replication.js';
import { rackCount } from './topology.js';

export interface FsckSummary {
  status: 'HEALTHY' | 'CORRUPT';
  files: number;
  dirs: number;
  totalSize: number;
  blocks: number;
  minimallyReplicated: number;
  overReplicated: number;
  underReplicated: number;
  misReplicated: number;
  missingBlocks: number;
  missingSize: number;
  corruptBlocks: number;
  corruptReplicas: number;
  missingReplicas: number;
  averageReplication: number;
  dataNodes: number;
  racks: number;
}

/** Java's float printing, which fsck uses for percentages and the average: "3.0", "12.5", "33.333332". */
export function javaFloat(x: number): string {
  if (Number.isInteger(x)) return `${x}.0`;
  return String(Number(Math.fround(x).toPrecision(8)));
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** java.util.Date#toString in UTC: "Tue Jan 02 15:04:05 UTC 2024". */
export function javaDate(d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

/** Racks a block should span under HDFS's default rule: min(2, racks, replication). */
function missingRacks(h: BlockHealth, nodeRack: (n: string) => string, racks: number): number {
  const replicas = h.live.length + h.corrupt.length;
  if (replicas === 0) return 0;
  const required = Math.min(2, racks, h.expected);
  const spanned = new Set([...h.live, ...h.corrupt].map(nodeRack)).size;
  return Math.max(0, required - spanned);
}

export interface FsckOptions {
  path?: string;
  /** Clock for the start and end lines (tests pass a fixed one). */
  now?: () => Date;
  user?: string;
}

export function fsck(c: Cluster, o: FsckOptions = {}): { text: string; summary: FsckSummary } {
  const now = o.now ?? (() => new Date());
  const root = o.path ?? '/';
  const t0 = performance.now();
  const started = now();
  const ns = c.namenode.ns;
  const live = liveNodes(c);
  const racks = rackCount(live);
  const rackOf = (name: string) => (c.datanodes.get(name) as { rack: string }).rack;
  const bp = ns.blockPoolId;
  const out: string[] = [
    `FSCK started by ${o.user ?? 'syslab'} (auth:SIMPLE) from /127.0.0.1 for path ${root} at ${javaDate(started)}\n`,
  ];

  const files = [...ns.files.values()]
    .filter((f) => f.path === root || f.path.startsWith(root.endsWith('/') ? root : `${root}/`))
    .sort((a, b) => a.path.localeCompare(b.path));
  const dirs = new Set<string>([root]);
  for (const f of files) {
    for (
      let d = f.path.slice(0, f.path.lastIndexOf('/'));
      d.length > 0 && d.startsWith(root === '/' ? '/' : root);
      d = d.slice(0, d.lastIndexOf('/'))
    )
      dirs.add(d);
  }
  const health = allBlockHealth(c);
  const healthOf = new Map(health.map((h) => [h.block.id, h]));
  const s: FsckSummary = {
    status: 'HEALTHY',
    files: files.length,
    dirs: dirs.size,
    totalSize: 0,
    blocks: 0,
    minimallyReplicated: 0,
    overReplicated: 0,
    underReplicated: 0,
    misReplicated: 0,
    missingBlocks: 0,
    missingSize: 0,
    corruptBlocks: 0,
    corruptReplicas: 0,
    missingReplicas: 0,
    averageReplication: 0,
    dataNodes: live.length,
    racks,
  };
  let totalReplicas = 0;
  let expectedReplicas = 0;
  for (const f of files) {
    s.totalSize += f.length;
    s.blocks += f.blocks.length;
    out.push(`${f.path} ${f.length} bytes, ${f.blocks.length} block(s): `);
    const report: string[] = [];
    let missing = 0,
      missize = 0,
      corrupt = 0,
      corruptSize = 0,
      under = 0,
      mis = 0;
    f.blocks.forEach((id, i) => {
      const h = healthOf.get(id) as BlockHealth;
      const name = `${bp}:blk_${id}_${h.block.genStamp}`;
      const liveCount = h.live.length;
      totalReplicas += liveCount;
      expectedReplicas += h.expected;
      s.corruptReplicas += h.corrupt.length;
      if (liveCount > h.expected) s.overReplicated++;
      if (h.state === 'corrupt') {
        s.corruptBlocks++;
        corrupt++;
        corruptSize += h.block.length;
        out.push(`\n${f.path}: CORRUPT blockpool ${bp} block blk_${id}\n`);
      }
      if (liveCount >= 1) s.minimallyReplicated++;
      if (liveCount < h.expected && liveCount > 0) {
        s.missingReplicas += h.expected - liveCount;
        s.underReplicated++;
        under++;
        out.push(
          ` Under replicated ${name}. Target Replicas is ${h.expected} but found ${liveCount} live replica(s), ` +
            '0 decommissioned replica(s) and 0 decommissioning replica(s).\n',
        );
      }
      const moreRacks = missingRacks(h, rackOf, racks);
      if (moreRacks > 0) {
        s.misReplicated++;
        mis++;
        out.push(
          ` Replica placement policy is violated for ${name}. Block should be additionally replicated on ${moreRacks} more rack(s).\n`,
        );
      }
      let line = `${i}. ${name} len=${h.block.length}`;
      if (liveCount === 0 && h.state !== 'corrupt') {
        line += ' MISSING!';
        s.missingBlocks++;
        s.missingSize += h.block.length;
        missing++;
        missize += h.block.length;
      } else {
        // All stored replicas, as -locations lists them; corrupt ones are labelled as -replicaDetails would.
        const locations = [
          ...h.live.map((n) => `DatanodeInfoWithStorage[${n}:9866,DS-${n},DISK]`),
          ...h.corrupt.map((n) => `DatanodeInfoWithStorage[${n}:9866,DS-${n},DISK](CORRUPT)`),
        ];
        line += ` Live_repl=${liveCount} [${locations.join(', ')}]`;
      }
      report.push(`${line}\n`);
    });
    if (missing > 0 || corrupt > 0) {
      if (missing > 0) out.push(` MISSING ${missing} blocks of total size ${missize} B\n`);
      if (corrupt > 0) out.push(` CORRUPT ${corrupt} blocks of total size ${corruptSize} B\n`);
    } else if (under === 0 && mis === 0) {
      out.push(' OK\n');
    }
    out.push(`${report.join('')}\n`);
  }
  s.averageReplication = s.blocks === 0 ? 0 : totalReplicas / s.blocks;
  s.status = s.missingBlocks === 0 && s.corruptBlocks === 0 ? 'HEALTHY' : 'CORRUPT';
  const corruptFiles = files.filter((f) =>
    f.blocks.some((id) => (healthOf.get(id) as BlockHealth).live.length === 0),
  ).length;
  const percent = (n: number) => (s.blocks > 0 ? ` (${javaFloat((n * 100) / s.blocks)} %)` : '');
  const lines = [
    `Status: ${s.status}`,
    ` Total size:\t${s.totalSize} B`,
    ` Total dirs:\t${s.dirs}`,
    ` Total files:\t${s.files}`,
    ` Total symlinks:\t\t0`,
    ` Total blocks (validated):\t${s.blocks}${s.blocks > 0 ? ` (avg. block size ${Math.floor(s.totalSize / s.blocks)} B)` : ''}`,
  ];
  const underMin = s.blocks - s.minimallyReplicated;
  if (corruptFiles > 0 || underMin > 0) {
    lines.push('  ********************************');
    if (underMin > 0)
      lines.push(`  UNDER MIN REPL'D BLOCKS:\t${underMin}${percent(underMin)}`, '  dfs.namenode.replication.min:\t1');
    if (corruptFiles > 0) {
      lines.push(`  CORRUPT FILES:\t${corruptFiles}`);
      if (s.missingSize > 0)
        lines.push(`  MISSING BLOCKS:\t${s.missingBlocks}`, `  MISSING SIZE:\t\t${s.missingSize} B`);
      if (s.corruptBlocks > 0) {
        const size = health.filter((h) => h.state === 'corrupt').reduce((sum, h) => sum + h.block.length, 0);
        lines.push(`  CORRUPT BLOCKS: \t${s.corruptBlocks}`, `  CORRUPT SIZE:\t\t${size} B`);
      }
    }
    lines.push('  ********************************');
  }
  lines.push(
    ` Minimally replicated blocks:\t${s.minimallyReplicated}${percent(s.minimallyReplicated)}`,
    ` Over-replicated blocks:\t${s.overReplicated}${percent(s.overReplicated)}`,
    ` Under-replicated blocks:\t${s.underReplicated}${percent(s.underReplicated)}`,
    ` Mis-replicated blocks:\t\t${s.misReplicated}${percent(s.misReplicated)}`,
    ` Default replication factor:\t${files[0]?.replication ?? 3}`,
    ` Average block replication:\t${javaFloat(s.averageReplication)}`,
    ` Missing blocks:\t\t${s.missingBlocks}`,
    ` Corrupt blocks:\t\t${s.corruptBlocks}`,
    ` Missing replicas:\t\t${s.missingReplicas}${totalReplicas > 0 ? ` (${javaFloat((s.missingReplicas * 100) / expectedReplicas)} %)` : ''}`,
    ` Number of data-nodes:\t\t${s.dataNodes}`,
    ` Number of racks:\t\t${s.racks}`,
    `FSCK ended at ${javaDate(now())} in ${Math.round(performance.now() - t0)} milliseconds`,
    '',
    '',
    `The filesystem under path '${root}' is ${s.status}`,
  );
  out.push(`${lines.join('\n')}\n`);
  return { text: out.join(''), summary: s };
}
