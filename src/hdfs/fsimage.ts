// The NameNode's checkpoint image: the whole namespace (files, their ordered blocks, id and generation-stamp
// counters) as of one transaction id, in a checksummed file. Block locations are not in it: DataNodes report them
// after a restart, as in HDFS. Tests: test/hdfs/namenode.test.ts.
import { crc32c } from '@node-rs/crc32';
import { InputError } from '../core/index.js';

export interface ImageFile {
  path: string;
  replication: number;
  blockSize: number;
  length: number;
  underConstruction: boolean;
  blocks: { id: number; genStamp: number; length: number }[];
}

export interface FsImage {
  txid: number;
  blockPoolId: string;
  lastBlockId: number;
  lastGenStamp: number;
  files: ImageFile[];
}

const MAGIC = 'SYSLAB-FSIMAGE 1';

/** A header line with the body's CRC32C and length, then the namespace as JSON (readable with any text viewer). */
export function encodeImage(image: FsImage): Buffer {
  const body = Buffer.from(`${JSON.stringify(image, null, 1)}\n`, 'utf8');
  const header = `${MAGIC} crc32c=${crc32c(body).toString(16).padStart(8, '0')} bytes=${body.length}\n`;
  return Buffer.concat([Buffer.from(header, 'utf8'), body]);
}

export function decodeImage(bytes: Uint8Array, file: string): FsImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const newline = buf.indexOf(0x0a);
  const header = newline < 0 ? '' : buf.subarray(0, newline).toString('utf8');
  const m = /^SYSLAB-FSIMAGE 1 crc32c=([0-9a-f]{8}) bytes=(\d+)$/.exec(header);
  if (!m) throw new InputError(`fsimage "${file}": first line is not "${MAGIC} crc32c=<hex> bytes=<n>"`);
  const body = buf.subarray(newline + 1);
  if (body.length !== Number(m[2]))
    throw new InputError(`fsimage "${file}": body has ${body.length} bytes, header says ${m[2]}`);
  const crc = crc32c(body).toString(16).padStart(8, '0');
  if (crc !== m[1])
    throw new InputError(`fsimage "${file}": CRC32C ${crc} does not match the header's ${m[1]}; the image is corrupt`);
  return JSON.parse(body.toString('utf8')) as FsImage;
}
