// S3-FIFO (Yang et al., SOSP 2023), following libCacheSim's S3FIFO.c step by step so that both give the same miss
// ratios: a small FIFO filters one-hit wonders, a main FIFO holds keys that proved useful, and a ghost FIFO remembers
// keys recently evicted from the small queue.
// Parameters (libCacheSim's defaults): small = 0.1 (fifo-size-ratio), ghost = 0.9 (ghost-size-ratio), threshold = 2
// (move-to-main-threshold). Main's nominal size is capacity - floor(capacity x small).
// Rules:
// - A hit adds one to the key's counter. Nothing moves.
// - A miss on a ghost key removes it from the ghost queue and inserts it into main; any other miss inserts into
//   small. New keys start with a counter of zero.
// - To make room: if main holds more than its nominal size or small is empty, take main's oldest key: if its counter
//   is at least one, reinsert it at main's head with counter min(counter, 3) - 1, else evict it. Otherwise take
//   small's oldest key: with a counter of at least `threshold` it moves to main (counter reset), else it is evicted
//   into the ghost queue (whose oldest entry is forgotten when it is full). Repeat until one key left the cache.
// One difference: libCacheSim admits nothing into a small queue of fewer than 2 slots (caches under 20 slots at the
// default share); here every miss is admitted, so tiny caches still work.
// Tests: test/cache/policies.test.ts, test/cache/libcachesim.test.ts.
import type { PolicyDefinition } from '../policy.js';

/** A FIFO of keys with room for `capacity`, removing only from the oldest end. */
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

/** The ghost FIFO: a doubly linked list over key ids, so a ghost hit removes its key from the middle in O(1). */
class GhostQueue {
  private readonly newer: Int32Array;
  private readonly older: Int32Array;
  private readonly member: Uint8Array;
  private newest = -1;
  private oldest = -1;
  private length = 0;
  constructor(
    private readonly capacity: number,
    keySpace: number,
  ) {
    this.newer = new Int32Array(capacity > 0 ? keySpace : 0);
    this.older = new Int32Array(capacity > 0 ? keySpace : 0);
    this.member = new Uint8Array(capacity > 0 ? keySpace : 0);
  }
  /** Removes `key` if it is a ghost; says whether it was. */
  take(key: number): boolean {
    if (this.capacity === 0 || this.member[key] === 0) return false;
    const n = this.newer[key];
    const o = this.older[key];
    if (n === -1) this.newest = o;
    else this.older[n] = o;
    if (o === -1) this.oldest = n;
    else this.newer[o] = n;
    this.member[key] = 0;
    this.length--;
    return true;
  }
  add(key: number): void {
    if (this.capacity === 0) return;
    if (this.length === this.capacity) this.take(this.oldest);
    this.member[key] = 1;
    this.newer[key] = -1;
    this.older[key] = this.newest;
    if (this.newest !== -1) this.newer[this.newest] = key;
    else this.oldest = key;
    this.newest = key;
    this.length++;
  }
}

const IN_SMALL = 1;
const IN_MAIN = 2;
const MAX_COUNT = 255;

export const s3fifo: PolicyDefinition = {
  name: 's3fifo',
  description:
    'three FIFO queues: small filters one-hit wonders, main keeps the rest, ghost remembers evictions (SOSP 2023)',
  params: {
    small: { default: 0.1, min: 0, max: 1, description: "the small queue's share of the slots" },
    ghost: { default: 0.9, min: 0, max: 10, description: 'ghost entries per slot' },
    threshold: {
      default: 2,
      min: 1,
      max: MAX_COUNT,
      integer: true,
      description: 'hits in the small queue that move a key to main',
    },
  },
  create(capacity, { keySpace, params }) {
    const mainSize = capacity - Math.floor(capacity * params.small);
    const threshold = params.threshold;
    const small = new Ring(capacity);
    const main = new Ring(capacity);
    const ghost = new GhostQueue(Math.floor(capacity * params.ghost), keySpace);
    const where = new Uint8Array(keySpace);
    const count = new Uint8Array(keySpace);

    /** Takes keys from small's tail until one leaves the cache, or small is empty. */
    const evictSmall = () => {
      while (small.length > 0) {
        const k = small.shift();
        if (count[k] >= threshold) {
          count[k] = 0;
          where[k] = IN_MAIN;
          main.push(k);
        } else {
          where[k] = 0;
          ghost.add(k);
          return;
        }
      }
    };
    /** Takes keys from main's tail, reinserting those with a positive counter, until one leaves the cache. */
    const evictMain = () => {
      while (main.length > 0) {
        const k = main.shift();
        if (count[k] >= 1) {
          count[k] = Math.min(count[k], 3) - 1;
          main.push(k);
        } else {
          where[k] = 0;
          return;
        }
      }
    };

    return {
      access(key) {
        if (where[key] !== 0) {
          if (count[key] < MAX_COUNT) count[key] += 1;
          return true;
        }
        const wasGhost = ghost.take(key);
        while (small.length + main.length >= capacity) {
          if (main.length > mainSize || small.length === 0) evictMain();
          else evictSmall();
        }
        count[key] = 0;
        if (wasGhost) {
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
