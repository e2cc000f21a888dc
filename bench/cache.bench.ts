// Simulator speed of each eviction policy on a 1-million-request Zipf trace (the goal: LRU and FIFO at 10 million
// requests per second or more). Run: npm run bench -- --filter cache
import type { Bench } from 'tinybench';
import { createRng } from '../src/core/rng.js';
import { builtinPolicies, BUILTIN_POLICY_NAMES } from '../src/cache/policies/index.js';
import { simulate } from '../src/cache/simulate.js';
import { zipfTrace } from '../src/cache/workloads.js';

const REQUESTS = 1_000_000;
const trace = zipfTrace(20_000, REQUESTS, 0.9, createRng(1));

export const items: Record<string, number> = Object.fromEntries(
  BUILTIN_POLICY_NAMES.map((n) => [`simulate ${n}`, REQUESTS]),
);

export default function register(bench: Bench): void {
  for (const name of BUILTIN_POLICY_NAMES)
    bench.add(`simulate ${name}`, () => {
      simulate(builtinPolicies[name], 2000, trace);
    });
}
