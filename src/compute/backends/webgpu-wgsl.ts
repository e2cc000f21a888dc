// webgpu-wgsl: this lab's own tiled WGSL matmul kernel (./wgsl-matmul.ts) run through Dawn for Node (the `webgpu`
// package) on the adapter the WebGPU probe found, in float32 and, where the adapter offers `shader-f16`, in float16.
// The float32 instance is the control: the same kernel, so a difference is the number type's. A matmul-only backend
// (MatmulKernel); tfjs's own WebGPU kernels stay the `webgpu` backend. Tests: test/compute/webgpu-wgsl.test.ts.
import { libraryVersion } from '../../core/machine.js';
import { formatBytes } from '../../core/units.js';
import { packFloat16, unpackFloat16 } from '../float16.js';
import { classifyAdapter, describeAdapter, type AdapterInfoLike } from './adapter-label.js';
import { dawnInstance } from './dawn.js';
import type { MatmulKernel, Probe, Staged } from './types.js';
import { adapterCapabilities, probeWebGpu } from './webgpu-probe.js';
import { DTYPE_BYTES, matmulShader, matmulWorkgroups, type MatmulDtype } from './wgsl-matmul.js';

/** Why float16 cannot run when the adapter lacks the feature (the report shows it as the float16 status). */
export const NO_SHADER_F16 = 'unavailable: the adapter does not offer shader-f16';

/** WebGPU's buffer usage and map mode flags (the spec's values; Dawn's globals hold the same numbers). */
const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
const MAP_READ = 0x1;

/** Bytes for `count` elements of `dtype`, rounded up to WebGPU's 4-byte copy unit. */
export const bufferBytes = (count: number, dtype: MatmulDtype): number =>
  Math.ceil((count * DTYPE_BYTES[dtype]) / 4) * 4;

/** The data `upload()` writes for one input: float32 as given, float16 packed (untimed, as if stored that way). */
export function deviceData(values: Float32Array, dtype: MatmulDtype): Float32Array | Uint16Array {
  return dtype === 'float16' ? packFloat16(values) : values;
}

interface Opened {
  device: GPUDevice;
  features: Set<string>;
  /** Validation and out-of-memory errors Dawn reported outside an awaited call, oldest first. */
  errors: string[];
}

/** How the webgpu-wgsl backend opens its device. */
export interface WgslOptions {
  /**
   * The optional adapter features the kernel may request (default: every one the adapter offers). Tests pass [] to
   * get a device without shader-f16 from an adapter that has it: the path of an adapter that lacks it.
   */
  features?: readonly string[];
}

/**
 * The webgpu-wgsl backend: probe() opens a device on the adapter (with shader-f16 where offered and allowed),
 * matmul() stages one product in float32 or float16, dispose() destroys the device.
 */
export function webgpuWgsl(options: WgslOptions = {}): MatmulKernel {
  let opened: Opened | undefined;
  let pending: Promise<Probe> | undefined;
  const pipelines = new Map<MatmulDtype, GPUComputePipeline>();

  async function open(): Promise<Probe> {
    // A child process looks first, so a machine without an adapter gets a reason line, not Dawn's raw warnings.
    const probed = await probeWebGpu();
    const unavailable = (reason: string): Probe => ({ available: false, kind: null, device: '', version: '', reason });
    if (!probed.found) return unavailable(probed.reason);
    const gpu = await dawnInstance();
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return unavailable('Dawn found an adapter in the probe but not in the lab process');
    const allowed = options.features ?? [...adapter.features];
    const features = new Set([...adapter.features].filter((f) => f === 'shader-f16' && allowed.includes(f)));
    // The adapter's own buffer limits, not WebGPU's defaults (128 MiB per binding): n = 8192 needs 256 MiB per matrix.
    const device = await adapter.requestDevice({
      requiredFeatures: [...features] as GPUFeatureName[],
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    const errors: string[] = [];
    device.addEventListener('uncapturederror', (event) => {
      errors.push(event.error.message);
    });
    opened = { device, features, errors };
    const info = adapter.info as unknown as AdapterInfoLike;
    const kind = classifyAdapter(info);
    return {
      available: true,
      kind,
      device: describeAdapter(info),
      version: `webgpu ${libraryVersion('webgpu')} (Dawn)`,
      capabilities: adapterCapabilities(probed.adapter),
      reason:
        `this lab's tiled WGSL matmul (matmul only), float32${features.has('shader-f16') ? ' and float16' : ''}` +
        (kind === 'software-gpu' ? '; a software GPU: the shaders run on CPU cores' : ''),
    };
  }

  function ready(): Opened {
    if (!opened) throw new Error('webgpu-wgsl: matmul() before an available probe()');
    return opened;
  }

  /** Throws Dawn's first asynchronous error, so a failed dispatch is an error and not a silently wrong result. */
  function raise(o: Opened): void {
    if (o.errors.length) throw new Error(`webgpu-wgsl: ${o.errors.splice(0).join('; ')}`);
  }

  function unsupported(dtype: MatmulDtype, n?: number): string | undefined {
    const o = ready();
    if (dtype === 'float16' && !o.features.has('shader-f16')) return NO_SHADER_F16;
    const limit = o.device.limits.maxStorageBufferBindingSize;
    if (n !== undefined && bufferBytes(n * n, dtype) > limit)
      return (
        `${formatBytes(bufferBytes(n * n, dtype))} per ${dtype} matrix exceeds the adapter's ` +
        `maxStorageBufferBindingSize (${formatBytes(limit)})`
      );
    return undefined;
  }

  async function pipeline(o: Opened, dtype: MatmulDtype): Promise<GPUComputePipeline> {
    const cached = pipelines.get(dtype);
    if (cached) return cached;
    const module = o.device.createShaderModule({ code: matmulShader(dtype) });
    const info = await module.getCompilationInfo();
    const problems = info.messages.filter((m) => m.type === 'error');
    if (problems.length)
      throw new Error(
        `webgpu-wgsl: the ${dtype} kernel does not compile: ${problems.map((m) => m.message).join('; ')}`,
      );
    const made = await o.device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    pipelines.set(dtype, made);
    return made;
  }

  return {
    name: 'webgpu-wgsl',
    phases:
      'upload writes A and B into storage buffers and waits for the queue (float16 inputs were packed from float32 ' +
      'once, before timing, as if stored in float16), compute dispatches the kernel and waits, download copies C into ' +
      'a mappable buffer, maps it and (float16) decodes it through a 65,536-entry table',
    probe() {
      // Never throws: a device Dawn refuses to create is an unavailable row with Dawn's reason.
      pending ??= open().catch((error: unknown): Probe => ({
        available: false,
        kind: null,
        device: '',
        version: '',
        reason: `Dawn could not open the device: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      }));
      return pending;
    },
    unsupported,
    async matmul(a, b, n, dtype): Promise<Staged> {
      const o = ready();
      const why = unsupported(dtype, n);
      if (why) throw new Error(`webgpu-wgsl: ${dtype} at n = ${n}: ${why}`);
      const { device } = o;
      const compute = await pipeline(o, dtype);
      const bytes = bufferBytes(n * n, dtype);
      const dataA = deviceData(a, dtype);
      const dataB = deviceData(b, dtype);
      const storage = (usage: number) => device.createBuffer({ size: bytes, usage: USAGE.STORAGE | usage });
      const bufA = storage(USAGE.COPY_DST);
      const bufB = storage(USAGE.COPY_DST);
      const bufC = storage(USAGE.COPY_SRC);
      const readback = device.createBuffer({ size: bytes, usage: USAGE.MAP_READ | USAGE.COPY_DST });
      const dims = device.createBuffer({ size: 16, usage: USAGE.UNIFORM | USAGE.COPY_DST });
      device.queue.writeBuffer(dims, 0, Uint32Array.of(n, 0, 0, 0));
      const bindGroup = device.createBindGroup({
        layout: compute.getBindGroupLayout(0),
        entries: [bufA, bufB, bufC, dims].map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      const groups = matmulWorkgroups(n);
      const settle = async () => {
        await device.queue.onSubmittedWorkDone();
        raise(o);
      };
      await settle();
      return {
        async upload() {
          device.queue.writeBuffer(bufA, 0, dataA);
          device.queue.writeBuffer(bufB, 0, dataB);
          await settle();
        },
        async compute() {
          const encoder = device.createCommandEncoder();
          const pass = encoder.beginComputePass();
          pass.setPipeline(compute);
          pass.setBindGroup(0, bindGroup);
          pass.dispatchWorkgroups(groups, groups);
          pass.end();
          device.queue.submit([encoder.finish()]);
          await settle();
        },
        async download() {
          const encoder = device.createCommandEncoder();
          encoder.copyBufferToBuffer(bufC, 0, readback, 0, bytes);
          device.queue.submit([encoder.finish()]);
          await readback.mapAsync(MAP_READ);
          const mapped = readback.getMappedRange();
          const out =
            dtype === 'float16'
              ? unpackFloat16(new Uint16Array(mapped), n * n)
              : new Float32Array(mapped.slice(0, n * n * 4));
          readback.unmap();
          raise(o);
          return out;
        },
        release() {
          for (const buffer of [bufA, bufB, bufC, readback, dims]) buffer.destroy();
        },
      };
    },
    async dispose() {
      pipelines.clear();
      opened?.device.destroy();
      opened = undefined;
      pending = undefined;
      await Promise.resolve();
    },
  };
}
