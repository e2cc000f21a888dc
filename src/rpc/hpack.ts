// An HPACK decoder (RFC 7541), enough to read the header blocks an HTTP/2 client and server exchange on lab 08's
// relay: indexed fields, literals with and without indexing, dynamic table size updates, Huffman-coded strings, and
// a dynamic table with eviction. The wire-headers table (src/rpc/call-bytes.ts) uses it to tell how many bytes a
// header list would take without HPACK (its size per RFC 7541 §4.1) against the bytes its block took on the wire. No
// npm package in this project decodes HPACK (Node's own decoder lives inside nghttp2 and is not exposed), hence this
// file. Tests: test/rpc/hpack.test.ts (RFC 7541 Appendix C examples, and blocks encoded by Python's hpack 4.2.0).

/** One decoded header field: name and value as octet strings (latin1, so `.length` is the size in octets). */
export type HeaderField = [name: string, value: string];

/** RFC 7541 Appendix A: the static table, index 1..61 (a name alone means an empty value). */
const STATIC: HeaderField[] = (
  [
    ':authority',
    [':method', 'GET'],
    [':method', 'POST'],
    [':path', '/'],
    [':path', '/index.html'],
    [':scheme', 'http'],
    [':scheme', 'https'],
    ...['200', '204', '206', '304', '400', '404', '500'].map((v) => [':status', v]),
    'accept-charset',
    ['accept-encoding', 'gzip, deflate'],
    ...(
      'accept-language accept-ranges accept access-control-allow-origin age allow authorization cache-control ' +
      'content-disposition content-encoding content-language content-length content-location content-range ' +
      'content-type cookie date etag expect expires from host if-match if-modified-since if-none-match if-range ' +
      'if-unmodified-since last-modified link location max-forwards proxy-authenticate proxy-authorization range ' +
      'referer refresh retry-after server set-cookie strict-transport-security transfer-encoding user-agent vary via ' +
      'www-authenticate'
    ).split(' '),
  ] as (string | string[])[]
).map((e) => (typeof e === 'string' ? [e, ''] : [e[0], e[1]]));

/**
 * RFC 7541 Appendix B: the Huffman code's length in bits for symbols 0..256 (256 = EOS), as charCode - 48. The code
 * is canonical (codes assigned in order of length, then symbol), so the lengths determine every code; the test checks
 * a sample of codes against the RFC's table.
 */
const HUFFMAN_LENGTHS =
  '=GLLLLLLLHNLLNLLLLLLLLNLLLLLLLLL6::<=68;::8;8666555666666678?6<:=67777777777777777777777878=C=>6?56565666577666567' +
  '655677777?;>=LDFDDFFFGFGGGGGHGHHFGHGGGGEFGFGGHFEDFFGGEGFFHEFGGEEFEGFGGDFFFGFFGJJDCFGFIJJJKKJHICEJKKJKHEEJJLKKKDHDE' +
  'FEEGFFIIHHJGJKJJKKKKKLKKKKKJN';

/** The canonical codes: code of symbol s, and a lookup from (length, code) to symbol. */
function huffmanCodes(): { codes: number[]; lengths: number[]; lookup: Map<number, number>[] } {
  const lengths = [...HUFFMAN_LENGTHS].map((c) => c.charCodeAt(0) - 48);
  const order = lengths.map((_, s) => s).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const codes: number[] = new Array<number>(lengths.length);
  const lookup = Array.from({ length: 31 }, () => new Map<number, number>());
  let code = 0;
  let prev = lengths[order[0]];
  order.forEach((s, i) => {
    if (i) code = (code + 1) * 2 ** (lengths[s] - prev);
    prev = lengths[s];
    codes[s] = code;
    lookup[lengths[s]].set(code, s);
  });
  return { codes, lengths, lookup };
}

/** The Huffman code of RFC 7541 Appendix B: each symbol's code and length, and a decoding lookup by length. */
export const HUFFMAN = huffmanCodes();

/** Decodes a Huffman-coded string (RFC 7541 §5.2): at most 7 bits of EOS-prefix padding, all ones. */
export function huffmanDecode(bytes: Uint8Array): string {
  let out = '';
  let code = 0;
  let length = 0;
  for (const byte of bytes) {
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((byte >> bit) & 1);
      length++;
      const symbol = length >= 5 ? HUFFMAN.lookup[length]?.get(code) : undefined;
      if (symbol === 256) throw new Error('HPACK: EOS inside a Huffman-coded string');
      if (symbol !== undefined) {
        out += String.fromCharCode(symbol);
        code = 0;
        length = 0;
      } else if (length > 30) throw new Error('HPACK: invalid Huffman code');
    }
  }
  if (length > 7 || code !== 2 ** length - 1) throw new Error('HPACK: Huffman padding is not a prefix of EOS');
  return out;
}

/** RFC 7541 §4.1: a field's size is its name's and value's octets plus 32. */
export const fieldSize = ([name, value]: HeaderField) => name.length + value.length + 32;

/** The size of a header list as RFC 7541 §4.1 counts it (and SETTINGS_MAX_HEADER_LIST_SIZE limits it). */
export const headerListSize = (fields: HeaderField[]) => fields.reduce((a, f) => a + fieldSize(f), 0);

/** A stateful HPACK decoder: its dynamic table carries over from one header block to the next. */
export interface HpackDecoder {
  /** Decodes one complete header block (HEADERS + CONTINUATION fragments joined), updating the dynamic table. */
  decode(block: Uint8Array): HeaderField[];
  /** The dynamic table's current size (RFC 7541 §4.1) and entries, newest first. */
  table(): { size: number; maxSize: number; entries: HeaderField[] };
}

/** A decoder with its own dynamic table (one per connection and direction), initially 4,096 octets at most. */
export function hpackDecoder(maxSize = 4096): HpackDecoder {
  const dynamic: HeaderField[] = [];
  let size = 0;
  const evict = () => {
    while (size > maxSize) size -= fieldSize(dynamic.pop()!);
  };
  const add = (f: HeaderField) => {
    dynamic.unshift(f);
    size += fieldSize(f);
    evict(); // an entry larger than the table empties it (RFC 7541 §4.4)
  };
  const entry = (index: number): HeaderField => {
    const f = index >= 1 && index <= 61 ? STATIC[index - 1] : dynamic[index - 62];
    if (!f) throw new Error(`HPACK: index ${index} is in neither table`);
    return f;
  };
  const decode = (block: Uint8Array): HeaderField[] => {
    let at = 0;
    const integer = (prefixBits: number): number => {
      const max = 2 ** prefixBits - 1;
      let value = block[at++] & max;
      if (value < max) return value;
      let m = 0;
      let byte: number;
      do {
        if (at >= block.length) throw new Error('HPACK: integer runs past the block');
        byte = block[at++];
        value += (byte & 0x7f) * 2 ** m;
        m += 7;
      } while (byte & 0x80);
      return value;
    };
    const string = (): string => {
      if (at >= block.length) throw new Error('HPACK: string runs past the block');
      const huffman = (block[at] & 0x80) !== 0;
      const length = integer(7);
      if (at + length > block.length) throw new Error('HPACK: string runs past the block');
      const raw = block.subarray(at, at + length);
      at += length;
      return huffman ? huffmanDecode(raw) : Buffer.from(raw).toString('latin1');
    };
    const fields: HeaderField[] = [];
    while (at < block.length) {
      const b = block[at];
      if (b & 0x80) {
        fields.push(entry(integer(7))); // indexed field
      } else if (b & 0x40) {
        const index = integer(6); // literal with incremental indexing
        const f: HeaderField = [index ? entry(index)[0] : string(), ''];
        f[1] = string();
        add(f);
        fields.push(f);
      } else if (b & 0x20) {
        maxSize = integer(5); // dynamic table size update
        evict();
      } else {
        const index = integer(4); // literal without indexing (0000) or never indexed (0001)
        const name = index ? entry(index)[0] : string();
        fields.push([name, string()]);
      }
    }
    return fields;
  };
  return { decode, table: () => ({ size, maxSize, entries: [...dynamic] }) };
}
