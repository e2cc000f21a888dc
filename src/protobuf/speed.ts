// The speed table: encode and decode throughput of Protobuf-ES (binary and its JSON mapping), plain JSON.stringify /
// JSON.parse of the same canonical JSON, and protobufjs as a second binary library, timed with tinybench. A task runs
// its call in a batch sized to about BATCH_MS, so that sub-microsecond calls are not lost in the timer's grain; each
// tinybench sample is the mean time per call of one batch. Tests: test/protobuf/speed.test.ts.
import path from 'node:path';
import {
  fromBinary,
  fromJsonString,
  toBinary,
  toJson,
  toJsonString,
  type DescMessage,
  type Message,
} from '@bufbuild/protobuf';
import type { Bench } from 'tinybench';
import { mapSummary, summarize, type Summary } from '../core/stats.js';
import { PROTO_DIR, type Sample } from './samples.js';

export const CODECS = ['protobuf-es binary', 'protobuf-es JSON', 'JSON.stringify/parse', 'protobufjs binary'] as const;
export type Codec = (typeof CODECS)[number];
export type Operation = 'encode' | 'decode';

export interface SpeedCase {
  message: string;
  codec: Codec;
  operation: Operation;
  /** Size of the encoded form this codec produces or reads. */
  bytes: number;
  note: string;
  run: () => unknown;
}

/** Results are kept here so the engine cannot drop a call whose value is unused. */
let sink: unknown;

export interface ProtobufjsRoot {
  lookupType(name: string): {
    fromObject(o: object): object;
    encode(m: object): { finish(): Uint8Array };
    decode(b: Uint8Array): object;
  };
}

/** protobufjs reads the same .proto files at run time (it has no code generator in this project). */
export async function loadProtobufjs(protoFiles: readonly string[]): Promise<ProtobufjsRoot> {
  const pbjs = (await import('protobufjs')).default;
  return pbjs.loadSync(protoFiles.map((f) => path.join(PROTO_DIR, f)));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The eight cases (4 codecs x encode/decode) for one message; protobufjs only when its root is given. */
export function speedCases(
  sample: Pick<Sample, 'name' | 'schema' | 'message'>,
  protobufjs?: ProtobufjsRoot,
): SpeedCase[] {
  const schema: DescMessage = sample.schema;
  const message: Message = sample.message;
  const name = sample.name;
  const binary = toBinary(schema, message);
  const jsonObject = toJson(schema, message);
  const jsonText = JSON.stringify(jsonObject);
  const jsonBytes = Buffer.byteLength(jsonText);
  const cases: SpeedCase[] = [
    {
      message: name,
      codec: 'protobuf-es binary',
      operation: 'encode',
      bytes: binary.length,
      note: 'toBinary',
      run: () => toBinary(schema, message),
    },
    {
      message: name,
      codec: 'protobuf-es binary',
      operation: 'decode',
      bytes: binary.length,
      note: 'fromBinary',
      run: () => fromBinary(schema, binary),
    },
    {
      message: name,
      codec: 'protobuf-es JSON',
      operation: 'encode',
      bytes: jsonBytes,
      note: 'toJsonString: typed message to canonical JSON',
      run: () => toJsonString(schema, message),
    },
    {
      message: name,
      codec: 'protobuf-es JSON',
      operation: 'decode',
      bytes: jsonBytes,
      note: 'fromJsonString: canonical JSON to typed message',
      run: () => fromJsonString(schema, jsonText),
    },
    {
      message: name,
      codec: 'JSON.stringify/parse',
      operation: 'encode',
      bytes: jsonBytes,
      note: 'JSON.stringify of the plain canonical-JSON object',
      run: () => JSON.stringify(jsonObject),
    },
    {
      message: name,
      codec: 'JSON.stringify/parse',
      operation: 'decode',
      bytes: jsonBytes,
      note: 'JSON.parse to a plain object (no types, int64 stay strings)',
      run: () => JSON.parse(jsonText),
    },
  ];
  if (protobufjs) {
    const type = protobufjs.lookupType(schema.typeName);
    const pbMessage = type.fromObject(jsonObject as object);
    const pbBytes = type.encode(pbMessage).finish();
    const same = sameBytes(pbBytes, binary)
      ? 'same bytes as protobuf-es'
      : `DIFFERENT bytes from protobuf-es (${pbBytes.length} vs ${binary.length})`;
    cases.push(
      {
        message: name,
        codec: 'protobufjs binary',
        operation: 'encode',
        bytes: pbBytes.length,
        note: `encode().finish(); ${same}`,
        run: () => type.encode(pbMessage).finish(),
      },
      {
        message: name,
        codec: 'protobufjs binary',
        operation: 'decode',
        bytes: pbBytes.length,
        note: `decode(); ${same}`,
        run: () => type.decode(pbBytes),
      },
    );
  }
  return cases;
}

export const BATCH_MS = 0.5;

/** Calls per batch so that one batch takes about BATCH_MS (estimated from ~2 ms of calls). */
export function batchSize(run: () => unknown): number {
  let calls = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    sink = run();
    calls++;
    elapsed = performance.now() - t0;
  } while (elapsed < 2 && calls < 100_000);
  return Math.max(1, Math.round((BATCH_MS * calls) / elapsed));
}

export const taskName = (c: Pick<SpeedCase, 'message' | 'codec' | 'operation'>) =>
  `${c.message} | ${c.codec} | ${c.operation}`;

/** Adds one tinybench task per case; each iteration runs a batch and reports the mean time per call. */
export function addSpeedTasks(bench: Bench, cases: readonly SpeedCase[]): void {
  for (const c of cases) {
    const calls = batchSize(c.run);
    bench.add(
      taskName(c),
      () => {
        const t0 = performance.now();
        for (let i = 0; i < calls; i++) sink = c.run();
        const elapsed = performance.now() - t0;
        return { overriddenDuration: elapsed / calls, overriddenIterationCost: elapsed };
      },
      { async: false },
    );
  }
}

export interface SpeedRow {
  message: string;
  codec: Codec;
  operation: Operation;
  bytes: number;
  /** Summary over tinybench samples (each the mean of one batch). */
  messagesPerSecond: Summary;
  megabytesPerSecond: Summary;
  note: string;
}

export interface SpeedOptions {
  /** Time budget per task in ms (tinybench `time`). */
  timeMs: number;
  warmupMs: number;
  onTaskDone?: () => void;
}

export async function measureSpeed(cases: readonly SpeedCase[], options: SpeedOptions): Promise<SpeedRow[]> {
  const { Bench } = await import('tinybench');
  const bench = new Bench({
    time: options.timeMs,
    warmupTime: options.warmupMs,
    iterations: 10,
    warmupIterations: 2,
    retainSamples: true,
    throws: true,
  });
  addSpeedTasks(bench, cases);
  if (options.onTaskDone) bench.addEventListener('cycle', options.onTaskDone);
  await bench.run();
  void sink;
  return cases.map((c) => {
    const task = bench.getTask(taskName(c));
    const result = task?.result;
    if (
      !result ||
      (result.state !== 'completed' && result.state !== 'aborted-with-statistics') ||
      !result.latency.samples
    ) {
      throw new Error(`tinybench task "${taskName(c)}" did not complete`);
    }
    const secondsPerCall = summarize(result.latency.samples.map((ms) => ms / 1000));
    const messagesPerSecond = mapSummary(secondsPerCall, (s) => 1 / s);
    return {
      message: c.message,
      codec: c.codec,
      operation: c.operation,
      bytes: c.bytes,
      messagesPerSecond,
      megabytesPerSecond: mapSummary(messagesPerSecond, (m) => (m * c.bytes) / 1e6),
      note: c.note,
    };
  });
}
