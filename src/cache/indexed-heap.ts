// A binary heap of keys whose priorities can change in place (a position table per key), used by LFU and OPT to
// find their victim in O(log n). `before(a, b)` says whether key a belongs nearer the top than key b.
// Tests: test/cache/policies.test.ts (through LFU and OPT).

export class IndexedHeap {
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  size = 0;

  constructor(capacity: number, keySpace: number, private readonly before: (a: number, b: number) => boolean) {
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(keySpace).fill(-1);
  }

  has(key: number): boolean {
    return this.pos[key] !== -1;
  }

  top(): number {
    return this.heap[0] as number;
  }

  push(key: number): void {
    const i = this.size++;
    this.heap[i] = key;
    this.pos[key] = i;
    this.up(i);
  }

  pop(): number {
    const top = this.heap[0] as number;
    const last = this.heap[--this.size] as number;
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
    const i = this.pos[key] as number;
    this.up(i);
    this.down(this.pos[key] as number);
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i] as number;
    const b = this.heap[j] as number;
    this.heap[i] = b;
    this.heap[j] = a;
    this.pos[b] = i;
    this.pos[a] = j;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.heap[i] as number, this.heap[parent] as number)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.size && this.before(this.heap[l] as number, this.heap[best] as number)) best = l;
      if (r < this.size && this.before(this.heap[r] as number, this.heap[best] as number)) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }
}
