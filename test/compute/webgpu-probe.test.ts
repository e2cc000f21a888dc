// The WebGPU probe: Dawn's raw stderr becomes one reason line; a found adapter comes back with features and limits.
import { describe, expect, it } from 'vitest';
import {
  adapterCapabilities,
  dawnMessage,
  NO_ADAPTER_REASON,
  parseProbe,
  probeWebGpu,
} from '../../src/compute/backends/webgpu-probe.js';

// Dawn 0.6 (the `webgpu` package) on a machine without libvulkan1, as printed by `node webgpu-probe.mjs`.
const NO_VULKAN_STDERR =
  "Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory\n" +
  '    at operator() (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/BackendVk.cpp:368)\n';

describe('dawnMessage', () => {
  it('keeps what went wrong and drops the prefix and the C++ location', () => {
    expect(dawnMessage(NO_VULKAN_STDERR)).toBe(
      "Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory",
    );
    expect(dawnMessage('\n\n')).toBeUndefined();
  });
});

describe('parseProbe', () => {
  it('turns "no adapter" plus Dawn warning into one reason line', () => {
    const outcome = parseProbe('{"adapter":null}\n', NO_VULKAN_STDERR);
    expect(outcome).toEqual({
      found: false,
      reason: `${NO_ADAPTER_REASON}: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory`,
    });
  });

  it('returns the adapter with its features and limits', () => {
    const line = JSON.stringify({
      adapter: { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200' },
      features: ['shader-f16', 'timestamp-query'],
      limits: { maxBufferSize: 4294967296 },
    });
    const outcome = parseProbe(`${line}\n`, '');
    expect(outcome.found && outcome.adapter.features).toEqual(['shader-f16', 'timestamp-query']);
    expect(outcome.found && outcome.adapter.limits.maxBufferSize).toBe(4294967296);
    expect(outcome.found && outcome.adapter.info.description).toBe('NVIDIA H200');
  });

  it('shows the features and the key limits in one line', () => {
    const line = adapterCapabilities({
      info: {},
      features: ['shader-f16', 'timestamp-query'],
      limits: { maxBufferSize: 4294967296, maxComputeInvocationsPerWorkgroup: 1024, maxBindGroups: 4 },
    });
    expect(line).toBe(
      'features: shader-f16, timestamp-query; limits: maxBufferSize 4294967296, maxComputeInvocationsPerWorkgroup 1024',
    );
  });

  it('says the probe failed when it printed no JSON', () => {
    expect(parseProbe('', 'Segmentation fault\n')).toEqual({
      found: false,
      reason: 'the WebGPU probe failed: Segmentation fault',
    });
  });
});

describe('probeWebGpu on this machine', () => {
  it('either finds an adapter or gives one reason line without Dawn source locations', async () => {
    const outcome = await probeWebGpu();
    if (outcome.found) {
      expect(Object.keys(outcome.adapter.limits).length).toBeGreaterThan(10);
    } else {
      expect(outcome.reason.startsWith(NO_ADAPTER_REASON)).toBe(true);
      expect(outcome.reason).not.toContain('\n');
      expect(outcome.reason).not.toContain('.cpp:');
    }
  });
});
