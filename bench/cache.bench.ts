// Cache lab speed: the simulator per policy on a 1-million-request Zipf trace (goal: LRU and FIFO at 10 million
// requests per second or more), and trace ingestion: a 4-million-line integer text trace with 763,000 distinct keys
// (goal: 20 million lines per second), the CloudPhysics trace as text, CSV and oracleGeneral .zst, and zstd decoding
// alone: fzstd's stream (what the reader uses) against @bokuweb/zstd-wasm's one-shot decode (which cannot stream).
// Run: npm run bench -- --filter cache. The big text trace is written on first use into a temp folder removed at exit.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decompress as wasmDecompress, init as initWasm } from '@bokuweb/zstd-wasm';
import { Decompress } from 'fzstd';
import type { Bench } from 'tinybench';
import { projectRoot } from '../src/core/paths.js';
import { createRng } from '../src/core/rng.js';
import { builtinPolicies, BUILTIN_POLICY_NAMES } from '../src/cache/policies/index.js';
import { simulate } from '../src/cache/simulate.js';
import { readTrace } from '../src/cache/trace.js';
import { zipfTrace } from '../src/cache/workloads.js';

const REQUESTS = 1_000_000;
const BIG_LINES = 4_000_000;
const CLOUD_REQUESTS = 113_872;
const traces = path.join(projectRoot, 'data/traces');
const cloudZst = path.join(traces, 'cloudPhysicsIO.oracleGeneral.zst');

let zipf: ReturnType<typeof zipfTrace> | undefined;
let bigFile: string | undefined;

/** Random integer keys in a span of 763,000 around 40 million, one per line: the 10M-line shape, smaller. */
function writeBigTrace(): string {
  if (bigFile) return bigFile;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-cache-bench-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const rng = createRng(1);
  const lines = new Array<string>(BIG_LINES);
  for (let i = 0; i < BIG_LINES; i++) lines[i] = String(40_000_000 + rng.int(763_000));
  bigFile = path.join(dir, 'big.txt');
  writeFileSync(bigFile, lines.join('\n'));
  return bigFile;
}

export const items: Record<string, number> = {
  ...Object.fromEntries(BUILTIN_POLICY_NAMES.map((n) => [`simulate ${n}`, REQUESTS])),
  'ingest txt 4M lines': BIG_LINES,
  'ingest cloudPhysics txt': CLOUD_REQUESTS,
  'ingest cloudPhysics csv': CLOUD_REQUESTS,
  'ingest cloudPhysics oracleGeneral.zst': CLOUD_REQUESTS,
  'zstd decode fzstd stream': CLOUD_REQUESTS,
  'zstd decode zstd-wasm one-shot': CLOUD_REQUESTS,
};

export default function register(bench: Bench): void {
  const beforeZipf = () => {
    zipf ??= zipfTrace(20_000, REQUESTS, 0.9, createRng(1));
  };
  for (const name of BUILTIN_POLICY_NAMES)
    bench.add(`simulate ${name}`, () => simulate(builtinPolicies[name], 2000, zipf!), { beforeAll: beforeZipf });
  bench.add('ingest txt 4M lines', () => readTrace(bigFile!), { beforeAll: () => void writeBigTrace() });
  bench.add('ingest cloudPhysics txt', () => readTrace(path.join(traces, 'cloudPhysicsIO.txt')));
  bench.add('ingest cloudPhysics csv', () => readTrace(path.join(traces, 'cloudPhysicsIO.csv'), { column: 'lbn' }));
  bench.add('ingest cloudPhysics oracleGeneral.zst', () => readTrace(cloudZst));
  const compressed = readFileSync(cloudZst);
  bench.add('zstd decode fzstd stream', () => {
    let bytes = 0;
    const stream = new Decompress((chunk) => void (bytes += chunk.length));
    stream.push(compressed, true);
    return bytes;
  });
  bench.add('zstd decode zstd-wasm one-shot', () => wasmDecompress(compressed).length, {
    beforeAll: () => initWasm(),
  });
}
