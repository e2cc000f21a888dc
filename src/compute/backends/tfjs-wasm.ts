// tfjs-wasm: TensorFlow.js's XNNPACK kernels compiled to WebAssembly (SIMD when the runtime has it). Under Node it
// runs one thread: the threaded build needs cross-origin-isolated workers, which Node does not give it. The .wasm
// binaries are read from node_modules, never downloaded. Tests: test/compute/backends.test.ts.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { makeTfjsBackend } from './tfjs.js';
import type { Backend } from './types.js';

export function tfjsWasm(): Backend {
  return makeTfjsBackend({
    name: 'tfjs-wasm',
    tfName: 'wasm',
    phases:
      'upload copies the array into the WebAssembly heap, compute runs the kernel synchronously, download copies the result out of the heap',
    async load(tf) {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // The package's main file sits in dist/ next to the .wasm files; a trailing slash makes it a prefix. The
      // device bundle (scripts/bundle-device.ts) carries the .wasm files without the package and says where.
      const carried = process.env.SYSLAB_TFJS_WASM_DIR;
      const dist = () => path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
      wasm.setWasmPaths(carried ?? `${dist()}${path.sep}`);
      await tf.setBackend('wasm');
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = wasm.getThreadsCount();
      return {
        kind: 'cpu',
        device: `${os.cpus()[0]?.model.trim() ?? 'CPU'}, WebAssembly ${simd ? 'SIMD' : 'without SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`,
        version: `@tensorflow/tfjs-backend-wasm ${wasm.version_wasm}`,
        reason: 'XNNPACK kernels in WebAssembly',
      };
    },
  });
}
