// Lab 08's encodings, byte for byte: MultReq{x: 6, y: 7} is 08 06 10 07 (field 1 varint 6, field 2 varint 7), the raw
// TCP frame puts 00 00 00 04 in front, MultResp{product: 42} is 08 2a; frames split across chunks come out whole;
// the REST body is {"x":6,"y":7}; the payload pattern is the same every run and does not compress.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  encodeReq,
  encodeResp,
  frame,
  frameReader,
  mult,
  multReq,
  padBytes,
  reqFromJson,
  reqJson,
} from '../../src/rpc/calc.js';
import { respFromJson, respJson } from '../../src/rpc/calc.js';

describe('Calc encodings', () => {
  it('encodes MultReq(6, 7) as 4 bytes and frames it with a 4-byte big-endian length', () => {
    expect([...encodeReq(multReq(6, 7))]).toEqual([0x08, 0x06, 0x10, 0x07]);
    expect([...frame(encodeReq(multReq(6, 7)))]).toEqual([0, 0, 0, 4, 0x08, 0x06, 0x10, 0x07]);
    expect([...encodeResp(mult(multReq(6, 7)))]).toEqual([0x08, 0x2a]);
  });

  it('answers Mult(6, 7) with 42 and echoes the payload', () => {
    const resp = mult(multReq(6, 7, 300));
    expect(resp.product).toBe(42n);
    expect(resp.pad).toEqual(padBytes(300));
    // bytes field 3: tag 0x1a, length 300 as a 2-byte varint (ac 02), then the bytes
    expect(encodeReq(multReq(6, 7, 300)).length).toBe(4 + 1 + 2 + 300);
  });

  it('reassembles frames split across chunks and several frames in one chunk', () => {
    const got: number[][] = [];
    const push = frameReader((m) => got.push([...m]));
    const a = frame(Uint8Array.of(1, 2, 3));
    const b = frame(Uint8Array.of(9));
    const stream = Buffer.concat([a, b]);
    push(stream.subarray(0, 2));
    push(stream.subarray(2, 6));
    expect(got).toEqual([]);
    push(stream.subarray(6));
    expect(got).toEqual([[1, 2, 3], [9]]);
  });

  it('writes the REST body as {"x":6,"y":7} and reads it back', () => {
    expect(reqJson(multReq(6, 7))).toBe('{"x":6,"y":7}');
    expect(respJson(mult(multReq(6, 7)))).toBe('{"product":42}');
    expect(reqFromJson('{"x":6,"y":7}').x).toBe(6);
    expect(respFromJson('{"product":42}').product).toBe(42n);
    expect(() => reqFromJson('{"x":"6"}')).toThrow(/x.*int/);
  });

  it('makes payloads that gzip cannot shrink, the same every time', () => {
    expect(padBytes(1000)).toEqual(padBytes(1000));
    expect(gzipSync(padBytes(10_000)).length).toBeGreaterThan(10_000);
  });
});
