// Request traces: a sequence of keys, renumbered densely (0..keySpace-1) in order of first appearance so that
// policies can index typed arrays by key. readTrace loads a user's trace file in any of three formats: txt (one key
// per line), csv (a header and --trace-column), and libCacheSim's oracleGeneral binary (plain or .zst), detected by
// extension unless the format is given. Integer keys mean the same object in every format ("007" is 7).
// Tests: test/cache/trace.test.ts, test/cache/ingest.test.ts, test/cache/oracle-general.test.ts.
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import { InputError } from '../core/errors.js';
import { canonicalKey, KeyTable } from './key-table.js';
import { readOracleGeneral } from './oracle-general.js';
import { readTextTrace } from './read-text.js';

export interface Trace {
  name: string;
  keys: Int32Array;
  /** Number of distinct keys. */
  keySpace: number;
}

export const TRACE_FORMATS = ['txt', 'csv', 'oracleGeneral'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** What loading a trace file cost, for the lab's ingest table. */
export interface IngestInfo {
  format: TraceFormat;
  /** zstd-compressed (oracleGeneral only). */
  compressed: boolean;
  /** Size of the file on disk. */
  fileBytes: number;
  requests: number;
  keySpace: number;
  /** Bytes of the renumbered trace (4 per request). */
  traceBytes: number;
  /** Bytes of the key table's arrays (the direct array, or the hash table). */
  keyTableBytes: number;
  /** How keys became ids: a direct array over a compact span of integers, or a hash table. */
  renumbering: 'direct' | 'hash';
  /** Distinct keys that were not integers below 2^53 (renumbered through the slower Map path). */
  otherKeys: number;
}

/** How many distinct keys the trace requests (a synthetic trace may not touch its whole key space). */
export function distinctKeys(trace: Trace): number {
  const seen = new Uint8Array(trace.keySpace);
  let count = 0;
  for (let i = 0; i < trace.keys.length; i++) {
    const k = trace.keys[i];
    if (seen[k] === 0) {
      seen[k] = 1;
      count++;
    }
  }
  return count;
}

/** A trace from keys given in memory (numbers or text), renumbered as a trace file's keys would be. */
export function traceFromKeys(name: string, keys: ArrayLike<number | string>): Trace {
  const table = new KeyTable();
  const out = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const key = typeof k === 'number' && Number.isSafeInteger(k) ? k + 0 : canonicalKey(String(k));
    out[i] = typeof key === 'number' ? table.intId(key) : table.otherId(key);
  }
  return { name, keys: out, keySpace: table.size };
}

/** The format a file name implies: .zst is stripped first; .csv is csv; oracleGeneral names or .bin are binary. */
export function formatFromName(file: string): { format: TraceFormat; compressed: boolean } {
  const compressed = /\.zst$/i.test(file);
  const base = file.replace(/\.zst$/i, '');
  if (/oraclegeneral|\.bin$/i.test(base.split('/').pop() ?? base)) return { format: 'oracleGeneral', compressed };
  return { format: /\.csv$/i.test(base) ? 'csv' : 'txt', compressed };
}

/**
 * The most requests a trace may hold here: its keys take 4 bytes each and may use at most half the machine's memory
 * (the policies need their own arrays), and an Int32Array cannot be longer than 2^31 - 1.
 */
export function maxTraceRequests(memoryBytes = os.totalmem()): number {
  return Math.min(2 ** 31 - 1, Math.floor(memoryBytes / 2 / 4));
}

/** Options for readTrace. */
export interface ReadTraceOptions {
  /** CSV column (name or 0-based index); implies csv unless `format` says otherwise. */
  column?: string;
  /** Overrides detection by extension. */
  format?: TraceFormat;
  /** Defaults to maxTraceRequests(). */
  maxRequests?: number;
  /** Bytes read at a time from a text file (default 16 MiB; tests use tiny ones to cross chunk boundaries). */
  chunkBytes?: number;
}

/** Loads a trace file; every kind of bad input is one InputError naming the file and where. */
export function readTrace(file: string, options: ReadTraceOptions = {}): { trace: Trace; info: IngestInfo } {
  if (!existsSync(file)) throw new InputError(`trace file "${file}" does not exist`);
  const stat = statSync(file);
  if (!stat.isFile()) throw new InputError(`trace "${file}" is not a file`);
  const name = file.split('/').pop() ?? file;
  if (stat.size === 0)
    throw new InputError(
      `trace file "${file}" is empty; expected one key per line, CSV with a header, or oracleGeneral`,
    );
  const detected = formatFromName(file);
  const format =
    options.format ?? (options.column !== undefined && detected.format === 'txt' ? 'csv' : detected.format);
  if (format === 'csv' && options.column === undefined)
    throw new InputError(`trace "${name}" is CSV: pass --trace-column <name|index> to say which column holds the key`);
  if (format !== 'oracleGeneral' && detected.compressed)
    throw new InputError(
      `trace "${name}": only oracleGeneral traces may be zstd-compressed; use --trace-format oracleGeneral`,
    );
  const maxRequests = options.maxRequests ?? maxTraceRequests();
  const sink =
    format === 'oracleGeneral'
      ? readOracleGeneral(file, name, { compressed: detected.compressed, maxRequests, fileBytes: stat.size })
      : readTextTrace(file, name, {
          column: format === 'csv' ? options.column : undefined,
          maxRequests,
          fileBytes: stat.size,
          chunkBytes: options.chunkBytes,
        }).sink;
  const done = sink.finish();
  const keys = done.keys;
  if (keys.length === 0) throw new InputError(`trace "${name}" holds no requests`);
  const trace: Trace = { name, keys, keySpace: done.keySpace };
  return {
    trace,
    info: {
      format,
      compressed: format === 'oracleGeneral' && detected.compressed,
      fileBytes: stat.size,
      requests: keys.length,
      keySpace: trace.keySpace,
      traceBytes: keys.byteLength,
      keyTableBytes: done.tableBytes,
      otherKeys: done.otherKeys,
      renumbering: done.renumbering,
    },
  };
}
