// Bytes per call, split into headers, body data and the rest, read off the bytes a relay (src/rpc/proxy.ts) carries.
// HTTP/2 (told by the client preface): HEADERS + CONTINUATION frames are header bytes, DATA frames data, other frames
// on the call's stream (RST_STREAM, WINDOW_UPDATE) the rest; frames on stream 0 (SETTINGS, PING, WINDOW_UPDATE,
// GOAWAY) and the preface belong to the connection, not to a call. Each header block is decoded (src/rpc/hpack.ts,
// one decoder per connection and direction) so the header list's size without HPACK (RFC 7541 §4.1) stands beside
// the bytes its block took. HTTP/1.1 (told by a request line): the head (request or status line and header lines) is
// header bytes, the body data, chunked encoding's size lines and trailers the rest; the head's fields are sized the
// same way (request line as :method and :path, status line as :status) for a like-for-like contrast. Anything else
// (raw TCP, Thrift) is connection bytes only. Every frame header is counted, so calls + connection = relayed bytes.
// Tests: test/rpc/call-bytes.test.ts.
import {
  FRAME_HEADER_BYTES,
  Flag,
  type Frame,
  frameReader,
  FrameType,
  H2_PREFACE,
  headerBlockFragment,
} from './http2-frames.js';
import { headerListSize, hpackDecoder, type HeaderField } from './hpack.js';

/** One direction of one call. */
export interface PartBytes {
  /** HTTP/2: HEADERS + CONTINUATION frames, 9-byte frame headers included (trailers too); HTTP/1.1: the head. */
  headerBytes: number;
  /** The same header lists' size per RFC 7541 §4.1: name + value + 32 octets per field. */
  headerListBytes: number;
  /** Header fields sent (pseudo-headers included; trailers too). */
  fields: number;
  /** HTTP/2: DATA frames, frame headers included; HTTP/1.1: the body's bytes. */
  dataBytes: number;
  /** HTTP/2: other frames on the call's stream; HTTP/1.1: chunked encoding's size lines, CRLFs and trailers. */
  otherBytes: number;
}

/** One call's bytes on the relay, each way, and whether it travelled on HTTP/2 or HTTP/1.1. */
export interface CallBytes {
  protocol: 'http2' | 'http1';
  request: PartBytes;
  response: PartBytes;
}

/** What the relay feeds for one connection: the chunks client to server (sent) and back (received), in order. */
export interface ConnectionTap {
  sent(chunk: Buffer): void;
  received(chunk: Buffer): void;
}

/** Splits every relayed connection's bytes into calls and connection bytes (a tap for src/rpc/proxy.ts). */
export interface CallBytesCounter {
  /** A tap for one new relayed connection: give it every chunk each way, in order. */
  connection(): ConnectionTap;
  /** Calls in the order their requests began (on every connection). */
  calls(): CallBytes[];
  /** Bytes that belong to no call: HTTP/2's preface and stream-0 frames; all of a connection that is neither. */
  connectionBytes(): { sent: number; received: number };
  /** Why a connection's bytes could not be read (it is then counted as connection bytes from there on). */
  errors(): string[];
}

const emptyPart = (): PartBytes => ({ headerBytes: 0, headerListBytes: 0, fields: 0, dataBytes: 0, otherBytes: 0 });

/** Total bytes of one direction of a call. */
export const partTotal = (p: PartBytes) => p.headerBytes + p.dataBytes + p.otherBytes;

/** Sum of parts (e.g. of several calls). */
export function sumParts(parts: PartBytes[]): PartBytes {
  const out = emptyPart();
  for (const p of parts) for (const k of Object.keys(out) as (keyof PartBytes)[]) out[k] += p[k];
  return out;
}

type Direction = 'request' | 'response';

/** A new counter; one per measured client, shared by every connection the relay accepts for it. */
export function callBytesCounter(): CallBytesCounter {
  const calls: CallBytes[] = [];
  const connection = { sent: 0, received: 0 };
  const errors: string[] = [];
  const addConnection = (d: Direction, n: number) => {
    if (d === 'request') connection.sent += n;
    else connection.received += n;
  };
  const newCall = (protocol: CallBytes['protocol']) => {
    calls.push({ protocol, request: emptyPart(), response: emptyPart() });
    return calls.length - 1;
  };

  function http2Connection(): Record<Direction, (chunk: Buffer) => void> {
    const callOfStream = new Map<number, number>();
    const reader = (d: Direction) => {
      const decoder = hpackDecoder();
      let block: { stream: number; fragments: Buffer[] } | undefined;
      return frameReader(
        (f: Frame) => {
          const size = FRAME_HEADER_BYTES + f.payload.length;
          let call = f.stream ? callOfStream.get(f.stream) : undefined;
          if (call === undefined && d === 'request' && f.type === FrameType.HEADERS && f.stream % 2 === 1) {
            call = newCall('http2');
            callOfStream.set(f.stream, call);
          }
          if (call === undefined) return addConnection(d, size);
          const part = calls[call][d];
          if (f.type === FrameType.HEADERS || f.type === FrameType.CONTINUATION) {
            part.headerBytes += size;
            if (f.type === FrameType.HEADERS) block = { stream: f.stream, fragments: [] };
            if (!block || block.stream !== f.stream) throw new Error(`CONTINUATION on stream ${f.stream} out of place`);
            block.fragments.push(headerBlockFragment(f));
            if (f.flags & Flag.END_HEADERS) {
              const fields = decoder.decode(Buffer.concat(block.fragments));
              part.headerListBytes += headerListSize(fields);
              part.fields += fields.length;
              block = undefined;
            }
          } else if (f.type === FrameType.DATA) part.dataBytes += size;
          else part.otherBytes += size;
        },
        { preface: d === 'request', onPreface: (n) => addConnection(d, n) },
      );
    };
    return { request: reader('request'), response: reader('response') };
  }

  function http1Connection(): Record<Direction, (chunk: Buffer) => void> {
    const waiting: number[] = []; // calls whose response has not begun, oldest first
    const reader = (d: Direction) => {
      let buffered: Buffer = Buffer.alloc(0);
      let call = -1;
      type State = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close';
      let state: State = 'head';
      let left = 0;
      const part = () => calls[call][d];
      const endMessage = () => {
        state = 'head';
        if (d === 'response') waiting.shift();
      };
      const head = (text: string) => {
        const [start, ...lines] = text.split('\r\n').filter((l) => l);
        const fields: HeaderField[] = [];
        const request = /^(\S+) (\S+) HTTP\/1\.[01]$/.exec(start);
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(start);
        if (d === 'request' && request) {
          call = newCall('http1');
          waiting.push(call);
          fields.push([':method', request[1]], [':path', request[2]]);
        } else if (d === 'response' && status && waiting.length) {
          call = waiting[0];
          fields.push([':status', status[1]]);
        } else throw new Error(`HTTP/1.1 ${d} does not start with a ${d} line: ${JSON.stringify(start.slice(0, 60))}`);
        for (const line of lines) {
          const colon = line.indexOf(':');
          fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
        }
        const p = part();
        p.headerBytes += text.length;
        p.headerListBytes += headerListSize(fields);
        p.fields += fields.length;
        const get = (name: string) => fields.find((f) => f[0] === name)?.[1];
        const informational = status && status[1].startsWith('1');
        if (informational) return; // 100 Continue: the real response head follows
        if (/chunked/i.test(get('transfer-encoding') ?? '')) state = 'chunk-size';
        else if (get('content-length') !== undefined) {
          left = Number(get('content-length'));
          state = 'body';
          if (!left) endMessage();
        } else if (d === 'response' && status && !['204', '304'].includes(status[1])) state = 'until-close';
        else endMessage();
      };
      return (chunk: Buffer) => {
        buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
        for (;;) {
          if (state === 'head' || state === 'chunk-size' || state === 'trailers') {
            const end = state === 'head' ? buffered.indexOf('\r\n\r\n') : buffered.indexOf('\r\n');
            if (end < 0) return;
            const length = end + (state === 'head' ? 4 : 2);
            const text = buffered.subarray(0, length).toString('latin1');
            buffered = buffered.subarray(length);
            if (state === 'head') head(text);
            else {
              part().otherBytes += length;
              if (state === 'trailers') {
                if (length === 2) endMessage();
              } else {
                left = parseInt(text, 16);
                if (Number.isNaN(left)) throw new Error(`bad chunk size line ${JSON.stringify(text.slice(0, 20))}`);
                state = left ? 'chunk-data' : 'trailers';
              }
            }
          } else if (state === 'body' || state === 'chunk-data' || state === 'until-close') {
            if (!buffered.length) return;
            const n = state === 'until-close' ? buffered.length : Math.min(left, buffered.length);
            part().dataBytes += n;
            buffered = buffered.subarray(n);
            left -= n;
            if (state === 'body' && !left) endMessage();
            else if (state === 'chunk-data' && !left) state = 'chunk-end';
          } else {
            if (buffered.length < 2) return;
            part().otherBytes += 2;
            buffered = buffered.subarray(2);
            state = 'chunk-size';
          }
        }
      };
    };
    return { request: reader('request'), response: reader('response') };
  }

  const tap = (): ConnectionTap => {
    let kind: 'unknown' | 'http2' | 'http1' | 'other' = 'unknown';
    let readers: Record<Direction, (chunk: Buffer) => void> | undefined;
    let early: Buffer[] = []; // server bytes before the client's first bytes told the protocol
    let start: Buffer = Buffer.alloc(0);
    const feed = (d: Direction, chunk: Buffer) => {
      if (kind === 'other' || !readers) return addConnection(d, chunk.length);
      try {
        readers[d](chunk);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
        kind = 'other';
      }
    };
    const decide = () => {
      const firstLine = start.indexOf('\r\n');
      const head = start.subarray(0, firstLine < 0 ? start.length : firstLine).toString('latin1');
      if (start.length < H2_PREFACE.length && H2_PREFACE.subarray(0, start.length).equals(start)) return;
      if (start.subarray(0, H2_PREFACE.length).equals(H2_PREFACE)) kind = 'http2';
      else if (firstLine >= 0 && /^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(head)) kind = 'http1';
      else if (firstLine < 0 && start.length < 8192 && /^[A-Z]+( |$)/.test(head))
        return; // a request line so far
      else kind = 'other';
      readers = kind === 'http2' ? http2Connection() : kind === 'http1' ? http1Connection() : undefined;
      const [sent, received] = [start, early];
      early = [];
      start = Buffer.alloc(0);
      feed('request', sent);
      for (const c of received) feed('response', c);
    };
    return {
      sent: (chunk) => {
        if (kind !== 'unknown') return feed('request', chunk);
        start = Buffer.concat([start, chunk]);
        decide();
      },
      received: (chunk) => {
        if (kind === 'unknown') early.push(chunk);
        else feed('response', chunk);
      },
    };
  };

  return {
    connection: tap,
    calls: () => calls,
    connectionBytes: () => ({ ...connection }),
    errors: () => [...errors],
  };
}
