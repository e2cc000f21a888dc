// The lab's sample messages: canonical-JSON files in data/proto/samples/ read with fromJson, plus a batch of sensor
// readings generated from the seed. Each sample knows its .proto file, so tests can re-encode it with protoc.
// Tests: test/protobuf/tables.test.ts, test/protobuf/protoc.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { create, fromJson, type DescMessage, type JsonValue, type Message } from '@bufbuild/protobuf';
import { projectRoot } from '../core/paths.js';
import type { Rng } from '../core/rng.js';
import { MultReqSchema } from './gen/mult_pb.js';
import { OrderSchema } from './gen/order_pb.js';
import { SensorBatchSchema, SensorReadingSchema, SensorStatus, type SensorReading } from './gen/sensor_pb.js';
import { TableRowSchema } from './gen/table_row_pb.js';

export const PROTO_DIR = path.join(projectRoot, 'data', 'proto');
export const SAMPLES_DIR = path.join(PROTO_DIR, 'samples');

export interface Sample {
  name: string;
  description: string;
  schema: DescMessage;
  message: Message;
  /** The .proto file (relative to data/proto) that declares the message. */
  protoFile: string;
}

const JSON_SAMPLES = [
  {
    name: 'MultReq small',
    file: 'multreq-small.json',
    schema: MultReqSchema,
    protoFile: 'mult.proto',
    description: 'the seed RPC request with x=3, y=4',
  },
  {
    name: 'MultReq large',
    file: 'multreq-large.json',
    schema: MultReqSchema,
    protoFile: 'mult.proto',
    description: 'the same request with x=2^31-1, y=-2^31',
  },
  {
    name: 'SensorReading',
    file: 'sensor-reading.json',
    schema: SensorReadingSchema,
    protoFile: 'sensor.proto',
    description: 'one IoT reading: id, timestamp, double, float, sint32, enum',
  },
  {
    name: 'Order',
    file: 'order.json',
    schema: OrderSchema,
    protoFile: 'order.proto',
    description: 'a shop order: nested customer and address, 3 line items, packed ids, bytes',
  },
  {
    name: 'TableRow',
    file: 'table-row.json',
    schema: TableRowSchema,
    protoFile: 'table_row.proto',
    description: "one row of lab 04's table (id, timestamp, category, text, amount, count, flag)",
  },
] as const;

/** Reads one canonical-JSON sample file into a message of the given type. */
export function readJsonSample<Desc extends DescMessage>(schema: Desc, file: string): Message {
  const json = JSON.parse(readFileSync(path.join(SAMPLES_DIR, file), 'utf8')) as JsonValue;
  return fromJson(schema, json);
}

/** A gateway's upload: `count` readings from 20 sensors, values as such sensors report them (deterministic by rng). */
export function makeSensorBatch(rng: Rng, count: number): Message {
  const readings: SensorReading[] = [];
  const start = 1_718_035_200_000;
  for (let i = 0; i < count; i++) {
    const sensor = rng.int(20);
    readings.push(
      create(SensorReadingSchema, {
        sensorId: `greenhouse-${1 + (sensor % 4)}/temp-${String(sensor).padStart(2, '0')}`,
        timestampMs: BigInt(start + i * 500 + rng.int(500)),
        temperatureC: Math.round(rng.range(15, 32) * 100) / 100,
        humidityPct: Math.round(rng.range(30, 90) * 2) / 2, // 0.5 % steps: exact in a float32
        rssiDbm: -40 - rng.int(50),
        batteryMv: 2800 + rng.int(500),
        status: rng.next() < 0.95 ? SensorStatus.OK : SensorStatus.LOW_BATTERY,
      }),
    );
  }
  return create(SensorBatchSchema, { gatewayId: 'gw-greenhouse-north', readings });
}

/** Every sample: the JSON files in their listed order, then the generated batch. */
export function loadSamples(rng: Rng, batchSize: number): Sample[] {
  const samples: Sample[] = JSON_SAMPLES.map((s) => ({
    name: s.name,
    description: s.description,
    schema: s.schema,
    protoFile: s.protoFile,
    message: readJsonSample(s.schema, s.file),
  }));
  samples.push({
    name: `SensorBatch ×${batchSize}`,
    description: `${batchSize} sensor readings in one message (generated from the seed)`,
    schema: SensorBatchSchema,
    protoFile: 'sensor.proto',
    message: makeSensorBatch(rng, batchSize),
  });
  return samples;
}
