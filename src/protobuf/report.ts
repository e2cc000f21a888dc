// Turns lab 05's measured rows into its report: the messages (with Thrift's columns), varints, layout, speed (and your
// message's) tables, three charts, the findings (src/protobuf/findings.ts), the wire dumps and how the Thrift columns
// were made (or why they are empty). report() is what labs/05-protobuf.ts
// returns. Tests: test/protobuf/lab.test.ts.
import { barChart, vegaLite, type ChartSpec } from '../core/charts.js';
import type { LabResult } from '../core/lab.js';
import type { Section } from '../core/report.js';
import { table, type Metric, type Table } from '../core/table.js';
import type { MessageRow, ProtobufResult, ThriftRun } from './experiment.js';
import { findings } from './findings.js';
import { INTEGER_TYPES, LADDER } from './varints.js';

/** The varint chart's x axis: the ladder from -2^31 up to 2^63-1 in numeric order, not as the table lists it. */
const LADDER_BY_VALUE = [...LADDER]
  .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
  .map((l) => l.label);

const BYTE_METRICS: Record<string, Metric> = {
  jsonBytes: { unit: 'B', kind: 'exact' },
  protobufBytes: { unit: 'B', kind: 'exact' },
  jsonGzipBytes: { unit: 'B', kind: 'exact' },
  protobufGzipBytes: { unit: 'B', kind: 'exact' },
  jsonPerProtobuf: { unit: 'x', kind: 'exact', description: 'jsonBytes / protobufBytes' },
  gzipJsonPerProtobuf: { unit: 'x', kind: 'exact', description: 'jsonGzipBytes / protobufGzipBytes' },
};

const THRIFT_METRICS: Record<string, Metric> = {
  thriftBinaryBytes: { unit: 'B', kind: 'exact', description: 'Apache Thrift TBinaryProtocol, the struct alone' },
  thriftCompactBytes: { unit: 'B', kind: 'exact', description: 'Apache Thrift TCompactProtocol, the struct alone' },
  thriftBinaryPerProtobuf: { unit: 'x', kind: 'exact', description: 'thriftBinaryBytes / protobufBytes' },
  thriftCompactPerProtobuf: { unit: 'x', kind: 'exact', description: 'thriftCompactBytes / protobufBytes' },
};

/** The whole report: tables, charts, findings and sections, all from this run's result. */
export function report(
  result: ProtobufResult,
): Required<Pick<LabResult, 'tables' | 'charts' | 'findings' | 'sections'>> {
  return {
    tables: tables(result),
    charts: charts(result),
    findings: findings({
      ...result,
      custom: result.custom?.result,
      thriftFields: result.thrift.available ? result.thrift.fields : undefined,
      thriftUnavailable: result.thrift.available ? undefined : result.thrift.reason,
    }),
    sections: sections(result),
  };
}

export function tables(result: ProtobufResult): Record<string, Table> {
  const out: Record<string, Table> = {
    messages: table({
      title: 'Message sizes: canonical JSON versus protobuf, raw and gzip-compressed, and Apache Thrift',
      description:
        'JSON is JSON.stringify(toJson(message)); protobuf is toBinary(message) (Protobuf-ES); gzip is node:zlib at ' +
        'its default level 6. Thrift is the same message as a struct of data/proto/thrift/lab05.thrift in the ' +
        'binary and compact protocols, no message envelope or frame (empty when the Thrift compiler is unavailable).',
      keys: ['message'],
      columns: ['description'],
      metrics: { ...BYTE_METRICS, ...THRIFT_METRICS },
      rows: result.messages.map((r) => ({ ...r })),
    }),
    varints: table({
      title: 'Bytes per integer type and value (encoded, then measured with the wire inspector)',
      description:
        'valueBytes excludes the 1-byte tag; fieldBytes includes it. Empty rows: the type cannot hold the value and ' +
        'the encoder refuses it.',
      keys: ['type', 'value'],
      columns: ['decimal', 'hex', 'note'],
      metrics: { valueBytes: { unit: 'B', kind: 'exact' }, fieldBytes: { unit: 'B', kind: 'exact' } },
      rows: result.varints.map((r) => ({ ...r })),
    }),
    layout: table({
      title: 'What the layout rules cost: field numbers, packing, presence, strings, nesting',
      description:
        'framingBytes are tags and length prefixes (the bytes that are not values), summed from the wire inspector.',
      keys: ['aspect', 'case'],
      columns: ['note'],
      metrics: {
        protobufBytes: { unit: 'B', kind: 'exact' },
        framingBytes: { unit: 'B', kind: 'exact' },
        jsonBytes: { unit: 'B', kind: 'exact' },
      },
      rows: result.layout.map((r) => ({ ...r })),
    }),
    speed: table({
      title: 'Encode and decode throughput (median of batch rates, ± half the IQR)',
      description:
        `Each sample is the mean rate of a batch of calls taking about 0.5 ms; ${result.benchMs} ms of batches per ` +
        'case. MB/s counts the encoded form of that codec (protobuf bytes or JSON bytes).',
      keys: ['message', 'codec', 'operation'],
      columns: ['note'],
      metrics: {
        bytes: { unit: 'B', kind: 'exact' },
        messagesPerSecond: { unit: 'msg/s', kind: 'sampled', better: 'higher' },
        megabytesPerSecond: { unit: 'MB/s', kind: 'sampled', better: 'higher' },
      },
      rows: result.speed.map((r) => ({ ...r })),
    }),
  };
  if (result.custom) {
    const { proto, json, result: c } = result.custom;
    out.custom = table({
      title: 'Your message',
      description: `${proto} ${c.message} from ${json}; the encoded bytes are in custom.binpb.`,
      keys: ['message'],
      columns: ['hex'],
      metrics: BYTE_METRICS,
      rows: [
        {
          message: c.message,
          hex: c.hex,
          jsonBytes: c.jsonBytes,
          protobufBytes: c.protobufBytes,
          jsonGzipBytes: c.jsonGzipBytes,
          protobufGzipBytes: c.protobufGzipBytes,
          jsonPerProtobuf: c.jsonPerProtobuf,
          gzipJsonPerProtobuf: c.gzipJsonPerProtobuf,
        },
      ],
    });
  }
  return out;
}

const sizeBars = (r: MessageRow) => [
  { message: r.message, encoding: 'JSON', bytes: r.jsonBytes },
  { message: r.message, encoding: 'protobuf', bytes: r.protobufBytes },
  { message: r.message, encoding: 'JSON + gzip', bytes: r.jsonGzipBytes },
  { message: r.message, encoding: 'protobuf + gzip', bytes: r.protobufGzipBytes },
  ...(r.thriftBinaryBytes === null
    ? []
    : [{ message: r.message, encoding: 'Thrift binary', bytes: r.thriftBinaryBytes }]),
  ...(r.thriftCompactBytes === null
    ? []
    : [{ message: r.message, encoding: 'Thrift compact', bytes: r.thriftCompactBytes }]),
];

export function charts(result: ProtobufResult): ChartSpec[] {
  const varintPoints = result.varints
    .filter((r) => r.valueBytes !== null)
    .map((r) => ({ type: r.type, value: r.value, valueBytes: r.valueBytes }));
  const speedBars = result.speed.map((r) => ({
    message: r.message,
    codec: r.codec,
    operation: r.operation,
    messagesPerSecond: r.messagesPerSecond.median,
  }));
  return [
    // Bars in the table's order (small to bulk messages), which is the builder's default.
    barChart({
      name: 'message-sizes',
      title: 'Encoded size per message (log scale)',
      rows: result.messages.flatMap(sizeBars),
      x: 'message',
      y: 'bytes',
      color: 'encoding',
      yScale: 'log',
      yTitle: 'bytes',
    }),
    // A panel per type, an ordinal value axis in numeric order: no builder covers that, so the spec is written here.
    vegaLite({
      name: 'varint-bytes',
      title: 'Value bytes per integer type (tag excluded); values in numeric order, not to scale',
      spec: {
        data: { values: varintPoints },
        facet: { field: 'type', type: 'nominal', sort: [...INTEGER_TYPES], title: null },
        columns: 4,
        // Each panel keeps its own value axis, so no axis hangs under the empty eighth cell.
        resolve: { axis: { x: 'independent' } },
        spec: {
          width: 200,
          height: 140,
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'value', type: 'ordinal', sort: LADDER_BY_VALUE, title: 'value' },
            y: { field: 'valueBytes', type: 'quantitative', title: 'bytes', scale: { domain: [0, 10] } },
            tooltip: [{ field: 'type' }, { field: 'value' }, { field: 'valueBytes' }],
          },
        },
      },
    }),
    barChart({
      name: 'speed',
      title: 'Messages encoded or decoded per second (log scale)',
      rows: speedBars,
      x: 'codec',
      y: 'messagesPerSecond',
      color: 'operation',
      facet: 'message',
      yScale: 'log',
      yTitle: 'messages/s',
    }),
  ];
}

/** How the messages table's Thrift columns were made, or why they are empty. */
function thriftSection(thrift: ThriftRun): Section {
  if (!thrift.available) {
    return {
      title: 'Thrift columns',
      body: `Thrift columns unavailable: ${thrift.reason}. The other columns are unaffected.`,
    };
  }
  const lines = [
    `Thrift columns: \`${thrift.idl}\` compiled by ${thrift.version} (\`${thrift.compiler} --gen js:node\`), each ` +
      "sample copied field for field into its struct and written with the thrift package's TBinaryProtocol and " +
      'TCompactProtocol into a memory transport (the struct alone: no message envelope, no frame).',
    '',
    'Each top-level field of the JSON samples encoded alone (bytes with the field, less the empty message: 0 bytes ' +
      'of protobuf, a 1-byte stop field in Thrift):',
    '',
    '| message | field | .proto type | protobuf B | Thrift compact B | Thrift binary B |',
    '| --- | --- | --- | ---: | ---: | ---: |',
    ...thrift.fields.flatMap((m) =>
      m.fields.map(
        (f) =>
          `| ${m.message} | ${f.field} | ${f.protoType} | ${f.protobufBytes} | ${f.thriftCompactBytes} | ` +
          `${f.thriftBinaryBytes} |`,
      ),
    ),
  ];
  return { title: 'Thrift columns', body: lines.join('\n') };
}

const ORDER_COMMAND =
  'npx syslab proto inspect --proto data/proto/order.proto --message syslab.lab05.Order --json data/proto/samples/order.json';

export function sections(result: ProtobufResult): Section[] {
  const out: Section[] = [
    { title: 'Wire dump of the Order sample', body: `\`${ORDER_COMMAND}\`\n\n\`\`\`\n${result.orderDump}\n\`\`\`` },
  ];
  if (result.custom) {
    const c = result.custom.result;
    out.push({ title: `Wire dump of your message (${c.message})`, body: `\`\`\`\n${c.dump}\n\`\`\`` });
  }
  out.push(thriftSection(result.thrift));
  return out;
}
