// `syslab proto inspect`: the three input forms, schema and schema-less, and its input errors.
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/core/index.js';
import { protoInspectCli } from '../../src/protobuf/inspect-cli.js';
import { PROTO_DIR, SAMPLES_DIR } from '../../src/protobuf/samples.js';

let output = '';
beforeEach(() => {
  output = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'syslab-inspect-'));
const orderProto = path.join(PROTO_DIR, 'order.proto');

describe('protoInspectCli', () => {
  it('--hex without a schema decodes like protoc --decode_raw', async () => {
    expect(await protoInspectCli(['--hex', '08 96 01'])).toBe(0);
    expect(output).toContain('hex input: no schema');
    expect(output).toMatch(/^0 +08 96 01 +1 +VARINT +varint 150$/m);
  });

  it('--json with --proto and --message encodes the message and names every field', async () => {
    expect(
      await protoInspectCli([
        '--proto',
        orderProto,
        '--message',
        'syslab.lab05.Order',
        '--json',
        path.join(SAMPLES_DIR, 'order.json'),
      ]),
    ).toBe(0);
    expect(output).toContain('syslab.lab05.Order');
    expect(output).toMatch(/^17 +12 55 +2 customer +LEN +message syslab\.lab05\.Customer \(85 bytes\)$/m);
    expect(output).toMatch(/^140 +2a 05 0c 8c 01 83 10 +5 category_ids +LEN +packed uint32 ×3 \[12, 140, 2051\]$/m);
    expect(output).toMatch(/^281 bytes, 11 top-level fields$/m);
  });

  it('--bin and --hex files with a schema, --flag=value form accepted', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'm.bin'), Uint8Array.from([0x08, 0x03, 0x10, 0x04]));
    writeFileSync(path.join(dir, 'm.hex'), '08 03\n10 04\n');
    const mult = path.join(PROTO_DIR, 'mult.proto');
    expect(await protoInspectCli([`--proto=${mult}`, '--message=MultReq', '--bin', path.join(dir, 'm.bin')])).toBe(0);
    expect(output).toMatch(/1 x +VARINT +int32 3/);
    expect(output).toMatch(/2 y +VARINT +int32 4/);
    output = '';
    expect(await protoInspectCli(['--hex', path.join(dir, 'm.hex')])).toBe(0);
    expect(output).toMatch(/2 +VARINT +varint 4/);
  });

  it('prints usage for --help', async () => {
    expect(await protoInspectCli(['--help'])).toBe(0);
    expect(output).toContain('Usage: syslab proto inspect');
  });

  it('rejects bad arguments and malformed bytes with InputError', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bad.json'), '{"orderId": 5, "nope": 1}');
    symlinkSync('loop.bin', path.join(dir, 'loop.bin'));
    const cases: Array<[string[], RegExp]> = [
      [[], /give exactly one of --json, --hex, --bin \(got none\)/],
      [['--hex', '08 01', '--bin', 'x'], /give exactly one of .*got --hex, --bin/],
      [['--json', 'x.json'], /--json needs --proto and --message/],
      [['--proto', orderProto, '--hex', '08 01'], /--proto and --message go together/],
      [['--frob'], /unknown argument "--frob"/],
      [['--hex'], /--hex needs a value/],
      [['--bin', path.join(dir, 'missing.bin')], /no such file \(ENOENT\); expected a file of protobuf bytes$/],
      [
        ['--bin', path.join(dir, 'loop.bin')],
        /loop.bin: a symlink loop \(a link that leads back to itself\) \(ELOOP\)/,
      ],
      [['--hex', path.join(dir, 'loop.bin')], /--hex .*loop.bin: a symlink loop/],
      [['--hex', 'missing.hex'], /--hex missing.hex: no such file, and not hex text either/],
      [['--hex', '08 9'], /odd number of hex digits/],
      [['--hex', '08 96'], /hex input: malformed protobuf at offset 1: truncated varint/],
      [['--hex', '0f'], /offset 0: wire type 7 does not exist/],
      [
        ['--proto', orderProto, '--message', 'Order', '--json', path.join(dir, 'bad.json')],
        /not a syslab\.lab05\.Order in protobuf's canonical JSON/,
      ],
    ];
    for (const [argv, message] of cases) {
      await expect(protoInspectCli(argv), argv.join(' ')).rejects.toThrow(message);
      await expect(protoInspectCli(argv)).rejects.toBeInstanceOf(InputError);
    }
  });
});
