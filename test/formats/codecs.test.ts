import { describe, expect, it } from 'vitest';
import { loadCodecs } from '../../src/formats/codecs.js';

describe('codecs', () => {
  it('round-trip bytes through ZSTD and GZIP, writing the standard frame magic numbers', async () => {
    const codecs = await loadCodecs();
    const input = new TextEncoder().encode('columnar data compresses well, columnar data compresses well, '.repeat(50));
    const zstd = codecs.zstd.compress(input);
    expect([...zstd.subarray(0, 4)]).toEqual([0x28, 0xb5, 0x2f, 0xfd]);
    expect(zstd.length).toBeLessThan(input.length / 10);
    expect(codecs.zstd.decompress(zstd)).toEqual(input);
    const gzip = codecs.gzip.compress(input);
    expect([...gzip.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(codecs.gzip.decompress(gzip)).toEqual(input);
  });
});
