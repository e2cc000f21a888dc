// LFU: evict the key with the fewest hits since it was admitted; ties go to the least recently used.
// Counts are kept only while a key is cached (in-cache LFU), so an evicted key starts again from one.
// Tests: test/cache/policies.test.ts.
import { IndexedHeap } from '../indexed-heap.js';
import type { PolicyDefinition } from '../policy.js';

export const lfu: PolicyDefinition = {
  name: 'lfu',
  description: 'least frequently used: evicts the key with the fewest accesses (ties: least recent)',
  create(capacity, { keySpace }) {
    const count = new Float64Array(keySpace);
    const lastUse = new Float64Array(keySpace);
    let clock = 0;
    const heap = new IndexedHeap(capacity, keySpace, (a, b) =>
      count[a] !== count[b] ? count[a] < count[b] : lastUse[a] < lastUse[b],
    );
    return {
      access(key) {
        clock++;
        if (heap.has(key)) {
          count[key] += 1;
          lastUse[key] = clock;
          heap.update(key);
          return true;
        }
        if (heap.size === capacity) heap.pop();
        count[key] = 1;
        lastUse[key] = clock;
        heap.push(key);
        return false;
      },
    };
  },
};
