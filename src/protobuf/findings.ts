// Lab 05's findings: sentences computed from the run's rows (sizes, Thrift sizes, varints, layout, speed), never
// written ahead.
// src/protobuf/report.ts puts them in the report. Tests: test/protobuf/lab.test.ts.
import { formatNumber } from '../core/units.js';
import { listText, plural, times } from '../core/words.js';
import type { MessageRow, SampleFieldCosts } from './experiment.js';
import type { LayoutRow } from './layout.js';
import type { MessageSizes } from './sizes.js';
import type { SpeedRow } from './speed.js';
import type { VarintRow } from './varints.js';

export interface FindingsInput {
  messages: MessageRow[];
  varints: VarintRow[];
  layout: LayoutRow[];
  speed: SpeedRow[];
  custom?: MessageSizes & { message: string };
  /** The JSON samples' fields encoded alone, when Thrift ran. */
  thriftFields?: SampleFieldCosts[];
  /** Why the Thrift columns are empty, when they are. */
  thriftUnavailable?: string;
}

function sizeFindings(messages: MessageRow[]): string[] {
  const out: string[] = [];
  const byRatio = [...messages].sort((a, b) => a.jsonPerProtobuf - b.jsonPerProtobuf);
  const lo = byRatio[0];
  const hi = byRatio[byRatio.length - 1];
  if (lo && hi) {
    out.push(
      `Canonical JSON was ${times(lo.jsonPerProtobuf)} (${lo.message}) to ${times(hi.jsonPerProtobuf)} ` +
        `(${hi.message}) the size of protobuf across the ${messages.length} sample messages.`,
    );
    const gz = messages.map((m) => m.gzipJsonPerProtobuf);
    const narrowed = messages.filter((m) => m.gzipJsonPerProtobuf < m.jsonPerProtobuf).length;
    const how =
      narrowed === messages.length
        ? 'the gap narrowed for every message'
        : `the gap narrowed for ${narrowed} of ${messages.length} messages`;
    out.push(
      `After gzip JSON was ${times(Math.min(...gz))}–${times(Math.max(...gz))} the size of protobuf: ${how}, as ` +
        `gzip removes much of JSON's repeated field names and quotes, which protobuf never sends.`,
    );
  }
  const largest = [...messages].sort((a, b) => b.jsonBytes - a.jsonBytes)[0];
  if (largest) {
    out.push(
      `For ${largest.message}, gzip shrank JSON from ${formatNumber(largest.jsonBytes)} to ` +
        `${formatNumber(largest.jsonGzipBytes)} bytes (${times(largest.jsonBytes / largest.jsonGzipBytes)}) but ` +
        `protobuf only from ${formatNumber(largest.protobufBytes)} to ${formatNumber(largest.protobufGzipBytes)} ` +
        `(${times(largest.protobufBytes / largest.protobufGzipBytes)}).`,
    );
  }
  const grown = messages.filter((m) => m.protobufGzipBytes > m.protobufBytes);
  if (grown.length) {
    const smallest = [...grown].sort((a, b) => a.protobufBytes - b.protobufBytes)[0];
    out.push(
      `gzip made the protobuf encoding of ${grown.length} of ${messages.length} messages larger, e.g. ` +
        `${smallest.message} grew from ${smallest.protobufBytes} to ${smallest.protobufGzipBytes} bytes: gzip's ` +
        'header and trailer outweigh what it can save on a small message.',
    );
  }
  return out;
}

type ThriftRow = MessageRow & { thriftBinaryBytes: number; thriftCompactBytes: number };

const ENCODINGS = [
  ['protobuf', (r: ThriftRow) => r.protobufBytes],
  ['Thrift compact', (r: ThriftRow) => r.thriftCompactBytes],
  ['Thrift binary', (r: ThriftRow) => r.thriftBinaryBytes],
] as const;

/** "a×–b× (A to B)" for a ratio over the rows, or "a× (A)" when every row has the same. */
function ratioRange(rows: ThriftRow[], ratio: (r: ThriftRow) => number): string {
  const sorted = [...rows].sort((a, b) => ratio(a) - ratio(b));
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  if (times(ratio(lo)) === times(ratio(hi))) return `${times(ratio(lo))}`;
  return `${times(ratio(lo))} (${lo.message}) to ${times(ratio(hi))} (${hi.message})`;
}

/** "every one", "none", or "2 of them". */
const largestText = (count: number, total: number): string =>
  count === total ? 'every one' : count === 0 ? 'none of them' : `${count} of them`;

function thriftFindings(messages: MessageRow[], fields: SampleFieldCosts[] = [], unavailable?: string): string[] {
  if (unavailable) return [`Thrift sizes unavailable: ${unavailable}; the messages table's Thrift columns are empty.`];
  const rows = messages.filter((m): m is ThriftRow => m.thriftBinaryBytes !== null && m.thriftCompactBytes !== null);
  if (!rows.length) return [];
  const out: string[] = [];
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    const least = Math.min(...ENCODINGS.map(([, size]) => size(r)));
    const names = ENCODINGS.filter(([, size]) => size(r) === least).map(([name]) => name);
    const key = names.length > 1 ? `${listText(names)} (tied)` : names[0];
    groups.set(key, [...(groups.get(key) ?? []), r.message]);
  }
  const smallest = [...groups].map(
    ([name, list]) => `${name} for ${list.length === rows.length ? 'all' : list.length} (${listText(list)})`,
  );
  const binaryLargest = rows.filter((r) => r.thriftBinaryBytes > Math.max(r.protobufBytes, r.thriftCompactBytes));
  out.push(
    `The smallest binary encoding of the ${plural(rows.length, 'message')} was ${listText(smallest)}; Thrift binary ` +
      `was the largest for ${largestText(binaryLargest.length, rows.length)}.`,
  );
  const binaryWins = rows.filter((r) => r.thriftBinaryBytes < r.protobufBytes);
  const exception = binaryWins.length
    ? `; it was smaller than protobuf only for ${listText(
        binaryWins.map((r) => `${r.message} (${r.thriftBinaryBytes} B against ${r.protobufBytes})`),
      )}, whose varints outgrew binary's fixed widths`
    : '';
  out.push(
    `Thrift binary took ${ratioRange(rows, (r) => r.thriftBinaryBytes / r.protobufBytes)} protobuf's bytes: it ` +
      'writes every i32 in 4 bytes and every i64 in 8, a 3-byte header (type and 16-bit field id) before every field, ' +
      'a 4-byte length before every string and a 5-byte header (element type and 4-byte count) before every list, ' +
      `where protobuf and Thrift compact write varints and mostly 1-byte headers${exception}.`,
  );
  out.push(
    `Thrift compact took ${ratioRange(rows, (r) => r.thriftCompactBytes / r.protobufBytes)} protobuf's bytes: like ` +
      'protobuf it writes varints and a 1-byte field header (the field id as a delta of up to 15 from the previous ' +
      'one, and the type), but it zigzags every integer, has no 4-byte float, and ends every struct with a 1-byte ' +
      'stop field.',
  );
  const all = fields.flatMap((m) => m.fields.map((f) => ({ ...f, message: m.message })));
  if (all.length) {
    const gap = (f: (typeof all)[number]) => f.thriftCompactBytes - f.protobufBytes;
    const smaller = all.filter((f) => gap(f) < 0);
    const larger = all.filter((f) => gap(f) > 0);
    let sentence =
      `Field by field (each top-level field of the JSON samples encoded alone; the Thrift section lists them), ` +
      `Thrift compact was smaller than protobuf for ${smaller.length}, larger for ${larger.length} and the same ` +
      `for ${all.length - smaller.length - larger.length} of ${plural(all.length, 'field')}`;
    const best = [...smaller].sort((a, b) => gap(a) - gap(b))[0];
    const worst = [...larger].sort((a, b) => gap(b) - gap(a))[0];
    const describe = (f: (typeof all)[number]) =>
      `${f.message} ${f.field} (${f.protoType}): ${f.thriftCompactBytes} B against ${f.protobufBytes}`;
    const clauses: string[] = [];
    if (best) {
      // Alone, a non-negative int32/int64 never takes fewer bytes after zigzag, so a smaller one was negative.
      const why = ['int32', 'int64'].includes(best.protoType)
        ? ', as protobuf sign-extends a negative int32 or int64 to a 10-byte varint and zigzag does not'
        : '';
      clauses.push(`the most saved was ${describe(best)}${why}`);
    }
    if (worst) {
      const why = worst.protoType.endsWith('float') ? ', as Thrift sends a float as an 8-byte double' : '';
      clauses.push(`the most lost was ${describe(worst)}${why}`);
    }
    if (clauses.length) sentence += `; ${clauses.join('; ')}`;
    out.push(`${sentence}.`);
  }
  return out;
}

function varintFindings(varints: VarintRow[]): string[] {
  const get = (type: string, value: string) => varints.find((r) => r.type === type && r.value === value)?.valueBytes;
  const out: string[] = [];
  const int32Neg = get('int32', '-1');
  const sint32Neg = get('sint32', '-1');
  if (int32Neg != null && sint32Neg != null) {
    out.push(
      `-1 as int32 took ${int32Neg} bytes (sign-extended to 64 bits, so every varint byte is full); as sint32, ` +
        `zigzag maps it to 1 and it took ${sint32Neg} byte${sint32Neg === 1 ? '' : 's'}.`,
    );
  }
  const b127 = get('uint32', '127');
  const b128 = get('uint32', '128');
  const b16383 = get('uint32', '16383');
  const b16384 = get('uint32', '16384');
  if (b127 != null && b128 != null && b16383 != null && b16384 != null) {
    out.push(
      `Each varint byte carries 7 bits: 127 took ${b127} byte and 128 took ${b128}; 16383 took ${b16383} and 16384 ` +
        `took ${b16384}.`,
    );
  }
  const i64 = get('int64', '2^63-1');
  const s64 = get('sint64', '2^63-1');
  const f64 = get('fixed64', '2^63-1');
  if (i64 != null && s64 != null && f64 != null) {
    out.push(
      `2^63-1 took ${i64} bytes as int64, ${s64} as sint64 (zigzag doubles it) and ${f64} as fixed64, which always ` +
        `takes ${get('fixed64', '1')} even for 1.`,
    );
  }
  return out;
}

function layoutFindings(layout: LayoutRow[]): string[] {
  const out: string[] = [];
  const find = (aspect: string, prefix: string) => layout.find((r) => r.aspect === aspect && r.case.startsWith(prefix));
  const f15 = find('field numbers', 'int32 = 1 as field 15');
  const f16 = find('field numbers', 'int32 = 1 as field 16');
  if (f15 && f16)
    out.push(
      `The same int32 took ${f15.protobufBytes} bytes as field 15 and ${f16.protobufBytes} as field 16: numbers ` +
        '1–15 fit the tag in one byte, so give them to the most frequent fields.',
    );
  const packed = layout.find(
    (r) => r.aspect === 'packing' && r.case.startsWith('packed') && !r.case.includes('repeating'),
  );
  const unpacked = layout.find(
    (r) => r.aspect === 'packing' && r.case.startsWith('unpacked') && !r.case.includes('repeating'),
  );
  if (packed && unpacked) {
    out.push(
      `${packed.case.replace('packed, ', '')} as packed repeated int32 took ${formatNumber(packed.protobufBytes)} ` +
        `bytes, unpacked ${formatNumber(unpacked.protobufBytes)} (${formatNumber(unpacked.framingBytes)} bytes ` +
        `of tags versus ${packed.framingBytes} for one tag and one length).`,
    );
  }
  const implicit = find('presence', 'int32 = 0');
  const explicit = find('presence', 'optional int32 = 0');
  if (implicit && explicit)
    out.push(
      `An int32 set to 0 took ${implicit.protobufBytes} bytes with implicit presence (proto3 skips defaults) and ` +
        `${explicit.protobufBytes} as optional, which records that it was set.`,
    );
  const deepest = layout.filter((r) => r.aspect === 'nesting' && r.case.startsWith('value 1 at depth')).pop();
  if (deepest)
    out.push(
      `One int32 at ${deepest.case.replace('value 1 at ', '')} took ${deepest.protobufBytes} bytes, ` +
        `${deepest.framingBytes} of them tags and length prefixes.`,
    );
  return out;
}

function speedFindings(speed: SpeedRow[]): string[] {
  const out: string[] = [];
  const messages = [...new Set(speed.map((r) => r.message))];
  for (const message of messages) {
    const rate = (codec: string, op: string) =>
      speed.find((r) => r.message === message && r.codec === codec && r.operation === op)?.messagesPerSecond.median;
    const pbEnc = rate('protobuf-es binary', 'encode');
    const pbDec = rate('protobuf-es binary', 'decode');
    const jsEnc = rate('JSON.stringify/parse', 'encode');
    const jsDec = rate('JSON.stringify/parse', 'decode');
    const esJsonDec = rate('protobuf-es JSON', 'decode');
    if (pbEnc === undefined || pbDec === undefined || jsEnc === undefined || jsDec === undefined) continue;
    let sentence =
      `${message}: Protobuf-ES encoded ${formatNumber(pbEnc)} and decoded ${formatNumber(pbDec)} ` +
      `messages/s; JSON.stringify ran at ${formatNumber(jsEnc)} and JSON.parse at ${formatNumber(jsDec)} ` +
      'messages/s';
    if (esJsonDec !== undefined)
      sentence += `, and Protobuf-ES's typed JSON parse (fromJsonString) at ${formatNumber(esJsonDec)}`;
    out.push(`${sentence}.`);
  }
  return out;
}

export function findings(input: FindingsInput): string[] {
  const out = [
    ...sizeFindings(input.messages),
    ...thriftFindings(input.messages, input.thriftFields, input.thriftUnavailable),
    ...varintFindings(input.varints),
    ...layoutFindings(input.layout),
    ...speedFindings(input.speed),
  ];
  if (input.custom) {
    const c = input.custom;
    out.push(
      `Your ${c.message}: ${c.jsonBytes} bytes of canonical JSON, ${c.protobufBytes} bytes of protobuf ` +
        `(${times(c.jsonPerProtobuf)}); gzipped ${c.jsonGzipBytes} versus ${c.protobufGzipBytes}.`,
    );
  }
  return out;
}
