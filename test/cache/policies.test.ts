// Known answers for every eviction policy, worked out by hand, plus properties that must hold on random traces.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { builtinPolicies, BUILTIN_POLICY_NAMES } from '../../src/cache/policies/index.js';
import { nextUses } from '../../src/cache/policies/opt.js';
import { keysHeldAfter, simulate } from '../../src/cache/simulate.js';
import { traceFromKeys } from '../../src/cache/trace.js';
import { loopTrace, zipfTrace } from '../../src/cache/workloads.js';

describe('the loop 1..5 twice through 4 slots', () => {
  const loop = loopTrace(5, 2);
  it.each(['fifo', 'lru', 'clock', 'sieve', 'lfu'] as const)('%s hits 0 times', (name) => {
    expect(simulate(builtinPolicies[name], 4, loop)).toEqual({ requests: 10, hits: 0, hitRate: 0 });
  });
  it('OPT hits 4 times (keeps 1..4, bypasses 5)', () => {
    expect(simulate(builtinPolicies.opt, 4, loop).hits).toBe(4);
  });
});

describe('hand-worked trace 1 2 3 1 4 1 2 5 1 2 3 4 with 3 slots', () => {
  // FIFO and LRU are worked step by step in labs/03-cache-policies.md; the others follow each policy file's rules.
  // S3-FIFO (main 3 slots, ghost 2, threshold 2): 1 2 3 fill small; 1 hits once; 4 evicts 1 (one hit < 2) to the
  // ghost; 1 returns from the ghost into main, evicting 2; 2 likewise, evicting 3; 5 evicts 4; 1 and 2 hit in main;
  // 3 returns into main, evicting 5; 4 returns, and main reinserts 1 and 2 (counter 1 -> 0) and evicts 3: 3 hits.
  const trace = traceFromKeys('hand', [1, 2, 3, 1, 4, 1, 2, 5, 1, 2, 3, 4]);
  const expected = { fifo: 3, lru: 4, clock: 4, lfu: 4, sieve: 4, s3fifo: 3, arc: 3, opt: 6 } as const;
  it.each(Object.entries(expected))('%s hits %i times', (name, hits) => {
    expect(simulate(builtinPolicies[name as keyof typeof expected], 3, trace).hits).toBe(hits);
  });
});

describe('properties on random traces', () => {
  const online = BUILTIN_POLICY_NAMES.filter((n) => n !== 'opt');
  it('no policy beats OPT', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const trace = zipfTrace(300, 5000, 0.8, createRng(seed));
      for (const size of [1, 7, 50, 200]) {
        const best = simulate(builtinPolicies.opt, size, trace).hits;
        for (const name of online)
          expect(
            simulate(builtinPolicies[name], size, trace, seed).hits,
            `${name} size ${size} seed ${seed}`,
          ).toBeLessThanOrEqual(best);
      }
    }
  });

  it('with room for every key, every policy misses only on first sight', () => {
    const trace = zipfTrace(100, 3000, 0.7, createRng(3));
    const distinct = new Set(trace.keys).size;
    for (const name of BUILTIN_POLICY_NAMES)
      expect(simulate(builtinPolicies[name], 100, trace).hits, name).toBe(3000 - distinct);
  });

  it('with one slot, LRU, FIFO and CLOCK hit exactly on immediate repeats', () => {
    const trace = traceFromKeys('t', [1, 1, 2, 2, 2, 3, 1, 1]);
    for (const name of ['lru', 'fifo', 'clock', 'sieve', 'lfu', 's3fifo', 'arc'] as const)
      expect(simulate(builtinPolicies[name], 1, trace).hits, name).toBe(4);
  });

  it('no policy ever holds more keys than its capacity', () => {
    const trace = zipfTrace(300, 4000, 0.8, createRng(4));
    for (const name of BUILTIN_POLICY_NAMES) {
      for (const size of [1, 2, 10, 50, 200]) {
        // Asking for every key once after the replay hits only keys that were cached when the pass began.
        expect(keysHeldAfter(builtinPolicies[name], size, trace, 1), `${name} size ${size}`).toBeLessThanOrEqual(size);
      }
    }
  });

  it('random eviction is reproducible for a seed', () => {
    const trace = zipfTrace(500, 5000, 0.8, createRng(9));
    expect(simulate(builtinPolicies.random, 50, trace, 7)).toEqual(simulate(builtinPolicies.random, 50, trace, 7));
  });
});

describe('OPT next-use table', () => {
  it('points each request at the next request for the same key', () => {
    const t = traceFromKeys('t', [5, 6, 5, 5, 7]);
    expect([...nextUses(t.keys, t.keySpace)]).toEqual([2, 5, 3, 5, 5]);
  });
});
