// tfjs-node-gpu: TensorFlow's C library with CUDA, bound to Node. It is an optional dependency (its install downloads
// libtensorflow and needs CUDA 11), so it is loaded inside try/catch and any failure becomes the probe's reason.
// Tests: test/compute/backends.test.ts.
import { makeTfjsBackend } from './tfjs.js';
import type { Backend } from './types.js';

// A variable, so TypeScript does not demand the types of a package that may be absent.
const PACKAGE = '@tensorflow/tfjs-node-gpu';

/** The parts of tfjs-node's NodeJSKernelBackend read here (a boolean on the backend, a function on its binding). */
interface NodeKernelBackend {
  isUsingGpuDevice?: boolean;
  binding?: { isUsingGpuDevice?: () => boolean; TF_Version?: string };
}

export function tfjsNodeGpu(): Backend {
  return makeTfjsBackend({
    name: 'tfjs-node-gpu',
    tfName: 'tensorflow',
    phases:
      'upload copies the array into a TensorFlow host tensor; compute includes the copy to the GPU and the ' +
      'kernel (TensorFlow does not expose them apart) and ends by reading back one element, so the GPU has ' +
      'finished; download copies the result back',
    async load(tf) {
      let mod: { version?: Record<string, string> };
      try {
        mod = (await import(PACKAGE)) as typeof mod;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // Node appends " imported from <this file>" to a missing package; the package name already says it all.
        const message = (error instanceof Error ? error.message.split('\n')[0] : String(error)).replace(
          / imported from .*$/,
          '',
        );
        throw new Error(`${PACKAGE} could not be loaded (${code ?? 'error'}): ${message}`, { cause: error });
      }
      await tf.setBackend('tensorflow');
      const backend = tf.backend() as unknown as NodeKernelBackend;
      const binding = backend.binding ?? {};
      const onGpu = backend.isUsingGpuDevice === true || binding.isUsingGpuDevice?.() === true;
      return {
        kind: onGpu ? 'gpu' : 'cpu',
        device: onGpu ? 'CUDA GPU via TensorFlow' : 'TensorFlow C library on the CPU (no CUDA device found)',
        version:
          `${PACKAGE} ` +
          `${mod.version?.['tfjs-node'] ?? mod.version?.['tfjs-node-gpu'] ?? '?'}${binding.TF_Version ? `, TensorFlow ${binding.TF_Version}` : ''}`,
        reason: onGpu
          ? 'TensorFlow kernels on a CUDA GPU'
          : 'loaded, but TensorFlow found no CUDA GPU and runs on the CPU',
      };
    },
    // GPU kernels run asynchronously on a CUDA stream; reading one element waits for everything queued before it.
    async settleCompute(tf, output) {
      const first = tf.tidy(() => output.flatten().slice(0, 1));
      await first.data();
      first.dispose();
    },
  });
}
