// The HPACK decoder against known answers: RFC 7541 Appendix C.3 (three requests, no Huffman) and C.4 (the same with
// Huffman), with the dynamic table's size after each (57, 110, 164 octets); blocks made by Python's hpack 4.2.0 (a
// gRPC-like request list, then the same list again, which shrinks to 14 bytes of indexes; a table size update, a
// never-indexed field and an entry too big for the table); Huffman codes from RFC 7541 Appendix B; and errors.
import { describe, expect, it } from 'vitest';
import { HUFFMAN, headerListSize, hpackDecoder, huffmanDecode } from '../../src/rpc/hpack.js';

const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const example = [
  [':method', 'GET'],
  [':scheme', 'http'],
  [':path', '/'],
  [':authority', 'www.example.com'],
];
const requests = [
  example,
  [...example, ['cache-control', 'no-cache']],
  [
    [':method', 'GET'],
    [':scheme', 'https'],
    [':path', '/index.html'],
    [':authority', 'www.example.com'],
    ['custom-key', 'custom-value'],
  ],
];

describe('HPACK decoder', () => {
  it.each([
    [
      'C.3, no Huffman',
      [
        '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
        '8286 84be 5808 6e6f 2d63 6163 6865',
        '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
      ],
    ],
    [
      'C.4, Huffman',
      [
        '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
        '8286 84be 5886 a8eb 1064 9cbf',
        '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf',
      ],
    ],
  ])('RFC 7541 %s: three requests and the table size after each', (_, blocks) => {
    const d = hpackDecoder();
    expect(blocks.map((b) => d.decode(hex(b)))).toEqual(requests);
    expect(d.table().size).toBe(164);
    expect(d.table().entries).toEqual([
      ['custom-key', 'custom-value'],
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ]);
  });

  it("the header list size counts name + value + 32 per field: C.3.1's list is 42 + 43 + 38 + 57 = 180", () => {
    expect(headerListSize(example as [string, string][])).toBe(180);
  });

  // python3 -c "from hpack import Encoder; e = Encoder(); [print(e.encode(l, huffman=True).hex()) for l in (L, L2)]"
  // with hpack 4.2.0 (pip's wheel) and L, L2 the lists below (L2: grpc-timeout 4998m).
  it('a request list by Python hpack, then the same list again: 84 bytes, then 14', () => {
    const grpc = (timeout: string) => [
      [':method', 'POST'],
      [':scheme', 'http'],
      [':path', '/calc.Calc/Mult'],
      [':authority', '127.0.0.1:40000'],
      ['content-type', 'application/grpc'],
      ['te', 'trailers'],
      ['grpc-timeout', timeout],
      ['user-agent', 'grpc-node-js/1.12.6'],
    ];
    const first = hex(
      '8386448b6083a08bde1d046345b427418b089d5c0b8170dc6800003f5f8b1d75d0620d263d4c4d65644082497f864d833505b11f' +
        '40899acac8b24d494f6a7f8469f7dfa77a8e9acac8b54790ab7443015c225dcf',
    );
    const second = hex('8386c3c2c1c07f008469f7dea7bf');
    const d = hpackDecoder();
    expect(d.decode(first)).toEqual(grpc('4999m'));
    expect(d.decode(second)).toEqual(grpc('4998m'));
    expect([first.length, second.length]).toEqual([84, 14]);
    expect(headerListSize(grpc('4998m') as [string, string][])).toBe(
      8 * 32 + 7 + 4 + 7 + 4 + 5 + 15 + 10 + 15 + 12 + 16 + 2 + 8 + 12 + 5 + 10 + 19,
    );
  });

  // e.header_table_size = 256; e.encode([(':method', 'GET'), NeverIndexedHeaderTuple('authorization', 'secret'),
  // ('x-long', 'a' * 300)], huffman=False) after the lists above.
  it('a table size update, a never-indexed field, and an entry larger than the table (which empties it)', () => {
    const d = hpackDecoder();
    d.decode(hex('8386448b6083a08bde1d046345b427'));
    expect(d.table().entries).toHaveLength(1);
    const block = Buffer.concat([
      hex('3fe101 82 1f08 06 736563726574 40 06 782d6c6f6e67 7fad01'),
      Buffer.alloc(300, 'a'),
    ]);
    expect(d.decode(block)).toEqual([
      [':method', 'GET'],
      ['authorization', 'secret'],
      ['x-long', 'a'.repeat(300)],
    ]);
    expect(d.table()).toEqual({ size: 0, maxSize: 256, entries: [] });
  });

  it("Huffman codes match RFC 7541 Appendix B ('0' 00000, 'a' 00011, '~' 13 bits, EOS 30 ones)", () => {
    const code = (s: number) => [HUFFMAN.codes[s], HUFFMAN.lengths[s]];
    expect(code(48)).toEqual([0x0, 5]);
    expect(code(97)).toEqual([0x3, 5]);
    expect(code(126)).toEqual([0x1ffd, 13]);
    expect(code(0)).toEqual([0x1ff8, 13]);
    expect(code(256)).toEqual([0x3fffffff, 30]);
    expect(huffmanDecode(hex('f1e3 c2e5 f23a 6ba0 ab90 f4ff'))).toBe('www.example.com');
  });

  it('rejects bad padding, an index in neither table, and a string past the block', () => {
    expect(() => huffmanDecode(hex('00'))).toThrow(/padding/);
    expect(() => hpackDecoder().decode(hex('be'))).toThrow(/index 62/);
    expect(() => hpackDecoder().decode(hex('4005 6162'))).toThrow(/past the block/);
  });
});
