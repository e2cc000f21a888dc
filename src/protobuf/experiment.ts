// Lab 05's measurements, as plain rows: the size of every sample message in JSON and protobuf (raw and gzipped), the
// bytes each integer type takes, what the layout rules cost, encode/decode speed, the Order sample's wire dump, and
// the student's own message when --proto, --message and --json are given, plus every sample's size in Apache Thrift's
// binary and compact protocols (src/protobuf/thrift-sizes.ts) when the Thrift compiler runs. experiment() is what
// labs/05-protobuf.ts calls; src/protobuf/report.ts turns its result into the report. Tests: test/protobuf/lab.test.ts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { toBinary } from '@bufbuild/protobuf';
import { InputError } from '../core/errors.js';
import { projectRoot } from '../core/paths.js';
import type { LabContext } from '../core/lab.js';
import type { ParamSpecs } from '../core/params.js';
import { loadCustom, measureCustom, type CustomResult } from './custom.js';
import { formatDump } from './dump.js';
import { SensorBatchSchema } from './gen/sensor_pb.js';
import { inspectWire } from './inspect.js';
import { layoutRows, type LayoutRow } from './layout.js';
import { loadSamples, type Sample } from './samples.js';
import { messageSizes, type MessageSizes } from './sizes.js';
import { loadProtobufjs, measureSpeed, speedCases, type SpeedRow } from './speed.js';
import {
  fieldCosts,
  loadThriftCodec,
  thriftSizes,
  THRIFT_IDL,
  type FieldCost,
  type ThriftCodec,
} from './thrift-sizes.js';
import { varintRows, type VarintRow } from './varints.js';

/** The lab's parameters, as labs/05-protobuf.ts declares them. */
export interface ProtobufParams {
  batch: number;
  benchMs: number;
  proto?: string;
  message?: string;
  json?: string;
  /** The Apache Thrift compiler for the Thrift columns ('thrift' on the PATH unless told). */
  thriftCompiler?: string;
}

/** What the experiment needs from the lab's context. */
export type ProtobufContext = Pick<LabContext<ParamSpecs>, 'rng' | 'outDir' | 'scratchDir' | 'progress' | 'log'>;

/** One row of the messages table: a sample and its sizes; the Thrift cells are null when Thrift is unavailable. */
export interface MessageRow extends MessageSizes {
  message: string;
  description: string;
  thriftBinaryBytes: number | null;
  thriftCompactBytes: number | null;
  /** thriftBinaryBytes / protobufBytes. */
  thriftBinaryPerProtobuf: number | null;
  /** thriftCompactBytes / protobufBytes. */
  thriftCompactPerProtobuf: number | null;
}

/** How the Thrift columns were made, or why they are empty. */
export type ThriftRun =
  | { available: true; idl: string; compiler: string; version: string; fields: SampleFieldCosts[] }
  | { available: false; reason: string };

/** A JSON sample's top-level fields, each encoded alone in all three encodings. */
export interface SampleFieldCosts {
  message: string;
  fields: FieldCost[];
}

/** The student's message: where it came from and what it measured. */
export interface CustomRun {
  proto: string;
  json: string;
  result: CustomResult;
}

export interface ProtobufResult {
  messages: MessageRow[];
  varints: VarintRow[];
  layout: LayoutRow[];
  speed: SpeedRow[];
  /** The time budget per speed case, in ms. */
  benchMs: number;
  /** The Order sample's annotated wire dump. */
  orderDump: string;
  custom?: CustomRun;
  thrift: ThriftRun;
}

/** Samples timed in the speed table: a tiny RPC request, a nested document, and a bulk message. */
export const SPEED_SAMPLES = ['MultReq small', 'Order', 'SensorBatch'];

/** Values in the packed/unpacked layout rows. */
const PACKED_COUNT = 1000;

/** Runs every measurement; the student's message (its bytes go to custom.binpb in the report folder) when given. */
export async function experiment(params: ProtobufParams, ctx: ProtobufContext): Promise<ProtobufResult> {
  const given = [params.proto, params.message, params.json].filter((v) => v !== undefined).length;
  if (given !== 0 && given !== 3) {
    throw new InputError('--proto, --message and --json go together: give all three to measure your own message');
  }
  const samples = loadSamples(ctx.rng.fork('samples'), params.batch);
  let custom: CustomRun | undefined;
  let customSample;
  if (params.proto && params.message && params.json) {
    const { schema, message } = loadCustom(params.proto, params.message, params.json);
    const result = measureCustom(schema, message);
    writeFileSync(path.join(ctx.outDir, 'custom.binpb'), result.bytes);
    custom = { proto: params.proto, json: params.json, result };
    customSample = { name: `yours: ${schema.typeName}`, schema, message };
  }

  const thrift = loadThriftCodec(ctx.scratchDir, params.thriftCompiler ?? 'thrift');
  if (!thrift.available) ctx.log(`Thrift columns unavailable: ${thrift.reason}`);
  const messages = samples.map((s) => messageRow(s, thrift));
  const timed = samples.filter((s) => SPEED_SAMPLES.some((name) => s.name.startsWith(name)));
  const protobufjs = await loadProtobufjs([...new Set(timed.map((s) => s.protoFile))]);
  const cases = timed.flatMap((s) => speedCases(s, protobufjs));
  if (customSample) cases.push(...speedCases(customSample));
  const bar = ctx.progress('timing encode/decode', cases.length);
  const speed = measureSpeed(cases, {
    timeMs: params.benchMs,
    warmupMs: Math.max(5, params.benchMs / 5),
    onCaseDone: () => bar.tick(),
  });
  bar.done();

  const order = samples.find((s) => s.name === 'Order');
  if (!order) throw new Error('the Order sample is missing from data/proto/samples');
  const orderBytes = toBinary(order.schema, order.message);
  const orderDump = formatDump(inspectWire(orderBytes, { schema: order.schema }), orderBytes);
  return {
    messages,
    varints: varintRows(),
    layout: layoutRows(PACKED_COUNT),
    speed,
    benchMs: params.benchMs,
    orderDump,
    custom,
    thrift: thrift.available
      ? {
          available: true,
          idl: path.relative(projectRoot, THRIFT_IDL),
          compiler: thrift.compiler,
          version: thrift.version,
          // The JSON samples only: the generated batch would be encoded once more per field.
          fields: samples
            .filter((s) => s.schema !== SensorBatchSchema)
            .map((s) => ({ message: s.name, fields: fieldCosts(thrift.types, s.schema, s.message) })),
        }
      : { available: false, reason: thrift.reason },
  };
}

function messageRow(s: Sample, thrift: ThriftCodec): MessageRow {
  const sizes = messageSizes(s.schema, s.message);
  const t = thrift.available ? thriftSizes(thrift.types, s.schema, s.message) : undefined;
  return {
    message: s.name,
    description: s.description,
    ...sizes,
    thriftBinaryBytes: t?.thriftBinaryBytes ?? null,
    thriftCompactBytes: t?.thriftCompactBytes ?? null,
    thriftBinaryPerProtobuf: t ? t.thriftBinaryBytes / sizes.protobufBytes : null,
    thriftCompactPerProtobuf: t ? t.thriftCompactBytes / sizes.protobufBytes : null,
  };
}
