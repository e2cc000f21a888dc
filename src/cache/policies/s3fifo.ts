// S3-FIFO (Yang et al., SOSP 2023): a small FIFO (10% of the slots) filters one-hit wonders, a main FIFO holds keys
// that proved useful, and a ghost FIFO remembers keys recently evicted from the small queue.
// Rules, as implemented here:
// - A hit adds one to the key's counter, capped at 3. Nothing moves.
// - A miss on a key in the ghost queue inserts it into main; any other miss inserts into small.
// - To make room: while small holds at least its 10% share (or main is empty), take small's oldest key: if it was
//   hit while in small, move it to main (counter reset); otherwise evict it into the ghost queue. Else take main's
//   oldest key: if its counter is above zero, decrement it and reinsert it at main's head; otherwise evict it.
// - The ghost queue remembers as many keys as main has slots.
// Tests: test/cache/policies.test.ts.
import type { PolicyDefinition } from '../policy.js';

class Ring {
  private readonly buf: Int32Array;
  private start = 0;
  length = 0;
  constructor(capacity: number) {
    this.buf = new Int32Array(Math.max(1, capacity));
  }
  push(key: number): void {
    let i = this.start + this.length;
    if (i >= this.buf.length) i -= this.buf.length;
    this.buf[i] = key;
    this.length++;
  }
  shift(): number {
    const key = this.buf[this.start];
    this.start = this.start + 1 === this.buf.length ? 0 : this.start + 1;
    this.length--;
    return key;
  }
}

const IN_SMALL = 1;
const IN_MAIN = 2;

export const s3fifo: PolicyDefinition = {
  name: 's3fifo',
  description:
    'three FIFO queues: small (10%) filters one-hit wonders, main keeps the rest, ghost remembers evictions (SOSP 2023)',
  create(capacity, { keySpace }) {
    const smallTarget = Math.max(1, Math.floor(capacity / 10));
    const ghostCapacity = Math.max(1, capacity - smallTarget);
    const small = new Ring(capacity);
    const main = new Ring(capacity);
    const where = new Uint8Array(keySpace);
    const freq = new Uint8Array(keySpace);
    // The ghost queue as insertion stamps: a key is a ghost while fewer than ghostCapacity keys entered after it.
    const ghostStamp = new Float64Array(keySpace);
    let ghostCount = 0;
    const inGhost = (k: number) => ghostStamp[k] > 0 && ghostCount - ghostStamp[k] < ghostCapacity;

    const makeRoom = () => {
      for (;;) {
        if (small.length > 0 && (small.length >= smallTarget || main.length === 0)) {
          const k = small.shift();
          if (freq[k] > 0) {
            freq[k] = 0;
            where[k] = IN_MAIN;
            main.push(k);
          } else {
            where[k] = 0;
            ghostStamp[k] = ++ghostCount;
            return;
          }
        } else {
          const k = main.shift();
          if (freq[k] > 0) {
            freq[k] -= 1;
            main.push(k);
          } else {
            where[k] = 0;
            return;
          }
        }
      }
    };

    return {
      access(key) {
        if (where[key] !== 0) {
          if (freq[key] < 3) freq[key] += 1;
          return true;
        }
        if (small.length + main.length === capacity) makeRoom();
        freq[key] = 0;
        if (inGhost(key)) {
          ghostStamp[key] = 0;
          where[key] = IN_MAIN;
          main.push(key);
        } else {
          where[key] = IN_SMALL;
          small.push(key);
        }
        return false;
      },
    };
  },
};
