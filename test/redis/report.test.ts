// Tests src/redis/report.ts on hand-made rows: each table appears only when its rows exist, and the findings say
// what the rows say (losses counted per mode, "closer" only when the gap shrank, the 85 MB check measured or scaled).
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/stats.js';
import type { DurabilityRow } from '../../src/redis/durability.js';
import type { EvictionRow } from '../../src/redis/eviction.js';
import type { LatencyRow } from '../../src/redis/latency.js';
import type { Results } from '../../src/redis/experiment.js';
import type { MemoryRow } from '../../src/redis/memory.js';
import { redisReport, unavailableReport } from '../../src/redis/report.js';

const server = { source: 'test', version: '7.0.15', mode: 'standalone', os: 'Linux', allocator: 'jemalloc' };
const s = (x: number) => summarize([x, x]);

const durability = (mode: string, acknowledged: number, lost: number, rate: number): DurabilityRow => ({
  mode,
  clients: 8,
  acknowledged,
  lost,
  lostShare: lost / acknowledged,
  unacknowledgedKept: 0,
  keysAfterRestart: acknowledged - lost,
  writesPerSecond: s(rate),
});

const eviction = (samples: number, hitRate: number, exact: number): EvictionRow => ({
  workload: 'zipf',
  policy: 'allkeys-lru',
  samples,
  targetKeys: 100,
  maxmemoryBytes: 1,
  keysHeld: 120,
  requests: 1000,
  hits: hitRate * 1000,
  hitRate,
  evictedKeys: 10,
  exactHitRate: exact,
  gap: hitRate - exact,
  exactLru: exact,
  exactLfu: 0,
  exactRandom: 0,
  seconds: s(1),
  requestsPerSecond: s(1000),
});

const memory = (layout: string, items: number, bytesPerItem: number): MemoryRow => ({
  layout,
  valueBytes: 16,
  items,
  redisKeys: items,
  encoding: layout === 'strings' ? 'embstr' : 'listpack',
  payloadBytes: items * 24,
  usedBytes: items * bytesPerItem,
  rssBytes: 0,
  bytesPerItem,
  overheadPerItem: bytesPerItem - 24,
  bytesPerPayloadByte: bytesPerItem / 24,
  memoryUsageSample: 0,
});

const latency = (system: string, mode: string, p50Us: number | null, rate: number): LatencyRow => ({
  system,
  op: 'GET',
  mode,
  clients: 1,
  pipeline: mode.startsWith('pipeline') ? Number(mode.split(' ')[1]) : 1,
  requests: 100,
  p50Us,
  p90Us: p50Us,
  p99Us: p50Us,
  p999Us: p50Us,
  maxUs: p50Us,
  meanUs: s(1e6 / rate),
  requestsPerSecond: s(rate),
});

describe('lab 07 report', () => {
  it('places the median round trip against the notes and credits the best pipeline', () => {
    const rows = [
      latency('redis', '1 client', 45, 20_000),
      latency('redis', 'pipeline 10', 80, 100_000),
      latency('redis', 'pipeline 100', 300, 400_000),
      latency('Map', 'in process', null, 20_000_000),
    ];
    const text = redisReport({ server, skipped: [], latency: { rows, histograms: [] } }).findings.join('\n');
    expect(text).toContain('median GET round trip, 45 µs, is below that range');
    expect(text).toContain('Pipelining 100 GETs per round trip reached 400,000 requests/s, 20× one client');
    expect(text).toContain('was not reached from one Node client');
  });

  it('reports losses per mode as the rows say', () => {
    const results: Results = {
      server,
      skipped: [],
      durability: [
        durability('aof-always', 100, 0, 1000),
        durability('aof-everysec', 100, 5, 20000),
        durability('none', 100, 100, 30000),
      ],
    };
    const r = redisReport(results);
    expect(Object.keys(r.tables)).toEqual(['durability']);
    const text = r.findings.join('\n');
    expect(text).toContain('aof-always lost no acknowledged write');
    expect(text).toContain('aof-everysec lost 5 of 100 acknowledged writes (5.0%)');
    expect(text).toContain('Without persistence, SIGKILL lost 100 of 100');
    expect(text).toContain('appendfsync always took 1,000 writes/s against 30,000 for none (30×)');
  });

  it('says more samples came closer only when the gap shrank', () => {
    const closer = redisReport({ server, skipped: [], eviction: [eviction(1, 0.5, 0.6), eviction(64, 0.58, 0.6)] });
    expect(closer.findings.join(' ')).toContain('more samples came closer');
    expect(closer.findings.join(' ')).toContain('ran at 1,000 requests/s with 1 sample and 1,000 with 64');
    const not = redisReport({ server, skipped: [], eviction: [eviction(1, 0.59, 0.6), eviction(64, 0.5, 0.6)] });
    expect(not.findings.join(' ')).toContain('more samples did not come closer');
  });

  it('checks 85 MB against a measured million keys, and says when it scaled instead', () => {
    const measured = redisReport({
      server,
      skipped: [],
      memory: [memory('strings', 1e6, 90), memory('hashes', 1e6, 30)],
    });
    expect(measured.findings.join(' ')).toContain('1M small keys: 90 MB measured');
    expect(measured.findings.join(' ')).toContain('strings took 3.0× the memory');
    const scaled = redisReport({ server, skipped: [], memory: [memory('strings', 1e4, 100)] });
    expect(scaled.findings.join(' ')).toContain('1M keys would take 100 MB (scaled from 10,000 keys');
  });

  it('lists skipped tables and writes an unavailable report', () => {
    const r = redisReport({ server, skipped: [{ table: 'memory', reason: 'no --allow-flush' }] });
    expect(r.tables).toEqual({});
    expect(r.findings).toEqual(['Not run: memory (no --allow-flush).']);
    const u = unavailableReport('redis-server is not on PATH');
    expect(u.tables.availability.rows).toEqual([
      { component: 'redis-server', available: false, reason: 'redis-server is not on PATH' },
    ]);
  });
});
