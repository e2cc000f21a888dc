// libCacheSim's oracleGeneral binary trace format, the form the public CloudPhysics, Twitter, Meta and Wikipedia cache
// traces are distributed in: 24 bytes per request, little-endian: uint32 timestamp, uint64 object id, uint32 object
// size, int64 next access (the index of the next request for the same object, -1 when none). Plain or zstd-compressed
// (.zst). Once prepareZstd() has loaded it, a .zst whose frame header declares a decompressed size of at most
// 256 MiB is decoded in one call by @bokuweb/zstd-wasm (about 4x faster, bench/cache.bench.ts); larger or undeclared
// ones stream through fzstd, so the whole decompressed file never sits in memory. Object ids below 2^53 go through
// the integer path, so a trace converted from text renumbers exactly as the text did.
// Tests: test/cache/oracle-general.test.ts.
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { decompress as wasmDecompress, init as initWasmZstd } from '@bokuweb/zstd-wasm';
import { Decompress } from 'fzstd';
import { InputError } from '../core/errors.js';
import { KeySink } from './key-sink.js';

export const ORACLE_RECORD_BYTES = 24;
const ONE_SHOT_MAX_BYTES = 256 * 1024 * 1024;
let wasmReady = false;

/** Loads the zstd WebAssembly decoder (asynchronous, once); until then every .zst streams through fzstd. */
export async function prepareZstd(): Promise<void> {
  if (!wasmReady) await initWasmZstd();
  wasmReady = true;
}

/** The decompressed size a zstd frame header declares, or undefined (RFC 8878, section 3.1.1.1). */
export function zstdContentSize(bytes: Uint8Array): number | undefined {
  if (bytes.length < 6 || bytes[0] !== 0x28 || bytes[1] !== 0xb5 || bytes[2] !== 0x2f || bytes[3] !== 0xfd)
    return undefined;
  const descriptor = bytes[4];
  const sizeFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][descriptor & 3];
  const at = 5 + (singleSegment ? 0 : 1) + dictBytes;
  const fieldBytes = [singleSegment ? 1 : 0, 2, 4, 8][sizeFlag];
  if (fieldBytes === 0 || bytes.length < at + fieldBytes) return undefined;
  let size = 0;
  for (let i = fieldBytes - 1; i >= 0; i--) size = size * 256 + bytes[at + i];
  return fieldBytes === 2 ? size + 256 : size;
}
const TWO_32 = 4294967296;
const SAFE_HIGH = 2 ** 21; // hi * 2^32 + lo stays below 2^53 when hi < 2^21

/** Adds every whole record of `bytes`; returns how many bytes were used (a multiple of 24). */
function addRecords(sink: KeySink, bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole = bytes.byteLength - (bytes.byteLength % ORACLE_RECORD_BYTES);
  for (let off = 0; off < whole; off += ORACLE_RECORD_BYTES) {
    const lo = view.getUint32(off + 4, true);
    const hi = view.getUint32(off + 8, true);
    if (hi < SAFE_HIGH) sink.int(hi * TWO_32 + lo);
    else sink.other(`#${view.getBigUint64(off + 4, true)}`);
  }
  return whole;
}

/** Reads a plain or zstd-compressed oracleGeneral file; `compressed` says which. */
export function readOracleGeneral(
  file: string,
  name: string,
  o: { compressed: boolean; maxRequests: number; fileBytes: number },
): KeySink {
  if (!o.compressed && o.fileBytes % ORACLE_RECORD_BYTES !== 0)
    throw new InputError(
      `trace "${name}": ${o.fileBytes} bytes is not a whole number of 24-byte oracleGeneral records; ` +
        `the record at byte offset ${o.fileBytes - (o.fileBytes % ORACLE_RECORD_BYTES)} is truncated`,
    );
  if (!o.compressed && o.fileBytes / ORACLE_RECORD_BYTES > o.maxRequests)
    throw new InputError(
      `trace "${name}" holds ${(o.fileBytes / ORACLE_RECORD_BYTES).toLocaleString('en-US')} requests; this machine's ` +
        `memory allows at most ${o.maxRequests.toLocaleString('en-US')} (4 bytes each, at most half the memory)`,
    );
  const expected = o.compressed ? o.fileBytes * 2 : o.fileBytes / ORACLE_RECORD_BYTES;
  const sink = new KeySink(expected, o.maxRequests, name);
  const carry = new Uint8Array(ORACLE_RECORD_BYTES);
  let carried = 0;
  let decoded = 0;
  const take = (data: Uint8Array) => {
    decoded += data.byteLength;
    let from = 0;
    if (carried > 0) {
      from = Math.min(ORACLE_RECORD_BYTES - carried, data.byteLength);
      carry.set(data.subarray(0, from), carried);
      carried += from;
      if (carried < ORACLE_RECORD_BYTES) return;
      addRecords(sink, carry);
      carried = 0;
    }
    const used = addRecords(sink, data.subarray(from));
    carry.set(data.subarray(from + used));
    carried = data.byteLength - from - used;
  };
  if (wasmReady && o.compressed && o.fileBytes <= ONE_SHOT_MAX_BYTES) {
    const compressed = readFileSync(file);
    const size = zstdContentSize(compressed);
    if (size !== undefined && size / ORACLE_RECORD_BYTES > o.maxRequests)
      throw new InputError(
        `trace "${name}" holds ${(size / ORACLE_RECORD_BYTES).toLocaleString('en-US')} requests (its zstd header says); ` +
          `this machine's memory allows at most ${o.maxRequests.toLocaleString('en-US')}`,
      );
    if (size !== undefined && size <= ONE_SHOT_MAX_BYTES) {
      let data: Uint8Array | undefined;
      try {
        data = wasmDecompress(compressed, { defaultHeapSize: size });
      } catch {
        data = undefined; // several frames, or damage: the stream below decodes or names the offset
      }
      if (data && data.byteLength === size) {
        take(data);
        return finish();
      }
    }
  }
  const chunk = new Uint8Array(16 * 1024 * 1024);
  const fd = openSync(file, 'r');
  let compressedOffset = 0;
  try {
    const stream = o.compressed ? new Decompress((data) => take(data)) : undefined;
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, null);
      const final = got === 0;
      if (stream) {
        try {
          stream.push(final ? new Uint8Array(0) : chunk.subarray(0, got), final);
        } catch (error) {
          throw new InputError(
            `trace "${name}": not a valid zstd stream near compressed byte offset ${compressedOffset} ` +
              `(${(error as Error).message}); expected oracleGeneral records compressed with zstd`,
          );
        }
      } else if (!final) take(chunk.subarray(0, got));
      compressedOffset += got;
      if (final) break;
    }
  } finally {
    closeSync(fd);
  }
  return finish();

  function finish(): KeySink {
    if (carried > 0)
      throw new InputError(
        `trace "${name}": the record at byte offset ${decoded - carried} of the ${o.compressed ? 'decompressed ' : ''}` +
          `data is truncated (${carried} of 24 bytes)`,
      );
    return sink;
  }
}

/**
 * Encodes `ids` (object ids, in request order) as oracleGeneral records: timestamps are the request index, every
 * object has size 1, and next access is the index of the next request for the same id, or -1.
 */
export function encodeOracleGeneral(ids: ArrayLike<bigint>): Uint8Array {
  const out = new Uint8Array(ids.length * ORACLE_RECORD_BYTES);
  const view = new DataView(out.buffer);
  const nextSeen = new Map<bigint, number>();
  for (let i = ids.length - 1; i >= 0; i--) {
    const off = i * ORACLE_RECORD_BYTES;
    view.setUint32(off, i, true);
    view.setBigUint64(off + 4, BigInt.asUintN(64, ids[i]), true);
    view.setUint32(off + 12, 1, true);
    view.setBigInt64(off + 16, BigInt(nextSeen.get(ids[i]) ?? -1), true);
    nextSeen.set(ids[i], i);
  }
  return out;
}

/** Writes `ids` as a plain oracleGeneral file (see encodeOracleGeneral). */
export function writeOracleGeneral(file: string, ids: ArrayLike<bigint>): void {
  writeFileSync(file, encodeOracleGeneral(ids));
}
