// The NameNode's append-only edit log: every namespace change is one framed record, [u32 length][JSON payload]
// [u32 CRC32C of length and payload], written before the change is acknowledged. Reading it back tells a torn final
// record (a crash in the middle of an append: dropped, never trusted) from corruption inside the log (an error).
// Tests: test/hdfs/namenode.test.ts.
import { crc32c } from '@node-rs/crc32';
import { InputError } from '../core/index.js';

export type EditOp =
  | { op: 'OP_ADD'; path: string; replication: number; blockSize: number }
  | { op: 'OP_ADD_BLOCK'; path: string; blockId: number; genStamp: number }
  | { op: 'OP_CLOSE'; path: string; length: number; blockLengths: number[] }
  | { op: 'OP_DELETE'; path: string };

export type EditRecord = EditOp & { txid: number };

const KNOWN_OPS = new Set(['OP_ADD', 'OP_ADD_BLOCK', 'OP_CLOSE', 'OP_DELETE']);
const HEADER = 4;
const TRAILER = 4;

export function encodeRecord(record: EditRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(record), 'utf8');
  const out = Buffer.alloc(HEADER + payload.length + TRAILER);
  out.writeUInt32BE(payload.length, 0);
  payload.copy(out, HEADER);
  out.writeUInt32BE(crc32c(out.subarray(0, HEADER + payload.length)), HEADER + payload.length);
  return out;
}

export interface TornRecord {
  /** Byte offset where the torn record starts; the valid log ends here. */
  offset: number;
  /** Bytes from there to the end of the file. */
  bytes: number;
  reason: string;
}

export interface EditLogContents {
  records: EditRecord[];
  /** Set when the log ends in a partial or damaged last record, which was dropped. */
  torn?: TornRecord;
}

/**
 * Parses one edit-log segment. A damaged record at the very end is a torn write and is dropped when allowTornTail
 * (only the in-progress segment may end torn); a damaged record followed by more bytes, or a gap in transaction ids,
 * means the log itself is corrupt and throws InputError.
 */
export function readEditLog(
  bytes: Uint8Array,
  file: string,
  options: { allowTornTail: boolean; firstTxid?: number },
): EditLogContents {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const records: EditRecord[] = [];
  let offset = 0;
  let expectedTxid = options.firstTxid;
  const torn = (reason: string): EditLogContents => {
    if (!options.allowTornTail)
      throw new InputError(
        `edit log "${file}" byte ${offset}: ${reason}; only the in-progress segment may end in a torn record`,
      );
    return { records, torn: { offset, bytes: buf.length - offset, reason } };
  };
  while (offset < buf.length) {
    const left = buf.length - offset;
    if (left < HEADER + TRAILER)
      return torn(`only ${left} bytes left, fewer than a record's ${HEADER + TRAILER}-byte frame`);
    const length = buf.readUInt32BE(offset);
    const end = offset + HEADER + length + TRAILER;
    if (end > buf.length) return torn(`record declares ${length} payload bytes but only ${left - HEADER} remain`);
    const stored = buf.readUInt32BE(end - TRAILER);
    const actual = crc32c(buf.subarray(offset, end - TRAILER));
    if (stored !== actual) {
      if (end === buf.length) return torn('the final record fails its CRC32C check');
      throw new InputError(
        `edit log "${file}" byte ${offset}: record fails its CRC32C check and ${buf.length - end} bytes follow it; the log is corrupt`,
      );
    }
    let record: EditRecord;
    try {
      record = JSON.parse(buf.subarray(offset + HEADER, end - TRAILER).toString('utf8')) as EditRecord;
    } catch {
      throw new InputError(`edit log "${file}" byte ${offset}: record passes its checksum but is not valid JSON`);
    }
    if (!KNOWN_OPS.has(record.op) || !Number.isSafeInteger(record.txid)) {
      throw new InputError(
        `edit log "${file}" byte ${offset}: unknown operation ${JSON.stringify(record.op)} or bad txid; expected one of ${[...KNOWN_OPS].join(', ')}`,
      );
    }
    if (expectedTxid !== undefined && record.txid !== expectedTxid) {
      throw new InputError(
        `edit log "${file}" byte ${offset}: transaction ${record.txid} where ${expectedTxid} was expected; edits are missing`,
      );
    }
    expectedTxid = record.txid + 1;
    records.push(record);
    offset = end;
  }
  return { records };
}
