// `syslab proto inspect`: prints the wire inspector's annotated dump of protobuf bytes, given as canonical JSON plus a
// schema (--proto, --message, --json), or as raw bytes (--hex, --bin) decoded schema-less like `protoc --decode_raw`
// or, with --proto and --message, by the declared types. Bad input throws InputError (the CLI exits 2).
// Tests: test/protobuf/inspect-cli.test.ts.
import { lstatSync, readFileSync } from 'node:fs';
import { toBinary, type DescMessage } from '@bufbuild/protobuf';
import { InputError } from '../core/errors.js';
import { compileProto, findMessage, readUserBytes } from './compile.js';
import { readJsonMessage } from './custom.js';
import { formatDump } from './dump.js';
import { inspectWire } from './inspect.js';
import { parseHex } from './wire.js';

export const INSPECT_USAGE = `Usage: syslab proto inspect [--proto <file.proto> --message <Name>] (--json <file> | --hex <hex|file|-> | --bin <file|->)

Prints every field of a protobuf encoding: offset, bytes in hex, field number (and name), wire type, decoded value,
with nested messages indented.

  --proto <file>     the .proto that declares the message (compiled with buf)
  --message <Name>   the message type, package-qualified (syslab.lab05.Order) or a unique short name (Order)
  --json <file>      the message in protobuf's canonical JSON; needs --proto and --message; it is encoded, then shown
  --hex <text|file>  the bytes as hex ("08 96 01"), or a file holding such text, or - for stdin
  --bin <file>       the bytes as a binary file, or - for stdin
Without --proto/--message, --hex and --bin are decoded without a schema, as protoc --decode_raw does.`;

const FLAGS = ['proto', 'message', 'json', 'hex', 'bin'] as const;
type Flag = (typeof FLAGS)[number];

export function parseInspectArgs(argv: readonly string[]): Partial<Record<Flag, string>> | 'help' {
  const values: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    const flag = match?.[1] as Flag | undefined;
    if (!match || !flag || !FLAGS.includes(flag)) {
      throw new InputError(
        `proto inspect: unknown argument "${arg}"; allowed: ${FLAGS.map((f) => `--${f}`).join(', ')}, --help`,
      );
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) {
      throw new InputError(`proto inspect: --${flag} needs a value`);
    }
    if (values[flag] !== undefined) throw new InputError(`proto inspect: --${flag} given twice`);
    values[flag] = value;
  }
  return values;
}

function readInput(spec: string, flag: string): Buffer {
  if (spec === '-') return readFileSync(0);
  return readUserBytes(`--${flag}`, spec, spec, flag === 'hex' ? 'a file of hex text' : 'a file of protobuf bytes');
}

/** Whether a directory entry exists at `spec` (a dangling or looping link too, so that reading it says why). */
function entryExists(spec: string): boolean {
  try {
    lstatSync(spec);
    return true;
  } catch {
    return false;
  }
}

/** The bytes to inspect, their name for messages, and the schema when one was given. */
export function resolveInspectInput(args: Partial<Record<Flag, string>>): {
  bytes: Uint8Array;
  source: string;
  schema?: DescMessage;
} {
  const sources = (['json', 'hex', 'bin'] as const).filter((f) => args[f] !== undefined);
  if (sources.length !== 1) {
    throw new InputError(
      `proto inspect: give exactly one of --json, --hex, --bin (got ${sources.length ? sources.map((s) => `--${s}`).join(', ') : 'none'})`,
    );
  }
  if ((args.proto === undefined) !== (args.message === undefined)) {
    throw new InputError(
      'proto inspect: --proto and --message go together (the message type is looked up in the .proto)',
    );
  }
  const schema =
    args.proto !== undefined ? findMessage(compileProto(args.proto), args.message!, args.proto) : undefined;
  if (args.json !== undefined) {
    if (!schema) throw new InputError('proto inspect: --json needs --proto and --message to encode it');
    return { bytes: toBinary(schema, readJsonMessage(schema, args.json)), source: args.json, schema };
  }
  if (args.hex !== undefined) {
    const isFile = args.hex === '-' || entryExists(args.hex);
    if (!isFile && /[^0-9a-fA-Fx\s,:]/.test(args.hex)) {
      throw new InputError(`--hex ${args.hex}: no such file, and not hex text either (expected e.g. "08 96 01")`);
    }
    const text = isFile ? readInput(args.hex, 'hex').toString('utf8') : args.hex;
    const source = args.hex === '-' ? 'stdin' : isFile ? args.hex : 'hex input';
    return { bytes: parseHex(text, source), source, schema };
  }
  const bin = args.bin!;
  return { bytes: new Uint8Array(readInput(bin, 'bin')), source: bin === '-' ? 'stdin' : bin, schema };
}

/** Entry point for `syslab proto inspect ...` (argv after "inspect"); returns the exit code, throws InputError. */
export async function protoInspectCli(argv: string[]): Promise<number> {
  const args = parseInspectArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${INSPECT_USAGE}\n`);
    return 0;
  }
  const { bytes, source, schema } = resolveInspectInput(args);
  const records = inspectWire(bytes, { schema, source });
  const title = schema ? `${source}: ${schema.typeName}` : `${source}: no schema (decoded like protoc --decode_raw)`;
  process.stdout.write(`${title}\n${formatDump(records, bytes)}\n`);
  return 0;
}
