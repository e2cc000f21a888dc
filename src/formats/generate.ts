// The lab's synthetic sales table, generated from the seed: realistic column types and distributions so that
// encodings and compression meet what they meet in practice (a sorted key, a clustered timestamp, a skewed
// low-cardinality category, free text with commas, quotes and line breaks, a skewed amount, small counts, a rare
// flag, and nulls). Tests: test/formats/generate.test.ts.
import type { Rng } from '../core/rng.js';
import type { ColumnDef, DataTable, Value } from './table.js';

export const GENERATED_COLUMNS: ColumnDef[] = [
  { name: 'id', type: 'int64' }, // 1..n, sorted: the key of the point lookup
  { name: 'ts', type: 'timestamp' }, // event time, increasing (an event log), exponential gaps of mean 30 s
  { name: 'category', type: 'string' }, // 50 values, Zipf-skewed: dictionary encoding's best case
  { name: 'note', type: 'string' }, // free text, 10% null
  { name: 'amount', type: 'double' }, // log-normal (median about 20, long tail), cents, 2% null
  { name: 'quantity', type: 'int32' }, // 1 + geometric, mostly small
  { name: 'returned', type: 'boolean' }, // 5% true, 1% null
];

export const CATEGORIES: readonly string[] = [
  'electronics',
  'books',
  'clothing',
  'groceries',
  'toys',
  'garden',
  'kitchen',
  'sports',
  'beauty',
  'automotive',
  'music',
  'movies',
  'office',
  'pets',
  'baby',
  'health',
  'jewelry',
  'shoes',
  'furniture',
  'tools',
  'video-games',
  'software',
  'crafts',
  'outdoor',
  'lighting',
  'bedding',
  'bath',
  'luggage',
  'watches',
  'cameras',
  'phones',
  'computers',
  'printers',
  'networking',
  'storage',
  'audio',
  'appliances',
  'cleaning',
  'party',
  'seasonal',
  'stationery',
  'fabric',
  'hardware',
  'plumbing',
  'paint',
  'flooring',
  'snacks',
  'beverages',
  'coffee',
  'tea',
];

const WORDS: readonly string[] = (
  'the a an and or but with without for from to of in on at by fast slow great good bad okay broken fine ' +
  'arrived late early today yesterday box package item order customer asked refund replaced gift wrap color size ' +
  'small large medium red blue green black white works perfectly stopped working after two days weeks months ' +
  'would buy again never recommend five stars one star quality price value shipping delivery courier door left ' +
  'neighbour signed damaged corner scratch missing part manual battery charger cable screen button lid handle ' +
  'smells nice loud quiet soft hard heavy light cheap expensive discount coupon sale return exchange support ' +
  'called emailed chat answered quickly slowly never polite rude helpful store online warehouse tracking number ' +
  'expected better than worse as described not exactly picture shows different version model year fits loose tight'
).split(' ');

const PUNCTUATION: readonly string[] = ['', '', '', '', '', '', ',', ',', '.', '!', '?', ';'];

/** Cumulative Zipf(s) weights over n ranks, for sampling by binary search. */
function zipfCdf(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) {
    total += 1 / k ** s;
    cdf[k - 1] = total;
  }
  for (let k = 0; k < n; k++) cdf[k] = cdf[k] / total;
  return cdf;
}

function sampleCdf(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A standard normal variate (Box-Muller; 1 - next() keeps the log away from 0). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function freeText(rng: Rng): string {
  const words = 2 + rng.int(11);
  let text = '';
  for (let w = 0; w < words; w++) {
    let word = rng.pick(WORDS);
    if (w === 0) word = word.charAt(0).toUpperCase() + word.slice(1);
    const roll = rng.next();
    if (roll < 0.004) word = `"${word}"`; // quoted words: CSV must escape the quotes
    text += (w > 0 ? ' ' : '') + word + rng.pick(PUNCTUATION);
    if (roll > 0.9985) text += '\n'; // a rare line break inside a field
  }
  return text;
}

export const START_MS = Date.UTC(2024, 0, 1);

/** The lab's table of `rows` rows; the same rng seed gives the same table, each column from its own stream. */
export function generateTable(rows: number, rng: Rng): DataTable {
  const r = {
    ts: rng.fork('formats.ts'),
    category: rng.fork('formats.category'),
    note: rng.fork('formats.note'),
    amount: rng.fork('formats.amount'),
    quantity: rng.fork('formats.quantity'),
    returned: rng.fork('formats.returned'),
  };
  const cdf = zipfCdf(CATEGORIES.length, 1.1);
  const id = new Array<Value>(rows);
  const ts = new Array<Value>(rows);
  const category = new Array<Value>(rows);
  const note = new Array<Value>(rows);
  const amount = new Array<Value>(rows);
  const quantity = new Array<Value>(rows);
  const returned = new Array<Value>(rows);
  let t = START_MS;
  for (let i = 0; i < rows; i++) {
    id[i] = BigInt(i + 1);
    t += Math.floor(-Math.log(1 - r.ts.next()) * 30_000);
    ts[i] = t;
    category[i] = CATEGORIES[sampleCdf(cdf, r.category.next())];
    note[i] = r.note.next() < 0.1 ? null : freeText(r.note);
    amount[i] = r.amount.next() < 0.02 ? null : Math.round(Math.exp(3 + normal(r.amount)) * 100) / 100;
    quantity[i] = 1 + Math.min(999, Math.floor(Math.log(1 - r.quantity.next()) / Math.log(0.7)));
    const flag = r.returned.next();
    returned[i] = flag < 0.01 ? null : flag < 0.06;
  }
  return { columns: GENERATED_COLUMNS, data: [id, ts, category, note, amount, quantity, returned], rowCount: rows };
}

/**
 * `count` further rows for the append query: for the generated table, new rows continuing its ids and time; for a
 * user's table, its first rows again (cycled), since nothing is known about how its keys continue.
 */
export function rowsToAppend(table: DataTable, count: number, rng: Rng, generated: boolean): DataTable {
  if (generated) {
    const more = generateTable(count, rng.fork('formats.append'));
    const lastTs = table.rowCount ? (table.data[1][table.rowCount - 1] as number) : START_MS;
    more.data[0] = more.data[0].map((v) => (v as bigint) + BigInt(table.rowCount));
    more.data[1] = more.data[1].map((v) => (v as number) - START_MS + lastTs);
    return more;
  }
  const data = table.data.map((col) => Array.from({ length: count }, (_, i) => col[i % table.rowCount]));
  return { columns: table.columns, data, rowCount: count };
}
