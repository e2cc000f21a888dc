// The speed cases: every codec round-trips the same message, protobufjs writes the same bytes, and a very short
// run yields a Summary per case with at least MIN_BATCHES raw samples (values are not asserted: no speed goals).
import { equals, fromBinary, fromJsonString, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { loadSamples } from '../../src/protobuf/samples.js';
import {
  batchSize,
  loadProtobufjs,
  MAX_BATCH_CALLS,
  measureSpeed,
  MIN_BATCHES,
  speedCases,
} from '../../src/protobuf/speed.js';

describe('speed cases', () => {
  const order = loadSamples(createRng(1), 10).find((s) => s.name === 'Order')!;

  it('cover 4 codecs x encode/decode on the same message, with matching outputs', async () => {
    const cases = speedCases(order, await loadProtobufjs(['order.proto']));
    expect(cases.map((c) => `${c.codec} ${c.operation}`)).toEqual([
      'protobuf-es binary encode',
      'protobuf-es binary decode',
      'protobuf-es JSON encode',
      'protobuf-es JSON decode',
      'JSON.stringify/parse encode',
      'JSON.stringify/parse decode',
      'protobufjs binary encode',
      'protobufjs binary decode',
    ]);
    const binary = toBinary(order.schema, order.message);
    const encoded = cases
      .find((c) => c.codec === 'protobuf-es binary' && c.operation === 'encode')!
      .run() as Uint8Array;
    expect(encoded).toEqual(binary);
    expect(equals(order.schema, fromBinary(order.schema, binary), order.message)).toBe(true);
    const jsonText = cases.find((c) => c.codec === 'protobuf-es JSON' && c.operation === 'encode')!.run() as string;
    expect(equals(order.schema, fromJsonString(order.schema, jsonText), order.message)).toBe(true);
    const pbjs = cases.find((c) => c.codec === 'protobufjs binary' && c.operation === 'encode')!;
    expect(Buffer.from(pbjs.run() as Uint8Array).equals(Buffer.from(binary))).toBe(true);
    expect(pbjs.note).toContain('same bytes as protobuf-es');
    expect(pbjs.bytes).toBe(281);
    expect(cases.find((c) => c.codec === 'JSON.stringify/parse')!.bytes).toBe(695);
  });

  it('size batches to at least one call and measure every case, each after its own progress tick', () => {
    const calls = batchSize(() => 1);
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(MAX_BATCH_CALLS);
    const cases = speedCases(order).slice(0, 2);
    let ticks = 0;
    const rows = measureSpeed(cases, { timeMs: 5, warmupMs: 1, onCaseDone: () => ticks++ });
    expect(ticks).toBe(2);
    expect(rows.map((r) => `${r.codec} ${r.operation}`)).toEqual([
      'protobuf-es binary encode',
      'protobuf-es binary decode',
    ]);
    for (const row of rows) {
      expect(row.messagesPerSecond.n).toBeGreaterThanOrEqual(MIN_BATCHES);
      expect(row.messagesPerSecond.samples).toHaveLength(row.messagesPerSecond.n);
      expect(row.messagesPerSecond.median).toBeGreaterThan(0);
      expect(row.megabytesPerSecond.median).toBeCloseTo((row.messagesPerSecond.median * 281) / 1e6, 6);
    }
  });
});
