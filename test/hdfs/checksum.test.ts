// CRC32C per 512-byte chunk and the .meta file layout, against known CRC values; a flipped byte fails verification.
import { describe, expect, it } from 'vitest';
import {
  chunkChecksums,
  crc32c,
  encodeMeta,
  metaFor,
  META_HEADER_BYTES,
  verifyBlock,
} from '../../src/hdfs/checksum.js';

describe('CRC32C checksums', () => {
  it('matches the CRC32C check value of "123456789"', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('checksums every 512-byte chunk, the last one shorter', () => {
    const data = Buffer.alloc(1300, 1);
    const sums = chunkChecksums(data, 512);
    expect(sums.length).toBe(3);
    expect(sums[0]).toBe(crc32c(data.subarray(0, 512)));
    expect(sums[2]).toBe(crc32c(data.subarray(1024, 1300)));
    expect(chunkChecksums(new Uint8Array(0), 512).length).toBe(0);
  });

  it('writes the meta file with HDFS header fields, big-endian', () => {
    const meta = encodeMeta(Uint32Array.of(0xe3069283), 512);
    expect(meta.length).toBe(META_HEADER_BYTES + 4);
    expect([...meta]).toEqual([0, 1, 2, 0, 0, 2, 0, 0xe3, 0x06, 0x92, 0x83]);
  });

  it('accepts intact data and names the chunk of a flipped byte', () => {
    const data = Buffer.from(Array.from({ length: 2000 }, (_, i) => i % 251));
    const meta = metaFor(data, 512);
    expect(verifyBlock(data, meta)).toEqual({ ok: true });
    data[1500] ^= 0xff;
    const check = verifyBlock(data, meta);
    expect(check.ok).toBe(false);
    expect(check.ok === false && check.offset).toBe(1024);
  });

  it('treats a truncated or foreign meta file as corrupt', () => {
    const data = Buffer.alloc(600, 3);
    const meta = metaFor(data, 512);
    expect(verifyBlock(data, meta.subarray(0, 5)).ok).toBe(false);
    expect(verifyBlock(data, meta.subarray(0, meta.length - 4)).ok).toBe(false);
    const foreign = Buffer.from(meta);
    foreign[2] = 1; // CRC32 instead of CRC32C
    expect(verifyBlock(data, foreign).ok).toBe(false);
  });
});
