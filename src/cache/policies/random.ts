// Random: evict a key chosen uniformly at random (from the seeded generator), a baseline with no memory at all.
// Tests: test/cache/policies.test.ts.
import type { PolicyDefinition } from '../policy.js';

export const random: PolicyDefinition = {
  name: 'random',
  description: 'evicts a uniformly random cached key',
  create(capacity, { keySpace, rng }) {
    const slots = new Int32Array(capacity);
    const slotOf = new Int32Array(keySpace).fill(-1);
    let size = 0;
    return {
      access(key) {
        if (slotOf[key] !== -1) return true;
        let slot: number;
        if (size < capacity) {
          slot = size++;
        } else {
          slot = rng.int(capacity);
          slotOf[slots[slot]] = -1;
        }
        slots[slot] = key;
        slotOf[key] = slot;
        return false;
      },
    };
  },
};
