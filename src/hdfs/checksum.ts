// Block checksums as HDFS keeps them: one CRC32C per 512-byte chunk (dfs.bytes-per-checksum, dfs.checksum.type),
// stored beside the block in a .meta file with HDFS's 7-byte header. CRC32C comes from @node-rs/crc32 (SSE4.2
// hardware instruction). Tests: test/hdfs/checksum.test.ts.
import { crc32c } from '@node-rs/crc32';

/** HDFS's default dfs.bytes-per-checksum. */
export const DEFAULT_BYTES_PER_CHECKSUM = 512;
/** BlockMetadataHeader version 1, then DataChecksum header: type byte and bytes-per-checksum. */
export const META_VERSION = 1;
/** DataChecksum.Type.CRC32C has id 2 in HDFS. */
export const CHECKSUM_TYPE_CRC32C = 2;
export const META_HEADER_BYTES = 7;

export { crc32c };

/** One CRC32C per chunk of bytesPerChecksum bytes; the last chunk may be shorter. */
export function chunkChecksums(data: Uint8Array, bytesPerChecksum: number): Uint32Array {
  const sums = new Uint32Array(Math.ceil(data.length / bytesPerChecksum));
  for (let i = 0, offset = 0; offset < data.length; i++, offset += bytesPerChecksum) {
    sums[i] = crc32c(data.subarray(offset, offset + bytesPerChecksum));
  }
  return sums;
}

/**
 * The bytes of blk_<id>_<gs>.meta: version (u16), checksum type (u8), bytes per checksum (u32), then u32 CRCs,
 * big-endian.
 */
export function encodeMeta(checksums: Uint32Array, bytesPerChecksum: number): Buffer {
  const out = Buffer.alloc(META_HEADER_BYTES + 4 * checksums.length);
  out.writeUInt16BE(META_VERSION, 0);
  out.writeUInt8(CHECKSUM_TYPE_CRC32C, 2);
  out.writeUInt32BE(bytesPerChecksum, 3);
  for (let i = 0; i < checksums.length; i++) out.writeUInt32BE(checksums[i], META_HEADER_BYTES + 4 * i);
  return out;
}

export function metaFor(data: Uint8Array, bytesPerChecksum: number): Buffer {
  return encodeMeta(chunkChecksums(data, bytesPerChecksum), bytesPerChecksum);
}

export type Verification = { ok: true } | { ok: false; offset: number; reason: string };

/**
 * Checks block bytes against their .meta file, as a reader or the DataNode's block scanner does. A damaged meta
 * file counts as a corrupt replica too, since the data can no longer be trusted.
 */
export function verifyBlock(data: Uint8Array, meta: Uint8Array): Verification {
  if (meta.length < META_HEADER_BYTES)
    return {
      ok: false,
      offset: 0,
      reason: `meta file has ${meta.length} bytes, shorter than its ${META_HEADER_BYTES}-byte header`,
    };
  const view = Buffer.from(meta.buffer, meta.byteOffset, meta.length);
  const version = view.readUInt16BE(0);
  const type = view.readUInt8(2);
  const bytesPerChecksum = view.readUInt32BE(3);
  if (version !== META_VERSION || type !== CHECKSUM_TYPE_CRC32C || bytesPerChecksum === 0) {
    return {
      ok: false,
      offset: 0,
      reason: `meta header is version ${version}, type ${type}, ${bytesPerChecksum} bytes per checksum; expected version 1, CRC32C (2)`,
    };
  }
  const chunks = Math.ceil(data.length / bytesPerChecksum);
  if (view.length !== META_HEADER_BYTES + 4 * chunks) {
    return {
      ok: false,
      offset: 0,
      reason: `meta file holds ${(view.length - META_HEADER_BYTES) / 4} checksums for ${chunks} chunks`,
    };
  }
  for (let i = 0; i < chunks; i++) {
    const offset = i * bytesPerChecksum;
    const actual = crc32c(data.subarray(offset, offset + bytesPerChecksum));
    const expected = view.readUInt32BE(META_HEADER_BYTES + 4 * i);
    if (actual !== expected) {
      return {
        ok: false,
        offset,
        reason: `checksum error at offset ${offset}: CRC32C ${hex(actual)}, meta says ${hex(expected)}`,
      };
    }
  }
  return { ok: true };
}

const hex = (x: number) => `0x${x.toString(16).padStart(8, '0')}`;
