// SIEVE (Zhang et al., NSDI 2024): a FIFO queue with a visited bit and a hand. New keys enter at the head; a hit
// only sets the bit. To evict, the hand walks from where it stopped towards the head (wrapping to the tail),
// clearing set bits, and evicts the first key whose bit is clear. Unlike CLOCK, survivors are not moved.
// Tests: test/cache/policies.test.ts.
import type { PolicyDefinition } from '../policy.js';

export const sieve: PolicyDefinition = {
  name: 'sieve',
  description: 'FIFO with a visited bit and a roaming hand that keeps survivors in place (NSDI 2024)',
  create(capacity, { keySpace }) {
    // Doubly linked list by key: `newer` points towards the head, `older` towards the tail.
    const newer = new Int32Array(keySpace);
    const older = new Int32Array(keySpace);
    const cached = new Uint8Array(keySpace);
    const visited = new Uint8Array(keySpace);
    let head = -1; // newest
    let tail = -1; // oldest
    let hand = -1;
    let size = 0;
    const remove = (k: number) => {
      const n = newer[k];
      const o = older[k];
      if (n >= 0) older[n] = o;
      else head = o;
      if (o >= 0) newer[o] = n;
      else tail = n;
    };
    const evict = () => {
      let k = hand >= 0 ? hand : tail;
      while (visited[k] === 1) {
        visited[k] = 0;
        k = newer[k];
        if (k < 0) k = tail;
      }
      hand = newer[k]; // may be -1: next time start again from the tail
      remove(k);
      cached[k] = 0;
    };
    return {
      access(key) {
        if (cached[key] === 1) {
          visited[key] = 1;
          return true;
        }
        if (size === capacity) evict();
        else size++;
        newer[key] = -1;
        older[key] = head;
        if (head >= 0) newer[head] = key;
        else tail = key;
        head = key;
        cached[key] = 1;
        visited[key] = 0;
        return false;
      },
    };
  },
};
