// A binary heap of keys whose priorities can change in place (a position table per key), used by LFU and OPT to
// find their victim in O(log n). `before(a, b)` says whether key a belongs nearer the top than key b.
// Tests: test/cache/policies.test.ts (through LFU and OPT).

export class IndexedHeap {
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  size = 0;

  constructor(
    capacity: number,
    keySpace: number,
    private readonly before: (a: number, b: number) => boolean,
  ) {
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(keySpace).fill(-1);
  }

  has(key: number): boolean {
    return this.pos[key] !== -1;
  }

  top(): number {
    return this.heap[0];
  }

  push(key: number): void {
    const i = this.size++;
    this.heap[i] = key;
    this.pos[key] = i;
    this.up(i);
  }

  pop(): number {
    const top = this.heap[0];
    const last = this.heap[--this.size];
    this.pos[top] = -1;
    if (this.size > 0) {
      this.heap[0] = last;
      this.pos[last] = 0;
      this.down(0);
    }
    return top;
  }

  /** Call after the key's priority changed. */
  update(key: number): void {
    const i = this.pos[key];
    this.up(i);
    this.down(this.pos[key]);
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i];
    const b = this.heap[j];
    this.heap[i] = b;
    this.heap[j] = a;
    this.pos[b] = i;
    this.pos[a] = j;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.heap[i], this.heap[parent])) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.size && this.before(this.heap[l], this.heap[best])) best = l;
      if (r < this.size && this.before(this.heap[r], this.heap[best])) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }
}
