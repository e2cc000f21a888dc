// Belady's OPT (MIN): with the whole future known, evict the key whose next use is farthest away, and do not admit a
// key whose next use is farther than every cached key's. No policy can hit more often, so OPT is the upper bound
// the others are measured against. Offline: it reads PolicyEnv.trace and must see requests in that order.
// Parameter bypass=0 always admits the missed key (evicting the farthest cached one), as libCacheSim's Belady does;
// it hits at most as often as the default. Tests: test/cache/policies.test.ts, test/cache/libcachesim.test.ts.
import { IndexedHeap } from '../indexed-heap.js';
import type { PolicyDefinition } from '../policy.js';

/** For each position i, the position of the next request for the same key (trace.length when there is none). */
export function nextUses(trace: Int32Array, keySpace: number): Int32Array {
  const next = new Int32Array(trace.length);
  const seen = new Int32Array(keySpace).fill(trace.length);
  for (let i = trace.length - 1; i >= 0; i--) {
    const k = trace[i];
    next[i] = seen[k];
    seen[k] = i;
  }
  return next;
}

export const opt: PolicyDefinition = {
  name: 'opt',
  description: "Belady's offline optimum: evicts the key needed farthest in the future (the upper bound)",
  params: {
    bypass: {
      default: 1,
      min: 0,
      max: 1,
      integer: true,
      description: "1: never admit a key needed later than every cached one; 0: always admit (libCacheSim's Belady)",
    },
  },
  create(capacity, { keySpace, trace, params }) {
    const bypass = params.bypass === 1;
    const upcoming = nextUses(trace, keySpace);
    const nextUse = new Float64Array(keySpace);
    const heap = new IndexedHeap(capacity, keySpace, (a, b) => nextUse[a] > nextUse[b]);
    let t = 0;
    return {
      access(key) {
        if (trace[t] !== key)
          throw new Error(
            `opt: request ${t} is key ${key}, but the trace says ${trace[t]}; OPT must replay its own trace`,
          );
        const following = upcoming[t++];
        if (heap.has(key)) {
          nextUse[key] = following;
          heap.update(key);
          return true;
        }
        if (heap.size < capacity) {
          nextUse[key] = following;
          heap.push(key);
        } else if (!bypass || following < nextUse[heap.top()]) {
          heap.pop();
          nextUse[key] = following;
          heap.push(key);
        } // else: bypass, since this key is needed later than anything cached (the true optimum)
        return false;
      },
    };
  },
};
