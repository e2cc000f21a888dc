// FIFO: evict the key that entered first, whatever happened since. A ring of slots plus a key -> slot table.
// Tests: test/cache/policies.test.ts.
import type { PolicyDefinition } from '../policy.js';

export const fifo: PolicyDefinition = {
  name: 'fifo',
  description: 'first in, first out: evicts the oldest admitted key, ignoring hits',
  create(capacity, { keySpace }) {
    const slots = new Int32Array(capacity);
    const cached = new Uint8Array(keySpace);
    let size = 0;
    let head = 0; // next slot to overwrite once full: the oldest key
    return {
      access(key) {
        if (cached[key] === 1) return true;
        if (size < capacity) {
          slots[size++] = key;
        } else {
          cached[slots[head]] = 0;
          slots[head] = key;
          head = head + 1 === capacity ? 0 : head + 1;
        }
        cached[key] = 1;
        return false;
      },
    };
  },
};
