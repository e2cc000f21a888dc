// Lab 07's report from the experiments' rows: tables (keys, metrics, kinds), charts and findings, each finding a
// sentence computed from this run's rows and true for any subset of tables and options. Also the report of a lab
// that could not run (no redis-server). Tests: test/redis/report.test.ts.
import { barChart, type ChartSpec } from '../core/charts.js';
import type { Section } from '../core/report.js';
import { cellValue, table, type Row, type Table } from '../core/table.js';
import { formatNumber } from '../core/units.js';
import { listText, plural, times } from '../core/words.js';
import type { Results } from './experiment.js';
import type { LatencyRow } from './latency.js';
import type { MemoryRow } from './memory.js';
import { exactFamily, type EvictionRow, type RedisPolicy } from './eviction.js';
import type { DurabilityRow } from './durability.js';
import type { ReplicationRow } from './replication.js';
import type { ClusterResult } from './cluster.js';
import { lineChart } from '../core/charts.js';
import { formatBytes, pct } from '../core/units.js';

export interface RedisReport {
  tables: Record<string, Table>;
  charts: ChartSpec[];
  findings: string[];
  sections: Section[];
}

const med = (row: Row | undefined, column: string): number => cellValue(row?.[column]) ?? NaN;

function latencyTable(rows: LatencyRow[]): Table {
  const us = (description: string) => ({ unit: 'µs', kind: 'sampled' as const, better: 'lower' as const, description });
  return table({
    title: 'GET and SET round trips',
    description:
      'Percentiles of one request’s round trip from an HDR histogram of every timed request (for a pipeline: the ' +
      'whole batch’s round trip); meanUs and requests/s per timed round. Map and the simulator run in process, where ' +
      'one request is too short to time alone.',
    keys: ['system', 'op', 'mode'],
    columns: ['clients', 'pipeline'],
    metrics: {
      requests: { unit: 'count', kind: 'exact' },
      p50Us: us('median round trip'),
      p90Us: us('90th percentile'),
      p99Us: us('99th percentile'),
      p999Us: us('99.9th percentile'),
      maxUs: us('slowest round trip'),
      meanUs: us('wall time per request'),
      requestsPerSecond: { unit: 'req/s', kind: 'sampled', better: 'higher' },
    },
    rows,
  });
}

function latencyFindings(rows: LatencyRow[]): string[] {
  const out: string[] = [];
  const find = (system: string, op: string, mode: string) =>
    rows.find((r) => r.system === system && r.op === op && r.mode === mode);
  for (const op of ['GET', 'SET'] as const) {
    const one = find('redis', op, '1 client');
    const map = find('Map', op, 'in process');
    if (one && map)
      out.push(
        `One client's ${op} took ${formatNumber(one.p50Us ?? NaN)} µs at the median (p99 ${formatNumber(one.p99Us ?? NaN)} µs) ` +
          `against ${formatNumber(med(map, 'meanUs') * 1000)} ns for a Map ${op === 'GET' ? 'lookup' : 'update'} in process: ` +
          `${times(med(one, 'meanUs') / med(map, 'meanUs'))} more time per request, spent in the client, the loopback network and the protocol.`,
      );
  }
  const oneGet = find('redis', 'GET', '1 client');
  if (oneGet?.p50Us != null) {
    const p50 = oneGet.p50Us;
    const where = p50 < 200 ? 'below' : p50 > 600 ? 'above' : 'within';
    out.push(
      `The notes say "get/set 200-600 µs": this machine's median GET round trip, ${formatNumber(p50)} µs, is ${where} that range.`,
    );
  }
  const pipes = rows.filter((r) => r.system === 'redis' && r.op === 'GET' && r.mode.startsWith('pipeline'));
  const single = find('redis', 'GET', '1 client');
  const best = [...pipes].sort((a, b) => med(b, 'requestsPerSecond') - med(a, 'requestsPerSecond'))[0];
  if (single && best) {
    const rate = med(best, 'requestsPerSecond');
    out.push(
      `Pipelining ${best.pipeline} GETs per round trip reached ${formatNumber(rate)} requests/s, ` +
        `${times(rate / med(single, 'requestsPerSecond'))} one client's ${formatNumber(med(single, 'requestsPerSecond'))}; ` +
        `the notes' "1 million requests per second" ${rate >= 1e6 ? 'was reached' : `was not reached from one Node client (${formatNumber(rate / 1e6)} M)`}.`,
    );
  }
  const many = rows.find((r) => r.system === 'redis' && r.op === 'GET' && r.clients > 1);
  if (single && many) {
    out.push(
      `${many.clients} concurrent clients served ${formatNumber(med(many, 'requestsPerSecond'))} GETs/s ` +
        `(${times(med(many, 'requestsPerSecond') / med(single, 'requestsPerSecond'))} one client) with a median round trip of ` +
        `${formatNumber(many.p50Us ?? NaN)} µs against ${formatNumber(single.p50Us ?? NaN)} µs alone: requests queue behind each other.`,
    );
  }
  return out;
}

function memoryTableOf(rows: MemoryRow[]): Table {
  const obs = (unit: string, description: string) => ({ unit, kind: 'observed' as const, description });
  return table({
    title: 'Memory per item: strings against hashes',
    description:
      'used_memory after loading N items into the emptied server, minus the emptied server’s; the first row is the ' +
      'empty instance itself. An item is a key and value (strings) or a field and value inside hashes of 100 fields ' +
      '(hashes: listpack while small; hashes-hashtable: hash-max-listpack-entries lowered to 50).',
    keys: ['layout', 'valueBytes', 'items'],
    columns: ['encoding'],
    metrics: {
      redisKeys: { unit: 'count', kind: 'exact', description: 'DBSIZE' },
      payloadBytes: { unit: 'B', kind: 'exact', description: 'names and values sent' },
      usedBytes: obs('B', 'used_memory added'),
      rssBytes: obs('B', 'resident set size added'),
      bytesPerItem: { ...obs('B', 'usedBytes / items'), better: 'lower' },
      overheadPerItem: { ...obs('B', 'bytes per item beyond its payload'), better: 'lower' },
      bytesPerPayloadByte: { ...obs('ratio', 'usedBytes / payloadBytes'), better: 'lower' },
      memoryUsageSample: obs('B', 'MEMORY USAGE of one key (a string, or a whole hash)'),
    },
    rows,
  });
}

function memoryFindings(rows: MemoryRow[]): string[] {
  const out: string[] = [];
  const empty = rows.find((r) => r.layout === 'empty instance');
  if (empty) out.push(`The empty instance used ${formatBytes(empty.usedBytes)} (used_memory).`);
  const strings = rows.filter((r) => r.layout === 'strings');
  const smallest = Math.min(...strings.map((r) => r.valueBytes));
  const small = strings.filter((r) => r.valueBytes === smallest).sort((a, b) => b.items - a.items)[0];
  if (small) {
    const million = small.bytesPerItem * 1e6;
    const measured = small.items === 1e6;
    out.push(
      `${formatNumber(small.items)} string keys with ${smallest}-byte values took ${formatBytes(small.usedBytes)}, ` +
        `${formatNumber(small.bytesPerItem)} bytes per key of which ${formatNumber(small.overheadPerItem)} are overhead; ` +
        (measured
          ? `1M small keys: ${formatNumber(million / 1e6)} MB measured`
          : `at that rate 1M keys would take ${formatNumber(million / 1e6)} MB (scaled from ${formatNumber(small.items)} keys; ` +
            `run with --memory-counts 1000000 to measure it)`) +
        ` against the notes' 85 MB.`,
    );
  }
  for (const valueBytes of [...new Set(rows.map((r) => r.valueBytes))].filter((v) => v > 0)) {
    const at = (layout: string) =>
      rows.filter((r) => r.layout === layout && r.valueBytes === valueBytes).sort((a, b) => b.items - a.items)[0];
    const s = at('strings');
    const h = at('hashes');
    if (s && h && s.items === h.items)
      out.push(
        `With ${valueBytes}-byte values, ${formatNumber(s.items)} items cost ${formatNumber(s.bytesPerItem)} B each as strings and ` +
          `${formatNumber(h.bytesPerItem)} B each as fields of 100-field hashes (encoding ${h.encoding}): ` +
          `strings took ${times(s.bytesPerItem / h.bytesPerItem)} the memory.`,
      );
  }
  return out;
}

function evictionTableOf(rows: EvictionRow[]): Table {
  const ratio = (description: string, kind: 'exact' | 'observed') => ({
    unit: 'ratio',
    kind,
    better: 'higher' as const,
    description,
  });
  return table({
    title: 'Sampled eviction in Redis against lab 03’s exact policies',
    description:
      'Each request is GET, then SET on a miss (one Lua script, pipelined in order), with maxmemory set to the ' +
      'used_memory measured with targetKeys keys loaded. The exact columns replay the same stream through lab 03’s ' +
      'simulator with as many slots as Redis held keys at the end (keysHeld); gap = hitRate - exactHitRate of the same family.',
    keys: ['workload', 'policy', 'samples'],
    metrics: {
      targetKeys: { unit: 'count', kind: 'exact' },
      maxmemoryBytes: { unit: 'B', kind: 'observed' },
      keysHeld: { unit: 'count', kind: 'observed', description: 'DBSIZE after the replay' },
      requests: { unit: 'count', kind: 'exact' },
      hits: { unit: 'count', kind: 'observed', better: 'higher' },
      hitRate: ratio('hits / requests', 'observed'),
      exactHitRate: ratio('lab 03, same family, keysHeld slots', 'exact'),
      gap: { unit: 'ratio', kind: 'observed', description: 'hitRate - exactHitRate' },
      exactLru: ratio('lab 03 LRU', 'exact'),
      exactLfu: ratio('lab 03 LFU', 'exact'),
      exactRandom: ratio('lab 03 Random', 'exact'),
      evictedKeys: { unit: 'count', kind: 'observed' },
      seconds: { unit: 's', kind: 'sampled', better: 'lower' },
      requestsPerSecond: { unit: 'req/s', kind: 'sampled', better: 'higher' },
    },
    rows,
  });
}

function evictionFindings(rows: EvictionRow[]): string[] {
  const out: string[] = [];
  for (const workload of [...new Set(rows.map((r) => r.workload))]) {
    const lru = rows
      .filter((r) => r.workload === workload && r.policy === 'allkeys-lru')
      .sort((a, b) => a.samples - b.samples);
    const first = lru[0];
    const last = lru.at(-1);
    if (first && last) {
      out.push(
        `On ${workload}, Redis's sampled LRU hit ` +
          `${lru.map((r) => `${pct(r.hitRate)} with ${plural(r.samples, 'sample')}`).join(', ')}, ` +
          `against exact LRU's ${pct(last.exactHitRate)} at ${formatNumber(last.keysHeld)} keys` +
          (lru.length > 1
            ? `: ${Math.abs(last.gap) < Math.abs(first.gap) ? 'more samples came closer' : 'more samples did not come closer'}.`
            : '.'),
      );
    }
    if (first && last && first !== last) {
      const rate = (r: EvictionRow) => med(r, 'requestsPerSecond');
      out.push(
        `Replaying ${workload} under allkeys-lru ran at ${formatNumber(rate(first))} requests/s with ${plural(first.samples, 'sample')} ` +
          `and ${formatNumber(rate(last))} with ${last.samples} (one replay each, so a single observation of the cost).`,
      );
    }
    const held = rows.filter((r) => r.workload === workload).map((r) => r.keysHeld);
    const target = rows.find((r) => r.workload === workload)?.targetKeys;
    if (held.length && target !== undefined)
      out.push(
        `maxmemory calibrated for ${formatNumber(target)} keys held ` +
          (Math.min(...held) === Math.max(...held)
            ? `${formatNumber(held[0])} keys`
            : `${formatNumber(Math.min(...held))} to ${formatNumber(Math.max(...held))} keys`) +
          ` on ${workload} (DBSIZE after each replay); the exact columns use the same number of slots.`,
      );
  }
  return out;
}

function durabilityTableOf(rows: DurabilityRow[]): Table {
  return table({
    title: 'What a SIGKILL mid-load loses',
    description:
      'Concurrent clients SET distinct keys; once `acknowledged` writes were answered the server got SIGKILL with ' +
      'writes still in flight, was restarted on its files, and every acknowledged key was looked up. rdb: one BGSAVE ' +
      'at half way, no AOF. none: no persistence.',
    keys: ['mode'],
    columns: ['clients'],
    metrics: {
      acknowledged: { unit: 'count', kind: 'observed' },
      lost: { unit: 'count', kind: 'observed', description: 'acknowledged writes missing after the restart' },
      lostShare: { unit: 'ratio', kind: 'observed' },
      unacknowledgedKept: { unit: 'count', kind: 'observed', description: 'in-flight writes found after the restart' },
      keysAfterRestart: { unit: 'count', kind: 'observed' },
      writesPerSecond: { unit: 'writes/s', kind: 'sampled', better: 'higher' },
    },
    rows,
  });
}

function durabilityFindings(rows: DurabilityRow[]): string[] {
  const out: string[] = [];
  const lostText = (r: DurabilityRow) =>
    `${formatNumber(r.lost)} of ${formatNumber(r.acknowledged)} acknowledged writes (${pct(r.lostShare)})`;
  const aof = rows.filter((r) => r.mode.startsWith('aof-'));
  const kept = aof.filter((r) => r.lost === 0);
  const lost = aof.filter((r) => r.lost > 0);
  if (kept.length)
    out.push(
      `${listText(kept.map((r) => r.mode))} lost no acknowledged write to SIGKILL: the AOF was written before the ` +
        `reply, and a killed process leaves what it wrote in the kernel's page cache.`,
    );
  for (const r of lost)
    out.push(
      `${r.mode} lost ${lostText(r)} to SIGKILL: they had been acknowledged while still in the server's AOF buffer` +
        (r.mode === 'aof-everysec'
          ? ' (everysec postpones writing it, up to 2 s, while a background fsync runs).'
          : '.'),
    );
  for (const r of rows.filter((x) => !x.mode.startsWith('aof-')))
    out.push(
      `${r.mode === 'rdb' ? 'With one RDB snapshot at half way' : 'Without persistence'}, SIGKILL lost ${lostText(r)}.`,
    );
  const rate = (r: DurabilityRow) => med(r, 'writesPerSecond');
  const fastest = [...rows].sort((a, b) => rate(b) - rate(a))[0];
  const always = rows.find((r) => r.mode === 'aof-always');
  if (fastest && always && fastest !== always)
    out.push(
      `appendfsync always took ${formatNumber(rate(always))} writes/s against ${formatNumber(rate(fastest))} for ` +
        `${fastest.mode} (${times(rate(fastest) / rate(always))}), with ${always.clients} clients writing at once.`,
    );
  return out;
}

function replicationTableOf(rows: ReplicationRow[]): Table {
  const us = (description: string) => ({ unit: 'µs', kind: 'sampled' as const, better: 'lower' as const, description });
  return table({
    title: 'Replication: WAIT 1 and how soon the replica sees a write',
    description:
      'One primary and one replica on loopback. SET and SET + WAIT 1 (one pipelined round trip, 1 s timeout): the ' +
      'client’s round trip. "replica sees a write": from the primary’s acknowledgement until a GET on the replica ' +
      'returns the key (polling, so within one round trip); under load a second client pipelines SETs meanwhile.',
    keys: ['measure'],
    metrics: {
      requests: { unit: 'count', kind: 'exact' },
      p50Us: us('median'),
      p90Us: us('90th percentile'),
      p99Us: us('99th percentile'),
      maxUs: us('slowest'),
      notAcknowledged: { unit: 'count', kind: 'observed', description: 'WAIT returned 0 replicas' },
      maxLagBytes: { unit: 'B', kind: 'observed', description: 'largest replication offset gap sampled' },
    },
    rows,
  });
}

function replicationFindings(rows: ReplicationRow[]): string[] {
  const out: string[] = [];
  const get = (m: string) => rows.find((r) => r.measure === m);
  const plain = get('SET');
  const waited = get('SET + WAIT 1');
  if (plain && waited)
    out.push(
      `WAIT 1 made a write take ${formatNumber(waited.p50Us)} µs at the median instead of ${formatNumber(plain.p50Us)} µs ` +
        `(${times(waited.p50Us / plain.p50Us)}); ${plural(waited.notAcknowledged, 'write')} timed out unacknowledged by the replica.`,
    );
  const idle = get('replica sees a write (idle)');
  const load = get('replica sees a write (under load)');
  if (idle && load)
    out.push(
      `A write acknowledged by the primary reached the replica after ${formatNumber(idle.p50Us)} µs at the median when idle ` +
        `and ${formatNumber(load.p50Us)} µs under load (p99 ${formatNumber(load.p99Us)} µs, offset gap up to ` +
        `${formatBytes(load.maxLagBytes)}): until then a read from the replica returns the old value.`,
    );
  return out;
}

function clusterTables(c: ClusterResult): Record<string, Table> {
  return {
    clusterSlots: table({
      title: 'Cluster: slots and keys per primary',
      description:
        'CLUSTER NODES after redis-cli --cluster create (3 primaries, 1 replica each); DBSIZE per primary after ' +
        `${formatNumber(c.redirects.requests)} keys written through the cluster-aware client.`,
      keys: ['node'],
      columns: ['port'],
      metrics: {
        slots: { unit: 'count', kind: 'exact' },
        keys: { unit: 'count', kind: 'exact', description: 'DBSIZE' },
        share: { unit: 'ratio', kind: 'exact', description: 'keys / keys written' },
      },
      rows: c.nodes,
    }),
    clusterClients: table({
      title: 'Cluster: a naive client against a cluster-aware one',
      description:
        'movedShare: GETs of every key sent to one primary by a plain connection that answered MOVED. Throughput: ' +
        'sequential GETs, the cluster client over every key, a plain client over the keys its node owns.',
      keys: ['client'],
      metrics: {
        requests: { unit: 'count', kind: 'exact' },
        moved: { unit: 'count', kind: 'exact', description: 'MOVED replies' },
        p50Us: { unit: 'µs', kind: 'sampled', better: 'lower' },
        p99Us: { unit: 'µs', kind: 'sampled', better: 'lower' },
        requestsPerSecond: { unit: 'req/s', kind: 'sampled', better: 'higher' },
      },
      rows: [
        {
          client: 'plain client, every key',
          requests: c.redirects.requests,
          moved: c.redirects.moved,
          p50Us: null,
          p99Us: null,
          requestsPerSecond: null,
        },
        ...c.throughput.map((t) => ({ ...t, moved: 0 })),
      ],
    }),
    clusterFailover: table({
      title: 'Cluster: SIGKILL of a primary while writing to its slots',
      description:
        'Sequential SETs to keys of the first primary’s slots; after `acknowledged` of them the primary got SIGKILL; ' +
        'failoverMs runs from the kill until its replica accepted a SET; lost: acknowledged keys missing there.',
      keys: ['nodeTimeoutMs'],
      metrics: {
        acknowledged: { unit: 'count', kind: 'observed' },
        lost: { unit: 'count', kind: 'observed', better: 'lower' },
        failoverMs: { unit: 'ms', kind: 'observed', better: 'lower' },
      },
      rows: [c.failover],
    }),
  };
}

function clusterFindings(c: ClusterResult): string[] {
  const shares = c.nodes.map((n) => n.share);
  const f = c.failover;
  return [
    `${formatNumber(c.redirects.requests)} keys spread over the 3 primaries as ${listText(c.nodes.map((n) => pct(n.share)))} ` +
      `(slots ${listText(c.nodes.map((n) => formatNumber(n.slots)))}); the largest share is ${times(Math.max(...shares) / Math.min(...shares))} the smallest.`,
    `A naive client talking to one primary got MOVED for ${pct(c.redirects.movedShare)} of its GETs: a cluster client must route by slot.`,
    `With cluster-node-timeout ${formatNumber(f.nodeTimeoutMs)} ms, the killed primary's replica accepted writes ` +
      `${formatNumber(f.failoverMs)} ms after the SIGKILL; ${formatNumber(f.lost)} of ${formatNumber(f.acknowledged)} acknowledged writes were lost.`,
  ];
}

/** The report of a run: every table that ran, with its charts and findings; skipped tables in a section. */
export function redisReport(results: Results): RedisReport {
  const tables: Record<string, Table> = {};
  const charts: ChartSpec[] = [];
  const findings: string[] = [];
  const s = results.server;
  const sections: Section[] = [
    {
      title: 'Server',
      body: `Redis ${s.version} (${s.mode} mode, ${s.allocator}) on ${s.os}, ${s.source}. Client: ioredis, one connection per client, no auto-pipelining.`,
    },
  ];
  if (results.latency) {
    const rows = results.latency.rows;
    tables.latency = latencyTable(rows);
    charts.push(
      barChart({
        name: 'requests-per-second',
        title: 'Requests per second by mode',
        rows: rows.map((r) => ({
          mode: `${r.system} ${r.mode}`,
          op: r.op,
          requestsPerSecond: med(r, 'requestsPerSecond'),
        })),
        x: 'mode',
        y: 'requestsPerSecond',
        color: 'op',
        yScale: 'log',
        yTitle: 'requests per second (log)',
      }),
    );
    findings.push(...latencyFindings(rows));
  }
  if (results.memory) {
    tables.memory = memoryTableOf(results.memory);
    charts.push(
      lineChart({
        name: 'bytes-per-item',
        title: 'Bytes per item by layout and value size',
        rows: results.memory
          .filter((r) => r.items > 0)
          .map((r) => ({ ...r, series: `${r.layout}, ${r.valueBytes} B` })),
        x: 'items',
        y: 'bytesPerItem',
        color: 'series',
        xScale: 'log',
        yScale: 'log',
        yTitle: 'bytes per item (log)',
      }),
    );
    findings.push(...memoryFindings(results.memory));
  }
  if (results.eviction) {
    tables.eviction = evictionTableOf(results.eviction);
    charts.push(
      lineChart({
        name: 'sampled-eviction',
        title: 'Hit rate against maxmemory-samples: Redis and lab 03’s exact policy of the same family',
        rows: results.eviction.flatMap((r) => [
          { workload: r.workload, samples: r.samples, series: `redis ${r.policy}`, hitRate: r.hitRate },
          {
            workload: r.workload,
            samples: r.samples,
            series: `exact ${exactFamily(r.policy as RedisPolicy)}`,
            hitRate: r.exactHitRate,
          },
        ]),
        x: 'samples',
        y: 'hitRate',
        color: 'series',
        facet: 'workload',
        xScale: 'log',
        yTitle: 'hit rate',
      }),
    );
    findings.push(...evictionFindings(results.eviction));
  }
  if (results.durability) {
    tables.durability = durabilityTableOf(results.durability);
    findings.push(...durabilityFindings(results.durability));
  }
  if (results.replication) {
    tables.replication = replicationTableOf(results.replication);
    findings.push(...replicationFindings(results.replication));
  }
  if (results.cluster) {
    Object.assign(tables, clusterTables(results.cluster));
    findings.push(...clusterFindings(results.cluster));
    sections.push({
      title: 'From loopback to a real cluster',
      body:
        'The same commands reach a multi-machine cluster: run `redis-server` with `cluster-enabled yes` on each ' +
        'machine (bound to its network address), join them with `redis-cli --cluster create host1:port ... ' +
        '--cluster-replicas 1`, and give a cluster-aware client any node (`new Cluster([{ host, port }])` in ioredis). ' +
        'Point this lab at one node with `--redis-url redis://host:port` for the single-server tables; the network ' +
        'round trip then replaces the loopback one in every latency above.',
    });
  }
  if (results.skipped.length) {
    sections.push({
      title: 'Tables not run',
      body: results.skipped.map((k) => `- ${k.table}: ${k.reason}`).join('\n'),
    });
    findings.push(`Not run: ${listText(results.skipped.map((k) => `${k.table} (${k.reason})`))}.`);
  }
  return { tables, charts, findings, sections };
}

/** The report of a lab that could not reach any server: one table saying why, and how to fix it. */
export function unavailableReport(reason: string): RedisReport {
  return {
    tables: {
      availability: table({
        title: 'Redis server',
        keys: ['component'],
        columns: ['available', 'reason'],
        metrics: {},
        rows: [{ component: 'redis-server', available: false, reason }],
      }),
    },
    charts: [],
    findings: [`Lab 07 did not run: ${reason}.`],
    sections: [],
  };
}
