// The `latency` table: GET and SET round trips against a real server for one client, N concurrent clients and
// pipelines of P commands, each op's time in an HDR histogram, requests/s per timed round; beside them the same
// operations on an in-process Map and lab 03's simulator (exact LRU), to show what the network stack and the
// protocol cost. Tests: test/redis/latency.test.ts.
import type { Redis } from 'ioredis';
import { measure, measureSync } from '../core/timing.js';
import { mapSummary, type Summary } from '../core/stats.js';
import { createRng } from '../core/rng.js';
import { builtinPolicies } from '../cache/policies/index.js';
import { simulate } from '../cache/simulate.js';
import { zipfTrace } from '../cache/workloads.js';
import { latencyRecorder } from './histogram.js';

export const LATENCY_PREFIX = 'syslab:07:lat:';

export interface LatencyOptions {
  /** Requests per timed round (each mode). */
  requests: number;
  /** Timed rounds per mode, after one warm-up round. */
  repeats: number;
  /** Concurrent connections of the N-clients mode (1 skips it). */
  clients: number;
  /** Pipeline depths. */
  pipelines: number[];
  /** Distinct keys the requests cycle through. */
  keys: number;
  valueBytes: number;
}

export interface LatencyRow {
  [column: string]: string | number | null | Summary;
  system: string;
  op: 'GET' | 'SET';
  mode: string;
  clients: number;
  pipeline: number;
  requests: number;
  /** Round trip of one request (for a pipeline: of the whole batch), from the HDR histogram; null when not timed. */
  p50Us: number | null;
  p90Us: number | null;
  p99Us: number | null;
  p999Us: number | null;
  maxUs: number | null;
  /** Wall time per request, one sample per timed round. */
  meanUs: Summary;
  requestsPerSecond: Summary;
}

/** One timed mode: `round()` issues `perRound` requests and calls `record(ns)` for each timed round trip. */
async function timeMode(
  base: Pick<LatencyRow, 'system' | 'op' | 'mode' | 'clients' | 'pipeline'>,
  perRound: number,
  repeats: number,
  round: (record: (ns: number) => void) => Promise<void>,
  histograms: string[],
): Promise<LatencyRow> {
  const recorder = latencyRecorder();
  let roundsStarted = 0;
  let timed = false;
  const record = (ns: number) => {
    if (timed) recorder.record(ns);
  };
  const seconds = await measure(() => round(record), {
    warmup: 1,
    repeats,
    before: () => {
      timed = roundsStarted++ >= 1;
    },
  });
  const r = recorder.result();
  histograms.push(`# ${base.system} ${base.op} ${base.mode} (microseconds)\n${recorder.distribution()}`);
  return {
    ...base,
    requests: perRound * seconds.n,
    p50Us: r.p50Us,
    p90Us: r.p90Us,
    p99Us: r.p99Us,
    p999Us: r.p999Us,
    maxUs: r.maxUs,
    meanUs: mapSummary(seconds, (s) => (s / perRound) * 1e6),
    requestsPerSecond: mapSummary(seconds, (s) => perRound / s),
  };
}

const nowNs = () => performance.now() * 1e6;

/**
 * Measures every mode for GET and SET. `clients[0]` serves the single-client and pipeline modes; all of them the
 * N-clients mode. Writes keys under LATENCY_PREFIX (and deletes them at the end). Returns the rows and the HDR
 * distributions as text.
 */
export async function redisLatency(
  clients: Redis[],
  o: LatencyOptions,
): Promise<{ rows: LatencyRow[]; histograms: string[] }> {
  const main = clients[0];
  const value = 'x'.repeat(o.valueBytes);
  const key = (i: number) => `${LATENCY_PREFIX}${i % o.keys}`;
  const fill = main.pipeline();
  for (let i = 0; i < o.keys; i++) fill.set(key(i), value);
  await fill.exec();
  const rows: LatencyRow[] = [];
  const histograms: string[] = [];
  const call = (c: Redis, op: 'GET' | 'SET', i: number) => (op === 'GET' ? c.get(key(i)) : c.set(key(i), value));
  for (const op of ['GET', 'SET'] as const) {
    const system = 'redis';
    rows.push(
      await timeMode(
        { system, op, mode: '1 client', clients: 1, pipeline: 1 },
        o.requests,
        o.repeats,
        async (rec) => {
          for (let i = 0; i < o.requests; i++) {
            const t = nowNs();
            await call(main, op, i);
            rec(nowNs() - t);
          }
        },
        histograms,
      ),
    );
    if (clients.length > 1) {
      const n = clients.length;
      const each = Math.max(1, Math.floor(o.requests / n));
      rows.push(
        await timeMode(
          { system, op, mode: `${n} clients`, clients: n, pipeline: 1 },
          each * n,
          o.repeats,
          async (rec) => {
            await Promise.all(
              clients.map(async (c, ci) => {
                for (let i = 0; i < each; i++) {
                  const t = nowNs();
                  await call(c, op, ci * each + i);
                  rec(nowNs() - t);
                }
              }),
            );
          },
          histograms,
        ),
      );
    }
    for (const depth of o.pipelines) {
      const batches = Math.max(1, Math.ceil(o.requests / depth));
      rows.push(
        await timeMode(
          { system, op, mode: `pipeline ${depth}`, clients: 1, pipeline: depth },
          batches * depth,
          o.repeats,
          async (rec) => {
            for (let b = 0; b < batches; b++) {
              const pipe = main.pipeline();
              for (let i = 0; i < depth; i++) {
                if (op === 'GET') pipe.get(key(b * depth + i));
                else pipe.set(key(b * depth + i), value);
              }
              const t = nowNs();
              const results = await pipe.exec();
              rec(nowNs() - t);
              const failed = results?.find(([error]) => error);
              if (failed?.[0]) throw failed[0];
            }
          },
          histograms,
        ),
      );
    }
  }
  const del = main.pipeline();
  for (let i = 0; i < o.keys; i++) del.del(key(i));
  await del.exec();
  return { rows, histograms };
}

/** Rows for GET/SET on an in-process Map of the same keys and values, and lab 03's exact LRU simulator. */
export function inProcessLatency(o: LatencyOptions, seed: number): LatencyRow[] {
  const value = 'x'.repeat(o.valueBytes);
  const keys = Array.from({ length: o.keys }, (_, i) => `${LATENCY_PREFIX}${i}`);
  const map = new Map<string, string>(keys.map((k) => [k, value]));
  // Enough requests per round that one round takes well over the timer's resolution.
  const perRound = Math.max(o.requests, 200_000);
  let sink = 0;
  const rows: LatencyRow[] = [];
  const row = (system: string, op: 'GET' | 'SET', mode: string, requests: number, seconds: Summary): LatencyRow => ({
    system,
    op,
    mode,
    clients: 1,
    pipeline: 1,
    requests: requests * seconds.n,
    p50Us: null,
    p90Us: null,
    p99Us: null,
    p999Us: null,
    maxUs: null,
    meanUs: mapSummary(seconds, (s) => (s / requests) * 1e6),
    requestsPerSecond: mapSummary(seconds, (s) => requests / s),
  });
  const get = measureSync(
    () => {
      for (let i = 0; i < perRound; i++) sink += map.get(keys[i % o.keys])!.length;
    },
    { warmup: 1, repeats: o.repeats },
  );
  rows.push(row('Map', 'GET', 'in process', perRound, get));
  const set = measureSync(
    () => {
      for (let i = 0; i < perRound; i++) map.set(keys[i % o.keys], value);
    },
    { warmup: 1, repeats: o.repeats },
  );
  rows.push(row('Map', 'SET', 'in process', perRound, set));
  const trace = zipfTrace(o.keys * 10, perRound, 0.9, createRng(seed).fork('latency-simulator'));
  const sim = measureSync(() => (sink += simulate(builtinPolicies.lru, o.keys, trace, seed).hits), {
    warmup: 1,
    repeats: o.repeats,
  });
  rows.push(row('lab 03 simulator (exact LRU)', 'GET', 'in process', perRound, sim));
  if (sink < 0) throw new Error('unreachable');
  return rows;
}
