// ARC (Megiddo and Modha, FAST 2003): two LRU lists, T1 (seen once recently) and T2 (seen at least twice), plus
// their ghost lists B1 and B2 of evicted keys. A ghost hit in B1 grows T1's target size p, one in B2 shrinks it, so
// the cache balances recency against frequency by itself. Written after the paper's pseudo-code, case by case.
// Tests: test/cache/policies.test.ts.
import type { PolicyDefinition } from '../policy.js';

const NONE = 0,
  T1 = 1,
  T2 = 2,
  B1 = 3,
  B2 = 4;

export const arc: PolicyDefinition = {
  name: 'arc',
  description: 'adaptive replacement: balances a recency list and a frequency list using ghost hits (FAST 2003)',
  create(c, { keySpace }) {
    // Four LRU lists threaded through one pair of link arrays: a key is in at most one list.
    const list = new Uint8Array(keySpace);
    const prev = new Int32Array(keySpace);
    const next = new Int32Array(keySpace);
    const head = [-1, -1, -1, -1, -1]; // MRU end, per list
    const tail = [-1, -1, -1, -1, -1]; // LRU end, per list
    const size = [0, 0, 0, 0, 0];
    let p = 0;

    const unlink = (k: number) => {
      const l = list[k];
      const pr = prev[k];
      const nx = next[k];
      if (pr >= 0) next[pr] = nx;
      else head[l] = nx;
      if (nx >= 0) prev[nx] = pr;
      else tail[l] = pr;
      size[l]--;
      list[k] = NONE;
    };
    const pushMru = (k: number, l: number) => {
      prev[k] = -1;
      next[k] = head[l];
      if (head[l] >= 0) prev[head[l]] = k;
      else tail[l] = k;
      head[l] = k;
      size[l]++;
      list[k] = l;
    };
    const move = (k: number, l: number) => {
      unlink(k);
      pushMru(k, l);
    };
    const replace = (inB2: boolean) => {
      if (size[T1] >= 1 && ((inB2 && size[T1] === p) || size[T1] > p)) move(tail[T1], B1);
      else move(tail[T2], B2);
    };

    return {
      access(x) {
        const l = list[x];
        if (l === T1 || l === T2) {
          // Case I: a hit
          move(x, T2);
          return true;
        }
        if (l === B1) {
          // Case II: recency is paying off, favour T1
          p = Math.min(c, p + Math.max(size[B2] / size[B1], 1));
          replace(false);
          move(x, T2);
          return false;
        }
        if (l === B2) {
          // Case III: frequency is paying off, favour T2
          p = Math.max(0, p - Math.max(size[B1] / size[B2], 1));
          replace(true);
          move(x, T2);
          return false;
        }
        // Case IV: a key in no list
        const l1 = size[T1] + size[B1];
        if (l1 === c) {
          if (size[T1] < c) {
            unlink(tail[B1]);
            replace(false);
          } else unlink(tail[T1]);
        } else {
          const total = l1 + size[T2] + size[B2];
          if (total >= c) {
            if (total === 2 * c) unlink(tail[B2]);
            replace(false);
          }
        }
        pushMru(x, T1);
        return false;
      },
    };
  },
};
