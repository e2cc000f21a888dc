// HTTP/2 framing as it crosses lab 08's relay (RFC 9113 §4.1): a 9-byte header (24-bit payload length, type, flags,
// reserved bit + 31-bit stream id) before each payload, after the 24-byte connection preface a client sends first.
// The reader takes the bytes in whatever chunks TCP delivered them and hands out whole frames. Tests:
// test/rpc/http2-frames.test.ts (frames split across chunks at every position).

/** The connection preface an HTTP/2 client sends before its first frame (RFC 9113 §3.4): 24 bytes. */
export const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** Every HTTP/2 frame starts with a 9-byte header (RFC 9113 §4.1). */
export const FRAME_HEADER_BYTES = 9;

/** Frame types (RFC 9113 §6). */
export const FrameType = {
  DATA: 0,
  HEADERS: 1,
  PRIORITY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PUSH_PROMISE: 5,
  PING: 6,
  GOAWAY: 7,
  WINDOW_UPDATE: 8,
  CONTINUATION: 9,
} as const;

/** Flags that matter for reading header blocks (RFC 9113 §6.2). */
export const Flag = { END_STREAM: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const;

/** One HTTP/2 frame: its type, flags, stream id and payload (without the 9-byte header). */
export interface Frame {
  type: number;
  flags: number;
  stream: number;
  payload: Buffer;
}

/**
 * A streaming frame reader: feed it chunks as they arrive; it calls `onFrame` once per complete frame, in order.
 * With `preface`, the first 24 bytes must be the client preface (reported through `onPreface`, not as a frame).
 */
export function frameReader(
  onFrame: (f: Frame) => void,
  o: { preface?: boolean; onPreface?: (bytes: number) => void } = {},
): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  let prefaceLeft = o.preface ? H2_PREFACE.length : 0;
  return (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    if (prefaceLeft) {
      if (buffered.length < prefaceLeft) return;
      if (!buffered.subarray(0, prefaceLeft).equals(H2_PREFACE)) throw new Error('not an HTTP/2 client preface');
      buffered = buffered.subarray(prefaceLeft);
      o.onPreface?.(prefaceLeft);
      prefaceLeft = 0;
    }
    while (buffered.length >= FRAME_HEADER_BYTES) {
      const length = buffered.readUIntBE(0, 3);
      if (buffered.length < FRAME_HEADER_BYTES + length) break;
      onFrame({
        type: buffered[3],
        flags: buffered[4],
        stream: buffered.readUInt32BE(5) & 0x7fffffff,
        payload: buffered.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length),
      });
      buffered = buffered.subarray(FRAME_HEADER_BYTES + length);
    }
  };
}

/** The header block fragment inside a HEADERS frame's payload: without its pad length, priority fields and padding. */
export function headerBlockFragment(f: Frame): Buffer {
  let start = 0;
  let end = f.payload.length;
  if (f.type === FrameType.HEADERS) {
    if (f.flags & Flag.PADDED) {
      end -= f.payload[0];
      start = 1;
    }
    if (f.flags & Flag.PRIORITY) start += 5;
  }
  if (start > end) throw new Error(`HEADERS frame on stream ${f.stream}: padding longer than the payload`);
  return f.payload.subarray(start, end);
}
