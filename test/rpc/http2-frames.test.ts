// The HTTP/2 frame reader on a fixed byte sequence worked out by hand (preface, an empty SETTINGS, HEADERS without
// END_HEADERS then CONTINUATION, DATA, a PADDED HEADERS with priority), fed whole, split in two at every position,
// and one byte at a time: always the same frames. A wrong preface is refused; padding is stripped from header blocks.
import { describe, expect, it } from 'vitest';
import { type Frame, frameReader, H2_PREFACE, headerBlockFragment } from '../../src/rpc/http2-frames.js';

/** One frame's bytes: 3-byte length, type, flags, 4-byte stream id, payload. */
function frameBytes(type: number, flags: number, stream: number, payload: number[] | Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(stream, 5);
  return Buffer.concat([header, Buffer.from(payload)]);
}

const bytes = Buffer.concat([
  H2_PREFACE,
  frameBytes(4, 0, 0, []), // SETTINGS, empty
  frameBytes(1, 0, 1, [0x82, 0x86]), // HEADERS, no END_HEADERS
  frameBytes(9, 4, 1, [0x84]), // CONTINUATION, END_HEADERS
  frameBytes(0, 1, 1, [8, 6, 0x10, 7]), // DATA, END_STREAM
  frameBytes(1, 0x4 | 0x8 | 0x20, 3, [2, 0, 0, 0, 1, 15, 0x82, 0xee, 0xee]), // PADDED + PRIORITY, block 0x82
]);

describe('HTTP/2 frame reader', () => {
  const read = (chunks: Buffer[]) => {
    const frames: Frame[] = [];
    let preface = 0;
    const feed = frameReader((f) => frames.push(f), { preface: true, onPreface: (n) => (preface += n) });
    for (const c of chunks) feed(c);
    return { preface, frames: frames.map((f) => ({ ...f, payload: [...f.payload] })) };
  };
  const whole = read([bytes]);

  it('reads the preface and five frames: types, flags, streams, payloads', () => {
    expect(bytes.length).toBe(24 + 9 + 11 + 10 + 13 + 18);
    expect(whole.preface).toBe(24);
    expect(whole.frames.map((f) => [f.type, f.flags, f.stream, f.payload.length])).toEqual([
      [4, 0, 0, 0],
      [1, 0, 1, 2],
      [9, 4, 1, 1],
      [0, 1, 1, 4],
      [1, 0x2c, 3, 9],
    ]);
  });

  it('gives the same frames however the bytes are split', () => {
    for (let at = 0; at <= bytes.length; at++) {
      expect(read([bytes.subarray(0, at), bytes.subarray(at)])).toEqual(whole);
    }
    expect(read([...bytes].map((b) => Buffer.from([b])))).toEqual(whole);
  });

  it('strips pad length, priority and padding from a header block', () => {
    const frames: Frame[] = [];
    frameReader((f) => frames.push(f), { preface: true })(bytes);
    expect([...headerBlockFragment(frames[4])]).toEqual([0x82]);
    expect([...headerBlockFragment(frames[1])]).toEqual([0x82, 0x86]);
  });

  it('refuses bytes that do not start with the preface', () => {
    expect(() =>
      frameReader(() => undefined, { preface: true })(Buffer.from('GET / HTTP/1.1\r\n\r\nxxxxxxxxxxx')),
    ).toThrow(/preface/);
  });
});
