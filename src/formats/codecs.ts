// Compression codecs the writers need beyond their built-in ones, loaded once: ZSTD (the zstd C library compiled
// to WebAssembly, @bokuweb/zstd-wasm) and GZIP (node:zlib). hyparquet-writer takes synchronous compressors;
// apache-arrow takes encoders/decoders in its compression registry. (Arrow's other codec, LZ4_FRAME, is left out:
// the only synchronous JS encoder, lz4js, is pure JS, and in a trial Arrow queries on its files took about three
// times as long as on WASM-zstd files, which would teach the opposite of what LZ4 is for.)
// Tests: test/formats/codecs.test.ts.
import { gunzipSync, gzipSync } from 'node:zlib';

/** Plain functions (no `this`), so the writers can be handed them directly. */
export interface Codec {
  compress: (input: Uint8Array) => Uint8Array;
  decompress: (input: Uint8Array) => Uint8Array;
}

export interface Codecs {
  zstd: Codec;
  gzip: Codec;
}

/** zstd's default level: the speed/size balance most writers (DuckDB, Arrow C++, Spark) use. */
export const ZSTD_LEVEL = 3;

let loaded: Promise<Codecs> | undefined;

export function loadCodecs(): Promise<Codecs> {
  loaded ??= (async () => {
    const zstd = await import('@bokuweb/zstd-wasm');
    await zstd.init();
    return {
      zstd: { compress: (b) => zstd.compress(b, ZSTD_LEVEL), decompress: (b) => zstd.decompress(b) },
      gzip: { compress: (b) => new Uint8Array(gzipSync(b)), decompress: (b) => new Uint8Array(gunzipSync(b)) },
    };
  })();
  return loaded;
}
