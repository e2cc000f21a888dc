// LRU: evict the least recently used key. A doubly linked list threaded through typed arrays indexed by key
// (no objects, no hashing), most recent at the head.
// Tests: test/cache/policies.test.ts.
import type { PolicyDefinition } from '../policy.js';

export const lru: PolicyDefinition = {
  name: 'lru',
  description: 'least recently used: evicts the key unused for the longest time',
  create(capacity, { keySpace }) {
    const prev = new Int32Array(keySpace);
    const next = new Int32Array(keySpace);
    const cached = new Uint8Array(keySpace);
    let head = -1;
    let tail = -1;
    let size = 0;
    const unlink = (k: number) => {
      const p = prev[k];
      const n = next[k];
      if (p >= 0) next[p] = n;
      else head = n;
      if (n >= 0) prev[n] = p;
      else tail = p;
    };
    const pushFront = (k: number) => {
      prev[k] = -1;
      next[k] = head;
      if (head >= 0) prev[head] = k;
      else tail = k;
      head = k;
    };
    return {
      access(key) {
        if (cached[key] === 1) {
          if (head !== key) {
            unlink(key);
            pushFront(key);
          }
          return true;
        }
        if (size === capacity) {
          const victim = tail;
          unlink(victim);
          cached[victim] = 0;
        } else {
          size++;
        }
        pushFront(key);
        cached[key] = 1;
        return false;
      },
    };
  },
};
