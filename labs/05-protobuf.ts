// Lab 05: protobuf sizes and the wire format. Measures message sizes against canonical JSON (with and without gzip),
// the bytes each integer type takes, what field numbers, packing, presence, strings and nesting cost, and encode/decode
// speed; includes an annotated wire dump. Logic: src/protobuf/. Handout: labs/05-protobuf.md. Tests: test/protobuf/.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  barChart,
  defineLab,
  InputError,
  p,
  runIfMain,
  table,
  vegaLite,
  type ChartSpec,
  type Row,
} from '../src/core/index.js';
import { layoutRows } from '../src/protobuf/layout.js';
import { loadSamples, type Sample } from '../src/protobuf/samples.js';
import { messageSizes } from '../src/protobuf/sizes.js';
import { INTEGER_TYPES, LADDER, varintRows } from '../src/protobuf/varints.js';
import { findings } from '../src/protobuf/findings.js';

/** The varint chart's x axis: the ladder from -2^31 up to 2^63-1, so negative values sit left of 0, not between 2^31-1 and 2^63-1. */
const LADDER_BY_VALUE = [...LADDER]
  .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
  .map((l) => l.label);

/** Samples timed in the speed table: a tiny RPC request, a nested document, and a bulk message. */
const SPEED_SAMPLES = ['MultReq small', 'Order', 'SensorBatch'];

const lab = defineLab({
  id: '05',
  slug: 'protobuf',
  title: 'Protobuf sizes and the wire format',
  summary:
    'protobuf versus JSON sizes (with gzip), varint and zigzag costs, field layout rules, encode/decode speed, a wire inspector',
  libraries: ['@bufbuild/protobuf', '@bufbuild/buf', 'protobufjs', 'tinybench'],
  params: {
    batch: p.int({
      default: 1000,
      min: 1,
      max: 1_000_000,
      description: 'readings in the generated SensorBatch sample',
    }),
    benchMs: p.int({
      default: 500,
      quick: 20,
      min: 5,
      max: 60_000,
      description: 'tinybench time budget per speed task, in ms',
    }),
    proto: p.path({ description: 'your own .proto file (compiled with buf); needs --message and --json' }),
    message: p.string({
      description: 'the message type in --proto, package-qualified (pkg.Msg) or a unique short name',
    }),
    json: p.path({
      description: 'your message in protobuf canonical JSON (int64 as strings, bytes as base64, enums by name)',
    }),
  },
  async run(ctx) {
    const { params } = ctx;
    const customGiven = [params.proto, params.message, params.json].filter((v) => v !== undefined).length;
    if (customGiven !== 0 && customGiven !== 3) {
      throw new InputError('--proto, --message and --json go together: give all three to measure your own message');
    }

    const samples = loadSamples(ctx.rng.fork('samples'), params.batch);
    let custom: Awaited<ReturnType<typeof measureCustomMessage>> | undefined;
    if (params.proto && params.message && params.json)
      custom = await measureCustomMessage(params.proto, params.message, params.json, ctx.outDir);

    const messageRows: Row[] = samples.map((s) => ({
      message: s.name,
      description: s.description,
      ...messageSizes(s.schema, s.message),
    }));
    const varints = varintRows();
    const layout = layoutRows(1000);

    const { speedCases, loadProtobufjs, measureSpeed } = await import('../src/protobuf/speed.js');
    const timed = samples.filter((s) => SPEED_SAMPLES.some((name) => s.name.startsWith(name)));
    const protobufjs = await loadProtobufjs([...new Set(timed.map((s) => s.protoFile))]);
    const cases = timed.flatMap((s) => speedCases(s, protobufjs));
    if (custom) cases.push(...speedCases(custom.sample));
    const bar = ctx.progress('timing encode/decode', cases.length);
    const speed = await measureSpeed(cases, {
      timeMs: params.benchMs,
      warmupMs: Math.max(5, params.benchMs / 5),
      onTaskDone: () => bar.tick(),
    });
    bar.done();

    const { formatDump } = await import('../src/protobuf/dump.js');
    const { inspectWire } = await import('../src/protobuf/inspect.js');
    const { toBinary } = await import('@bufbuild/protobuf');
    const order = samples.find((s) => s.name === 'Order')!;
    const orderBytes = toBinary(order.schema, order.message);
    const orderDump = formatDump(inspectWire(orderBytes, { schema: order.schema }), orderBytes);

    const byteMetrics = {
      jsonBytes: { unit: 'B' },
      protobufBytes: { unit: 'B' },
      jsonGzipBytes: { unit: 'B' },
      protobufGzipBytes: { unit: 'B' },
    };
    const ratioMetrics = {
      jsonPerProtobuf: { unit: 'x', description: 'jsonBytes / protobufBytes' },
      gzipJsonPerProtobuf: { unit: 'x', description: 'jsonGzipBytes / protobufGzipBytes' },
    };
    const tables = {
      messages: table({
        title: 'Message sizes: canonical JSON versus protobuf, raw and gzip-compressed',
        description:
          'JSON is JSON.stringify(toJson(message)); protobuf is toBinary(message) (Protobuf-ES); gzip is node:zlib at its default level 6.',
        keys: ['message'],
        columns: ['description'],
        metrics: { ...byteMetrics, ...ratioMetrics },
        rows: messageRows,
      }),
      varints: table({
        title: 'Bytes per integer type and value (encoded, then measured with the wire inspector)',
        description:
          'valueBytes excludes the 1-byte tag; fieldBytes includes it. Empty rows: the type cannot hold the value and the encoder refuses it.',
        keys: ['type', 'value'],
        columns: ['decimal', 'hex', 'note'],
        metrics: { valueBytes: { unit: 'B' }, fieldBytes: { unit: 'B' } },
        rows: varints.map((r) => ({ ...r })),
      }),
      layout: table({
        title: 'What the layout rules cost: field numbers, packing, presence, strings, nesting',
        description:
          'framingBytes are tags and length prefixes (the bytes that are not values), summed from the wire inspector.',
        keys: ['aspect', 'case'],
        columns: ['note'],
        metrics: { protobufBytes: { unit: 'B' }, framingBytes: { unit: 'B' }, jsonBytes: { unit: 'B' } },
        rows: layout.map((r) => ({ ...r })),
      }),
      speed: table({
        title: 'Encode and decode throughput (tinybench; median of batch means, ± half the IQR)',
        description: `Each tinybench sample is the mean time per call of a batch of about 0.5 ms; ${params.benchMs} ms per task. MB/s counts the encoded form of that codec (protobuf bytes or JSON bytes).`,
        keys: ['message', 'codec', 'operation'],
        columns: ['note'],
        metrics: {
          bytes: { unit: 'B' },
          messagesPerSecond: { unit: 'msg/s', better: 'higher' },
          megabytesPerSecond: { unit: 'MB/s', better: 'higher' },
        },
        rows: speed.map((r) => ({ ...r })),
      }),
      ...(custom
        ? {
            custom: table({
              title: 'Your message',
              description: `${params.proto} ${custom.result.message} from ${params.json}; the encoded bytes are in custom.binpb.`,
              keys: ['message'],
              columns: ['hex'],
              metrics: { ...byteMetrics, ...ratioMetrics },
              rows: [
                {
                  message: custom.result.message,
                  hex: custom.result.hex,
                  jsonBytes: custom.result.jsonBytes,
                  protobufBytes: custom.result.protobufBytes,
                  jsonGzipBytes: custom.result.jsonGzipBytes,
                  protobufGzipBytes: custom.result.protobufGzipBytes,
                  jsonPerProtobuf: custom.result.jsonPerProtobuf,
                  gzipJsonPerProtobuf: custom.result.gzipJsonPerProtobuf,
                },
              ],
            }),
          }
        : {}),
    };

    const sizeBars = messageRows.flatMap((r) => [
      { message: r.message, encoding: 'JSON', bytes: r.jsonBytes },
      { message: r.message, encoding: 'protobuf', bytes: r.protobufBytes },
      { message: r.message, encoding: 'JSON + gzip', bytes: r.jsonGzipBytes },
      { message: r.message, encoding: 'protobuf + gzip', bytes: r.protobufGzipBytes },
    ]);
    const varintPoints = varints
      .filter((r) => r.valueBytes !== null)
      .map((r) => ({ type: r.type, value: r.value, valueBytes: r.valueBytes }));
    const speedBars = speed.map((r) => ({
      message: r.message,
      codec: r.codec,
      operation: r.operation,
      messagesPerSecond: r.messagesPerSecond.median,
    }));

    return {
      tables,
      charts: [
        inTableOrder(
          barChart({
            name: 'message-sizes',
            title: 'Encoded size per message (log scale)',
            rows: sizeBars,
            x: 'message',
            y: 'bytes',
            color: 'encoding',
            yScale: 'log',
            yTitle: 'bytes',
          }),
          messageRows.map((r) => String(r.message)),
        ),
        vegaLite({
          name: 'varint-bytes',
          title: 'Value bytes per integer type (tag excluded); values in numeric order, not to scale',
          spec: {
            $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
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
      ],
      findings: findings({ messages: messageRows, varints, layout, speed, custom: custom?.result }),
      sections: [
        {
          title: 'Wire dump of the Order sample',
          body: `\`npx syslab proto inspect --proto data/proto/order.proto --message syslab.lab05.Order --json data/proto/samples/order.json\`\n\n\`\`\`\n${orderDump}\n\`\`\``,
        },
        ...(custom
          ? [
              {
                title: `Wire dump of your message (${custom.result.message})`,
                body: `\`\`\`\n${custom.result.dump}\n\`\`\``,
              },
            ]
          : []),
      ],
    };
  },
});

/** Orders a bar chart's categories as the table lists them (small to bulk messages), not alphabetically. */
function inTableOrder(chart: ChartSpec, order: string[]): ChartSpec {
  const encoding = chart.spec.encoding as { x: Record<string, unknown> };
  encoding.x.sort = order;
  return chart;
}

/** Compiles and measures the student's message; the full encoding goes to custom.binpb in the report folder. */
async function measureCustomMessage(protoFile: string, messageName: string, jsonFile: string, outDir: string) {
  const { loadCustom, measureCustom } = await import('../src/protobuf/custom.js');
  const { schema, message } = loadCustom(protoFile, messageName, jsonFile);
  const result = measureCustom(schema, message);
  writeFileSync(path.join(outDir, 'custom.binpb'), result.bytes);
  const sample: Pick<Sample, 'name' | 'schema' | 'message'> = { name: `yours: ${schema.typeName}`, schema, message };
  return { result, sample };
}

export default lab;
await runIfMain(import.meta.url, lab);
