// src/protobuf/findings.ts, the Thrift sentences, on rows made up here so every branch is reached: one message or
// several, ties, binary never the largest, no field where compact differs, no Thrift cells (no sentence), and a
// compiler that was unavailable (one sentence with its reason).
import { describe, expect, it } from 'vitest';
import type { MessageRow } from '../../src/protobuf/experiment.js';
import { findings } from '../../src/protobuf/findings.js';

function row(
  message: string,
  protobufBytes: number,
  thriftCompactBytes: number | null,
  thriftBinaryBytes: number | null,
) {
  return {
    message,
    description: '',
    jsonBytes: 100,
    protobufBytes,
    jsonGzipBytes: 100,
    protobufGzipBytes: 100,
    jsonPerProtobuf: 100 / protobufBytes,
    gzipJsonPerProtobuf: 1,
    thriftBinaryBytes,
    thriftCompactBytes,
    thriftBinaryPerProtobuf: thriftBinaryBytes === null ? null : thriftBinaryBytes / protobufBytes,
    thriftCompactPerProtobuf: thriftCompactBytes === null ? null : thriftCompactBytes / protobufBytes,
  } satisfies MessageRow;
}
const thriftLines = (messages: MessageRow[], thriftFields?: Parameters<typeof findings>[0]['thriftFields']) =>
  findings({ messages, varints: [], layout: [], speed: [], thriftFields }).filter((f) => f.includes('Thrift'));

describe('Thrift findings', () => {
  it('none when the Thrift cells are empty', () => {
    expect(thriftLines([row('A', 4, null, null), row('B', 9, null, null)])).toEqual([]);
  });

  it('one message: the smallest for all, one ratio, and the field sentence without a saving', () => {
    const lines = thriftLines(
      [row('A', 4, 5, 15)],
      [
        {
          message: 'A',
          fields: [{ field: 'x', protoType: 'float', protobufBytes: 5, thriftCompactBytes: 9, thriftBinaryBytes: 11 }],
        },
      ],
    );
    expect(lines).toEqual([
      'The smallest binary encoding of the 1 message was protobuf for all (A); Thrift binary was the largest for every one.',
      expect.stringMatching(/^Thrift binary took 3\.8× protobuf's bytes: .* 1-byte headers\.$/),
      expect.stringMatching(/^Thrift compact took 1\.3× protobuf's bytes: /),
      'Field by field (each top-level field of the JSON samples encoded alone; the Thrift section lists them), Thrift ' +
        'compact was smaller than protobuf for 0, larger for 1 and the same for 0 of 1 field; the most lost was A x ' +
        '(float): 9 B against 5, as Thrift sends a float as an 8-byte double.',
    ]);
  });

  it('ties, a binary smaller than protobuf, and no field list', () => {
    const lines = thriftLines([row('A', 17, 13, 15), row('B', 81, 81, 110), row('C', 10, 10, 10)]);
    expect(lines[0]).toBe(
      'The smallest binary encoding of the 3 messages was Thrift compact for 1 (A), protobuf and Thrift compact ' +
        '(tied) for 1 (B) and protobuf, Thrift compact and Thrift binary (tied) for 1 (C); Thrift binary was the ' +
        'largest for 1 of them.',
    );
    expect(lines[1]).toMatch(/^Thrift binary took 0\.88× \(A\) to 1\.4× \(B\) protobuf's bytes: /);
    expect(lines[1]).toMatch(/; it was smaller than protobuf only for A \(15 B against 17\), whose varints outgrew/);
    expect(lines).toHaveLength(3);
  });

  it('says "none of them" when Thrift binary was never the largest', () => {
    expect(thriftLines([row('A', 20, 9, 12)])[0]).toBe(
      'The smallest binary encoding of the 1 message was Thrift compact for all (A); Thrift binary was the largest ' +
        'for none of them.',
    );
  });

  it('one sentence with the reason when the Thrift compiler was unavailable', () => {
    const lines = findings({
      messages: [row('A', 4, null, null)],
      varints: [],
      layout: [],
      speed: [],
      thriftUnavailable: '/bin/false is not the Apache Thrift compiler',
    }).filter((f) => f.includes('Thrift'));
    expect(lines).toEqual([
      "Thrift sizes unavailable: /bin/false is not the Apache Thrift compiler; the messages table's Thrift columns " +
        'are empty.',
    ]);
  });
});
