// The speed table: encode and decode throughput of Protobuf-ES (binary and its JSON mapping), plain JSON.stringify /
// JSON.parse of the same canonical JSON, and protobufjs as a second binary library, timed with the core's engine
// (src/core/timing.ts). Each case runs its call in batches sized to about BATCH_MS, so that sub-microsecond calls are
// not lost in the timer's grain; each sample is the mean time per call of one batch. Tests:
// test/protobuf/speed.test.ts.
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
import { mapSummary, type Summary } from '../core/stats.js';
import { measureSync } from '../core/timing.js';
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
      run: (): unknown => JSON.parse(jsonText),
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

/** The most calls in one batch. */
export const MAX_BATCH_CALLS = 1_000_000;

/** Calls per batch so that one batch takes about BATCH_MS (estimated from ~2 ms of single calls, untimed first). */
export function batchSize(run: () => unknown): number {
  const single = measureSync(
    () => {
      sink = run();
    },
    { warmup: 1, repeats: 1, minSeconds: 0.002, maxRepeats: 100_000 },
  );
  // A call below the timer's grain can measure 0 s: the cap keeps such a batch finite.
  return Math.min(MAX_BATCH_CALLS, Math.max(1, Math.round(BATCH_MS / 1000 / single.mean)));
}

export interface SpeedRow {
  message: string;
  codec: Codec;
  operation: Operation;
  bytes: number;
  /** Summary over batches (each sample the mean rate of one batch), raw samples kept. */
  messagesPerSecond: Summary;
  megabytesPerSecond: Summary;
  note: string;
}

export interface SpeedOptions {
  /** Time to spend measuring each case, in ms (at least MIN_BATCHES batches whatever it says). */
  timeMs: number;
  /** Untimed batches first, in ms of calls, so the code is compiled before it is timed. */
  warmupMs: number;
  onCaseDone?: () => void;
}

/** Fewest timed batches per case, so a spread exists even for a slow call. */
export const MIN_BATCHES = 10;

/** Times every case: batches of about BATCH_MS until `timeMs` of batches (and at least MIN_BATCHES) were measured. */
export function measureSpeed(cases: readonly SpeedCase[], options: SpeedOptions): SpeedRow[] {
  return cases.map((c) => {
    const calls = batchSize(c.run);
    const batchSeconds = measureSync(
      () => {
        for (let i = 0; i < calls; i++) sink = c.run();
      },
      {
        warmup: Math.max(2, Math.ceil(options.warmupMs / BATCH_MS)),
        repeats: MIN_BATCHES,
        minSeconds: options.timeMs / 1000,
        maxRepeats: Math.max(MIN_BATCHES, Math.ceil((4 * options.timeMs) / BATCH_MS)),
      },
    );
    options.onCaseDone?.();
    const messagesPerSecond = mapSummary(batchSeconds, (s) => calls / s);
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

/** Whatever the timed calls returned last, so the engine cannot drop a call whose value is unused. */
export const lastResult = (): unknown => sink;
