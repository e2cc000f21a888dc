// libCacheSim's oracleGeneral format: the shipped .zst, a plain conversion and the text trace give the same
// requests and the same hit counts; ids above 2^53 stay exact; truncated records and broken zstd streams are one-line
// errors naming the file and the byte offset.
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinPolicies, BUILTIN_POLICY_NAMES } from '../../src/cache/policies/index.js';
import { simulate } from '../../src/cache/simulate.js';
import {
  encodeOracleGeneral,
  ORACLE_RECORD_BYTES,
  prepareZstd,
  zstdContentSize,
} from '../../src/cache/oracle-general.js';
import { convertToOracleGeneral, textTraceIds } from '../../src/cache/to-oracle-general.js';
import { readTrace } from '../../src/cache/trace.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-oracle-'));
const traces = path.resolve(__dirname, '../../data/traces');

describe('the CloudPhysics trace in three forms', () => {
  const txt = readTrace(path.join(traces, 'cloudPhysicsIO.txt')).trace;
  const zst = readTrace(path.join(traces, 'cloudPhysicsIO.oracleGeneral.zst'));
  it('the shipped .zst holds the same requests as the text', () => {
    expect(zst.info).toMatchObject({ format: 'oracleGeneral', compressed: true, requests: 113_872, keySpace: 48_974 });
    expect(zst.trace.keys).toEqual(txt.keys);
  });
  it('a fresh plain conversion gives identical hit counts for every policy at three sizes', async () => {
    const plain = path.join(dir, 'cp.oracleGeneral');
    expect(await convertToOracleGeneral(path.join(traces, 'cloudPhysicsIO.txt'), plain)).toBe(113_872);
    const bin = readTrace(plain).trace;
    for (const name of BUILTIN_POLICY_NAMES)
      for (const size of [100, 1000, 10000])
        expect(simulate(builtinPolicies[name], size, bin).hits, `${name} ${size}`).toBe(
          simulate(builtinPolicies[name], size, txt).hits,
        );
  });
});

describe('records', () => {
  it('writes 24 bytes per request with next-access indices, as libCacheSim reads them', () => {
    const bytes = encodeOracleGeneral([5n, 6n, 5n]);
    expect(bytes.length).toBe(3 * ORACLE_RECORD_BYTES);
    const view = new DataView(bytes.buffer);
    expect([0, 1, 2].map((i) => view.getBigInt64(i * 24 + 16, true))).toEqual([2n, -1n, -1n]);
    expect(view.getUint32(24 + 12, true)).toBe(1); // size
  });
  it('keeps ids above 2^53 apart and exact', () => {
    const f = path.join(dir, 'big.oracleGeneral');
    writeFileSync(f, encodeOracleGeneral([2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n, 2n ** 53n + 1n, 7n]));
    const { trace, info } = readTrace(f);
    expect([...trace.keys]).toEqual([0, 1, 2, 1, 3]);
    expect(info.otherKeys).toBe(3);
  });
  it('reads ids the same way the text reader does (7 in text is id 7 here)', () => {
    expect(textTraceIds('time,k\n1,007\n2,8\n', 'k')).toEqual([7n, 8n]);
    expect(() => textTraceIds('1\n-2\n')).toThrow(/line 2: "-2" is not an integer from 0 to 2\^64 - 1/);
  });
});

describe('malformed files', () => {
  it('a truncated record names the byte offset, before any work', () => {
    const f = path.join(dir, 'cut.oracleGeneral');
    writeFileSync(f, encodeOracleGeneral([1n, 2n, 3n]).subarray(0, 60));
    expect(() => readTrace(f)).toThrow(
      /cut\.oracleGeneral": 60 bytes is not a whole number .* byte offset 48 is truncated/,
    );
  });
  it('a truncated record inside a .zst names its offset in the decompressed data', async () => {
    const { compress, init } = await import('@bokuweb/zstd-wasm');
    await init();
    const f = path.join(dir, 'cut.oracleGeneral.zst');
    writeFileSync(f, compress(encodeOracleGeneral([1n, 2n, 3n]).subarray(0, 50), 3));
    expect(() => readTrace(f)).toThrow(
      /cut\.oracleGeneral\.zst": the record at byte offset 48 .* is truncated \(2 of 24/,
    );
  });
  it('a broken zstd stream is one line naming the file', () => {
    const f = path.join(dir, 'bad.oracleGeneral.zst');
    const good = readFileSync(path.join(traces, 'cloudPhysicsIO.oracleGeneral.zst'));
    writeFileSync(f, Buffer.concat([Buffer.from([1, 2, 3, 4]), good.subarray(4, 1000)]));
    expect(() => readTrace(f)).toThrow(/bad\.oracleGeneral\.zst": not a valid zstd stream near compressed byte offset/);
  });
  it('--trace-format oracleGeneral reads any name; zstd on a text format is refused', () => {
    const f = path.join(dir, 'plain.dat');
    writeFileSync(f, encodeOracleGeneral([9n, 9n]));
    expect([...readTrace(f, { format: 'oracleGeneral' }).trace.keys]).toEqual([0, 0]);
    const z = path.join(dir, 'x.txt.zst');
    writeFileSync(z, 'x');
    expect(() => readTrace(z)).toThrow(/only oracleGeneral traces may be zstd-compressed/);
  });
});

describe('the one-shot WebAssembly decoder', () => {
  it('reads the declared size from the frame header and decodes to the same trace as the stream', async () => {
    const f = path.join(traces, 'cloudPhysicsIO.oracleGeneral.zst');
    expect(zstdContentSize(readFileSync(f))).toBe(113_872 * 24);
    expect(zstdContentSize(new Uint8Array([1, 2, 3, 4, 5, 6]))).toBeUndefined();
    const streamed = readTrace(f).trace;
    await prepareZstd();
    expect(readTrace(f).trace.keys).toEqual(streamed.keys);
  });
  it('still names a truncated record after a one-shot decode', async () => {
    const { compress } = await import('@bokuweb/zstd-wasm');
    await prepareZstd();
    const f = path.join(dir, 'cut2.oracleGeneral.zst');
    writeFileSync(f, compress(encodeOracleGeneral([1n, 2n, 3n]).subarray(0, 70), 3));
    expect(() => readTrace(f)).toThrow(/the record at byte offset 48 of the decompressed data is truncated \(22 of 24/);
  });
});
