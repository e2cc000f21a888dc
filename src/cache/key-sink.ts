// Where trace readers put keys, in request order, and how they become dense ids 0..keySpace-1 (first appearance
// first). While every key is an integer below 2^53 the sink only stores the values (8 bytes a request); finish()
// then renumbers them in one pass: through a direct array indexed by value - min when the values span a range at
// most four times the request count (block numbers usually do), else through KeyTable's hash. Direct indexing
// touches a small array instead of a scattered hash table, which is what makes ingestion run at memory speed. The
// first key that is not such an integer switches the sink to ids through KeyTable at once (the values so far are
// renumbered first, so the order of first appearance holds). Peak: 12 bytes a request (values + ids) plus the table.
// Tests: test/cache/ingest.test.ts.
import { InputError } from '../core/errors.js';
import { KeyTable } from './key-table.js';

/** The renumbered trace and what renumbering it took. */
export interface SinkResult {
  keys: Int32Array;
  keySpace: number;
  /** Bytes of the direct array or the hash table's arrays. */
  tableBytes: number;
  /** Distinct keys that went through the Map (text, integers beyond 2^53). */
  otherKeys: number;
  renumbering: 'direct' | 'hash';
}

const DIRECT_MAX_SPAN = 2 ** 28;

export class KeySink {
  private values: Float64Array;
  private ids: Int32Array | undefined;
  private table: KeyTable | undefined;
  length = 0;

  constructor(
    expected: number,
    private readonly maxLength: number,
    private readonly traceName: string,
  ) {
    this.values = new Float64Array(Math.max(16, Math.min(expected, maxLength)));
  }

  /** A key that is a safe integer (|v| < 2^53, not -0). */
  int(value: number): void {
    if (this.ids === undefined) {
      if (this.length === this.values.length) this.values = this.grow(this.values) as Float64Array;
      this.values[this.length++] = value;
    } else this.pushId((this.table as KeyTable).intId(value));
  }

  /** Any other key, in canonical text form (see canonicalKey). */
  other(key: string): void {
    const table = this.switchToIds();
    this.pushId(table.otherId(key));
  }

  finish(): SinkResult {
    if (this.ids !== undefined) {
      const table = this.table as KeyTable;
      return {
        keys: this.ids.slice(0, this.length),
        keySpace: table.size,
        tableBytes: table.tableBytes,
        otherKeys: table.otherKeys,
        renumbering: 'hash',
      };
    }
    return renumberIntegers(this.values.subarray(0, this.length));
  }

  private pushId(id: number): void {
    const ids = this.ids as Int32Array;
    if (this.length === ids.length) this.ids = this.grow(ids) as Int32Array;
    (this.ids as Int32Array)[this.length++] = id;
  }

  private switchToIds(): KeyTable {
    if (this.table) return this.table;
    const table = new KeyTable();
    const ids = new Int32Array(Math.max(16, this.values.length));
    for (let i = 0; i < this.length; i++) ids[i] = table.intId(this.values[i]);
    this.values = new Float64Array(0);
    this.ids = ids;
    this.table = table;
    return table;
  }

  private grow(a: Float64Array | Int32Array): Float64Array | Int32Array {
    if (a.length >= this.maxLength)
      throw new InputError(
        `trace "${this.traceName}" holds more than ${this.maxLength.toLocaleString('en-US')} requests, ` +
          `the most this machine's memory allows (4 bytes each, at most half the memory)`,
      );
    const size = Math.min(this.maxLength, Math.ceil(a.length * 1.25) + 16);
    const bigger = a instanceof Float64Array ? new Float64Array(size) : new Int32Array(size);
    bigger.set(a);
    return bigger;
  }
}

/** Dense ids for integer values in order of first appearance: direct array over a compact span, else the hash. */
export function renumberIntegers(values: Float64Array): SinkResult {
  const n = values.length;
  const keys = new Int32Array(n);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = n === 0 ? 0 : max - min + 1;
  if (span <= Math.max(4 * n, 1 << 16) && span <= DIRECT_MAX_SPAN) {
    const idOf = new Int32Array(span).fill(-1);
    let next = 0;
    for (let i = 0; i < n; i++) {
      const slot = values[i] - min;
      let id = idOf[slot];
      if (id === -1) id = idOf[slot] = next++;
      keys[i] = id;
    }
    return { keys, keySpace: next, tableBytes: idOf.byteLength, otherKeys: 0, renumbering: 'direct' };
  }
  const table = new KeyTable(Math.min(n, 1 << 20)); // sized once for most traces, grown beyond
  for (let i = 0; i < n; i++) keys[i] = table.intId(values[i]);
  return { keys, keySpace: table.size, tableBytes: table.tableBytes, otherKeys: 0, renumbering: 'hash' };
}
