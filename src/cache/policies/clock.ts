// CLOCK (second chance): FIFO whose hand spares a key whose reference bit is set, clearing the bit as it passes.
// An approximation of LRU that needs one bit per key and no list moves on a hit.
// Tests: test/cache/policies.test.ts.
import type { PolicyDefinition } from '../policy.js';

export const clock: PolicyDefinition = {
  name: 'clock',
  description: 'second chance: the hand skips (and clears) keys referenced since it last passed',
  create(capacity, { keySpace }) {
    const slots = new Int32Array(capacity);
    const referenced = new Uint8Array(capacity);
    const slotOf = new Int32Array(keySpace).fill(-1);
    let size = 0;
    let hand = 0;
    return {
      access(key) {
        const s = slotOf[key];
        if (s !== -1) {
          referenced[s] = 1;
          return true;
        }
        let slot: number;
        if (size < capacity) {
          slot = size++;
        } else {
          while (referenced[hand] === 1) {
            referenced[hand] = 0;
            hand = hand + 1 === capacity ? 0 : hand + 1;
          }
          slot = hand;
          slotOf[slots[slot]] = -1;
          hand = hand + 1 === capacity ? 0 : hand + 1;
        }
        slots[slot] = key;
        slotOf[key] = slot;
        referenced[slot] = 0; // a new key gets no second chance until it is hit
        return false;
      },
    };
  },
};
