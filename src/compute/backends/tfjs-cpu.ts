// tfjs-cpu: TensorFlow.js's pure-JavaScript kernels on one CPU thread, the baseline every other backend is compared
// with. Tests: test/compute/backends.test.ts.
import os from 'node:os';
import { makeTfjsBackend } from './tfjs.js';
import type { Backend } from './types.js';

export function tfjsCpu(): Backend {
  return makeTfjsBackend({
    name: 'tfjs-cpu',
    tfName: 'cpu',
    phases:
      'upload wraps the array in a tensor (JavaScript memory is the device memory), compute runs the kernel synchronously, download reads the result array',
    async load(tf) {
      return {
        kind: 'cpu',
        device: `${os.cpus()[0]?.model.trim() ?? 'CPU'}, 1 JavaScript thread`,
        version: `@tensorflow/tfjs ${tf.version.tfjs}`,
        reason: 'plain JavaScript loops, no SIMD, one thread',
      };
    },
  });
}
