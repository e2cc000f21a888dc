// Lab 08's wire-headers table, chart and findings: each HTTP call's bytes on the relay split into headers, data and
// the rest (src/rpc/call-bytes.ts, gathered per wire row by src/rpc/wire.ts), for Calc's wire rows (src/rpc/report.ts)
// and a student's service's (src/rpc/service-report.ts) alike: what HPACK's dynamic table saves from call 2 on
// against HTTP/1.1's heads sent in full. Findings use only the rows given. Tests: test/rpc/report.test.ts,
// test/rpc/service-report.test.ts.
import { barChart, type ChartSpec } from '../core/charts.js';
import type { Metric, Table } from '../core/table.js';
import { table } from '../core/table.js';
import { formatNumber, pct } from '../core/units.js';
import { listText, times } from '../core/words.js';
import { partTotal } from './call-bytes.js';
import type { Stack } from './stacks.js';
import type { HeaderRun, WireHeaders } from './wire.js';

/** One wire row the relay could split: its stack, method (a service's rows), bytes sent on call 1 and the split. */
export interface HeaderRow {
  stack: Stack;
  method?: string;
  firstSent: number;
  headers: WireHeaders;
}

const obs = (unit: string, description: string, better?: 'higher' | 'lower'): Metric => ({
  unit,
  kind: 'observed',
  better,
  description,
});
/** Names and values alone: a header list's size per RFC 7541 §4.1 less its 32 octets per field. */
const nameValueBytes = (p: { headerListBytes: number; fields: number }) => p.headerListBytes - 32 * p.fields;
const bytes1 = (x: number) => Number(x.toFixed(1));

/**
 * The wire-headers table: per stack (and method, for a service) and direction, the header bytes of call 1, call 2 and
 * the later calls against the names and values they carry, and the data, other and connection bytes per later call.
 * `which` says which calls these are, in the title ("payload 0 B").
 */
export function headersTable(rows: HeaderRow[], which: string): Table {
  const methods = rows.some((r) => r.method !== undefined);
  return table({
    title: `Header bytes per call, call after call (${which})`,
    description:
      'The wire table’s calls on HTTP/2 and HTTP/1.1, split on the relay. HTTP/2: HEADERS + CONTINUATION frames ' +
      '(9-byte frame headers and gRPC’s trailers included), each block decoded with HPACK to get the header list; ' +
      'HTTP/1.1: the request or status line and header lines. nameValueBytes: the octets of the names and values ' +
      '(HTTP/1.1: request line as :method and :path, status line as :status); listBytes: the header list size per ' +
      'RFC 7541 §4.1 (32 more per field). call1/call2: header bytes on the wire of the first two calls on the new ' +
      'connection; later: their mean over calls 3 onwards, laterRatio = later / nameValueBytes. data, other and ' +
      'connection: per later call, DATA frames or body, other frames on the call’s stream (HTTP/1.1: chunked ' +
      'framing), and frames on no call’s stream (SETTINGS, PING, WINDOW_UPDATE).',
    keys: methods ? ['stack', 'method', 'direction'] : ['stack', 'direction'],
    columns: ['protocol'],
    metrics: {
      fields: { unit: 'count', kind: 'exact', description: 'header fields in call 1 (pseudo-headers, trailers)' },
      nameValueBytes: obs('B', 'octets of names and values, call 1'),
      listBytes: obs('B', 'header list size per RFC 7541 §4.1, call 1'),
      call1Bytes: obs('B', 'header bytes on the wire, call 1', 'lower'),
      call2Bytes: obs('B', 'header bytes on the wire, call 2', 'lower'),
      laterBytes: obs('B', 'header bytes on the wire per call, calls 3..', 'lower'),
      laterRatio: obs('ratio', 'later header bytes / names and values', 'lower'),
      dataBytes: obs('B', 'DATA frames (HTTP/1.1: body) per later call'),
      otherBytes: obs('B', 'other bytes on the call’s stream per later call'),
      connectionBytes: obs('B', 'bytes on no call’s stream per later call'),
    },
    rows: rows.flatMap((r) =>
      (['request', 'response'] as const).map((direction) => {
        const run: HeaderRun = r.headers[direction];
        const later = run.later;
        const perCall = r.headers.connectionPerLaterCall[direction === 'request' ? 'sent' : 'received'];
        return {
          stack: r.stack,
          ...(methods ? { method: r.method ?? '' } : {}),
          direction,
          protocol: r.headers.protocol === 'http2' ? 'HTTP/2' : 'HTTP/1.1',
          fields: run.first.fields,
          nameValueBytes: nameValueBytes(run.first),
          listBytes: run.first.headerListBytes,
          call1Bytes: run.first.headerBytes,
          call2Bytes: run.second?.headerBytes ?? null,
          laterBytes: later ? bytes1(later.headerBytes) : null,
          laterRatio: later ? Number((later.headerBytes / nameValueBytes(later)).toFixed(3)) : null,
          dataBytes: later ? bytes1(later.dataBytes) : null,
          otherBytes: later ? bytes1(later.otherBytes) : null,
          connectionBytes: later ? bytes1(perCall) : null,
        };
      }),
    ),
  });
}

/** Request header bytes of call 1, call 2 and later calls per stack (one panel per method for a service). */
export function headersChart(rows: HeaderRow[]): ChartSpec {
  const methods = rows.some((r) => r.method !== undefined);
  return barChart({
    name: 'header-bytes-per-call',
    title: 'Request header bytes on the wire: call 1, call 2, later calls (mean)',
    rows: rows.flatMap((r) => {
      const run = r.headers.request;
      const at = { stack: r.stack, ...(methods ? { method: r.method ?? '' } : {}) };
      return [
        { ...at, call: 'call 1', bytes: run.first.headerBytes },
        ...(run.second ? [{ ...at, call: 'call 2', bytes: run.second.headerBytes }] : []),
        ...(run.later ? [{ ...at, call: 'later (mean)', bytes: bytes1(run.later.headerBytes) }] : []),
      ];
    }),
    x: 'stack',
    y: 'bytes',
    color: 'call',
    yTitle: 'request header bytes',
    valueLabels: true,
    ...(methods ? { facet: 'method' } : {}),
  });
}

/**
 * What HPACK saved, what HTTP/1.1 resent, and what call 1 on a new HTTP/2 connection carried, from `rows` only (a
 * sentence about HTTP/2 or HTTP/1.1 needs a stack of that kind); a service's rows get one set per method, prefixed
 * with its name.
 */
export function headersFindings(rows: HeaderRow[]): string[] {
  const methods = [...new Set(rows.map((r) => r.method))];
  return methods.flatMap((method) =>
    methodFindings(rows.filter((r) => r.method === method)).map((f) => (method === undefined ? f : `${method}: ${f}`)),
  );
}

function methodFindings(mine: HeaderRow[]): string[] {
  const out: string[] = [];
  const b = (x: number) => `${formatNumber(Math.round(x))} B`;
  const steady = (run: HeaderRun) => run.later ?? run.second;
  const h2 = mine.filter((r) => r.headers.protocol === 'http2');
  const h1 = mine.filter((r) => r.headers.protocol === 'http1');
  const shrank = h2.filter((r) => {
    const s = steady(r.headers.request);
    return s && s.headerBytes < r.headers.request.first.headerBytes;
  });
  if (shrank.length) {
    const text = shrank.map((r) => {
      const run = r.headers.request;
      const s = steady(run)!;
      return (
        `${r.stack} ${b(run.first.headerBytes)} on call 1, then ${b(s.headerBytes)}` +
        `${run.later ? ' per later call' : ' on call 2'} (${pct(s.headerBytes / nameValueBytes(s))} of its ` +
        `${b(nameValueBytes(s))} of names and values)`
      );
    });
    out.push(
      `HTTP/2 request headers shrank once HPACK's dynamic table held them: ${listText(text)}. A field already in ` +
        'the table is sent as an index of a byte or two; only fields whose value changed travel again.',
    );
  }
  const firstCall = h2.flatMap((r) => {
    const f = r.headers.request.first;
    const setup = r.headers.connectionFirst.sent;
    // Only when the parts add up to the relay's count for call 1 (they do unless the relay failed to read a frame).
    if (setup + partTotal(f) !== r.firstSent) return [];
    const parts = [setup, f.headerBytes, f.dataBytes, ...(f.otherBytes ? [f.otherBytes] : [])];
    return [`${r.stack} ${b(r.firstSent)} = ${parts.map(formatNumber).join(' + ')} B`];
  });
  if (firstCall.length) {
    const other = h2.some((r) => r.headers.request.first.otherBytes) ? ' (+ other frames on the call’s stream)' : '';
    out.push(
      `Call 1 on a new HTTP/2 connection sent ${listText(firstCall)}: the connection's own bytes (preface, frames ` +
        `on stream 0 such as SETTINGS) + HEADERS + DATA${other}.`,
    );
  }
  const same = h1.filter((r) => {
    const s = steady(r.headers.request);
    return s && Math.abs(s.headerBytes - r.headers.request.first.headerBytes) <= 1;
  });
  if (same.length) {
    out.push(
      `HTTP/1.1 sent its request head in full on every call: ` +
        listText(
          same.map(
            (r) =>
              `${r.stack} ${b(r.headers.request.first.headerBytes)} for ${b(nameValueBytes(r.headers.request.first))} ` +
              'of names and values',
          ),
        ) +
        '.',
    );
  }
  const h2Steady = h2.flatMap((r) => (steady(r.headers.request) ? [steady(r.headers.request)!.headerBytes] : []));
  const h1Steady = h1.flatMap((r) => (steady(r.headers.request) ? [steady(r.headers.request)!.headerBytes] : []));
  if (h2Steady.length && h1Steady.length) {
    const range = (xs: number[]) =>
      Math.round(Math.min(...xs)) === Math.round(Math.max(...xs))
        ? b(xs[0])
        : `${formatNumber(Math.round(Math.min(...xs)))}–${b(Math.max(...xs))}`;
    const ratio = Math.min(...h1Steady) / Math.max(...h2Steady);
    out.push(
      `From the second call on, a request's headers took ${range(h2Steady)} on HTTP/2 against ${range(h1Steady)} ` +
        `on HTTP/1.1${ratio > 1 ? ` (${times(ratio)} or more)` : ''}.`,
    );
  }
  for (const r of mine) {
    if (r.headers.errors.length) {
      out.push(`The relay could not read all of ${r.stack}'s bytes: ${r.headers.errors[0]}.`);
    }
  }
  return out;
}
