// Dense renumbering of trace keys: the first key seen becomes 0, the next new one 1, and so on. Integer keys (up to
// 2^53 in magnitude) go through an open-addressing hash table on typed arrays (linear probing, grown at half full),
// with no per-key objects; other keys (longer integers, text) through a Map, slower but still linear.
// Tests: test/cache/ingest.test.ts.

const EMPTY = -1;

/** Renumbers keys densely in order of first appearance: integers on typed arrays, anything else in a Map. */
export class KeyTable {
  private slots: Float64Array;
  private ids: Int32Array;
  private mask: number;
  private used = 0;
  private readonly others = new Map<string, number>();
  /** Distinct keys so far (the next new key gets this id). */
  size = 0;

  constructor(expectedKeys = 1024) {
    let capacity = 1024;
    while (capacity < expectedKeys * 2) capacity *= 2;
    this.slots = new Float64Array(capacity);
    this.ids = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
  }

  /** The id of an integer key; `key` must be a safe integer (|key| < 2^53) and not -0. */
  intId(key: number): number {
    const lo = key >>> 0;
    const hi = ((key - lo) / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
    h ^= h >>> 15;
    let i = h & this.mask;
    for (;;) {
      const id = this.ids[i];
      if (id === EMPTY) break;
      if (this.slots[i] === key) return id;
      i = (i + 1) & this.mask;
    }
    const id = this.size++;
    this.slots[i] = key;
    this.ids[i] = id;
    if (++this.used * 2 > this.ids.length) this.grow();
    return id;
  }

  /** The id of any other key: text, or an integer too long for a double (given in canonical decimal form). */
  otherId(key: string): number {
    let id = this.others.get(key);
    if (id === undefined) {
      id = this.size++;
      this.others.set(key, id);
    }
    return id;
  }

  /** Bytes the integer table's arrays take (the Map of other keys is not counted: its size is not observable). */
  get tableBytes(): number {
    return this.slots.byteLength + this.ids.byteLength;
  }

  /** How many distinct keys went through the slow Map path. */
  get otherKeys(): number {
    return this.others.size;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldIds = this.ids;
    const capacity = oldIds.length * 2;
    this.slots = new Float64Array(capacity);
    this.ids = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    for (let j = 0; j < oldIds.length; j++) {
      if (oldIds[j] === EMPTY) continue;
      const key = oldSlots[j];
      const lo = key >>> 0;
      const hi = ((key - lo) / 4294967296) | 0;
      let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
      h ^= h >>> 15;
      let i = h & this.mask;
      while (this.ids[i] !== EMPTY) i = (i + 1) & this.mask;
      this.slots[i] = key;
      this.ids[i] = oldIds[j];
    }
  }
}

/**
 * The canonical form of one trimmed key's text: an integer (optional "-", digits) becomes a number when it is a safe
 * integer, or its canonical decimal text (no leading zeros, "-0" as "0") prefixed with "#" when longer; any other
 * text is kept as is, prefixed with "$". Prefixes keep integers and text apart ("#12" is never the text "12").
 */
export function canonicalKey(text: string): number | string {
  const m = /^(-?)0*(\d+)$/.exec(text);
  if (!m) return `$${text}`;
  const digits = m[2];
  const negative = m[1] === '-' && digits !== '0';
  if (digits.length <= 15) return negative ? -Number(digits) : Number(digits);
  const value = Number(digits);
  if (value <= Number.MAX_SAFE_INTEGER) return negative ? -value : value;
  return `#${negative ? '-' : ''}${digits}`;
}
