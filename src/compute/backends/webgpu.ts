// webgpu: TensorFlow.js's WebGPU kernels (WGSL compute shaders) on the adapter that Dawn for Node (the `webgpu`
// package) finds: a real GPU through Vulkan/Metal/D3D12, or lavapipe, Mesa's Vulkan on CPU cores, which is labelled
// software-gpu. tfjs-backend-webgpu registers itself only where navigator.gpu exists, so this module registers it
// with the adapter it probed instead. Tests: test/compute/backends.test.ts, test/compute/adapter-label.test.ts.
import { libraryVersion } from '../../core/machine.js';
import { classifyAdapter, describeAdapter, type AdapterInfoLike } from './adapter-label.js';
import { dawnInstance } from './dawn.js';
import { makeTfjsBackend, type Tf } from './tfjs.js';
import type { Backend } from './types.js';
import { adapterCapabilities, probeWebGpu } from './webgpu-probe.js';

/** The parts of tfjs-backend-webgpu's WebGPUBackend used to force uploads and wait for the queue. */
interface WebGpuKernelBackend {
  device: GPUDevice;
  uploadToGPU(dataId: object): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

let globalsInstalled = false;

/**
 * tfjs-backend-webgpu checks navigator.gpu before it makes a backend. Node 20 has no navigator, Node 21+ has one
 * without gpu: add it either way, and give back a function that takes it away again (Dawn keeps the process alive
 * while navigator.gpu holds it).
 */
function installNavigatorGpu(gpu: GPU): () => void {
  const holder = globalThis as { navigator?: object };
  if (holder.navigator && typeof holder.navigator === 'object') {
    const nav = holder.navigator;
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
    return () => {
      delete (nav as { gpu?: GPU }).gpu;
    };
  }
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  return () => {
    delete holder.navigator;
  };
}

/** Sends everything tfjs has queued to the device and waits until the device has finished it. */
async function flush(tf: Tf): Promise<void> {
  const backend = tf.backend() as unknown as WebGpuKernelBackend;
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
  await backend.device.queue.onSubmittedWorkDone();
}

export function webgpu(): Backend {
  let device: GPUDevice | undefined;
  let removeNavigatorGpu: (() => void) | undefined;
  return makeTfjsBackend({
    name: 'webgpu',
    tfName: 'webgpu',
    phases:
      'upload writes the arrays into GPU buffers and waits for the queue, compute records the shader and waits ' +
      'for the queue, download copies into a mappable buffer and maps it',
    async load(tf) {
      // Dawn is loaded in this process only once a child process found an adapter: its warnings stay out of sight.
      const probed = await probeWebGpu();
      if (!probed.found) throw new Error(probed.reason);
      const dawn = await import('webgpu');
      if (!globalsInstalled) {
        // tfjs-backend-webgpu uses the browser's GPUBufferUsage, GPUMapMode, ... constants as globals.
        Object.assign(globalThis, dawn.globals);
        globalsInstalled = true;
      }
      const gpu = await dawnInstance();
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) throw new Error(`Dawn found an adapter in the probe but not in the lab process`);
      const info = adapter.info as unknown as AdapterInfoLike;
      const kind = classifyAdapter(info);
      removeNavigatorGpu?.();
      removeNavigatorGpu = installNavigatorGpu(gpu);
      const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
      // Small ops would otherwise be handed to the CPU, which would hide what the adapter itself costs.
      tf.env().set('WEBGPU_CPU_FORWARD', false);
      if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
      tf.registerBackend(
        'webgpu',
        async () => {
          const limits = adapter.limits;
          device = await adapter.requestDevice({
            requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
            requiredLimits: {
              maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
              maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
              maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
              maxBufferSize: limits.maxBufferSize,
              maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
              maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
            },
          });
          return new WebGPUBackend(device, adapter.info);
        },
        0,
      );
      return {
        kind,
        device: describeAdapter(info),
        version: `webgpu ${libraryVersion('webgpu')} (Dawn), @tensorflow/tfjs-backend-webgpu ${libraryVersion('@tensorflow/tfjs-backend-webgpu')}`,
        capabilities: adapterCapabilities(probed.adapter),
        reason:
          kind === 'software-gpu'
            ? 'a software GPU: WebGPU shaders run on CPU cores'
            : 'WebGPU compute shaders on a GPU',
      };
    },
    async settleUpload(tf, tensors) {
      const backend = tf.backend() as unknown as WebGpuKernelBackend;
      for (const t of tensors) backend.uploadToGPU(t.dataId);
      await flush(tf);
    },
    settleCompute: (tf) => flush(tf),
    async unload(tf) {
      if (tf.findBackend('webgpu')) {
        if (tf.getBackend() === 'webgpu') await tf.setBackend('cpu');
        tf.removeBackend('webgpu');
      }
      device?.destroy();
      device = undefined;
      removeNavigatorGpu?.();
      removeNavigatorGpu = undefined;
    },
  });
}
