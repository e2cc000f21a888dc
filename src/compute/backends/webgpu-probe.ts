// Asks Dawn for a WebGPU adapter in a child process (webgpu-probe.mjs) before the lab loads Dawn itself, so Dawn's
// raw C++ warnings never reach the user's terminal: an absent adapter becomes one reason line built from them, and a
// present one comes back with its features and limits for the backends table. Tests: test/compute/webgpu-probe.test.ts.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AdapterInfoLike } from './adapter-label.js';

export interface AdapterProbe {
  info: AdapterInfoLike;
  /** The adapter's optional features (e.g. shader-f16, timestamp-query), sorted. */
  features: string[];
  limits: Record<string, number>;
}

export type ProbeOutcome = { found: true; adapter: AdapterProbe } | { found: false; reason: string };

export const NO_ADAPTER_REASON =
  'Dawn found no WebGPU adapter (no GPU driver and no software Vulkan; on Debian 12: mesa-vulkan-drivers from ' +
  'bookworm-backports gives lavapipe)';

/**
 * The first line of Dawn's stderr that says what went wrong, without "Warning: " and the source location lines
 * ("    at operator() (.../BackendVk.cpp:368)").
 */
export function dawnMessage(stderr: string): string | undefined {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !l.startsWith('at '));
  return line?.replace(/^(Warning|Error):\s*/i, '');
}

/** Reads the probe's stdout line and stderr into an outcome. */
export function parseProbe(stdout: string, stderr: string): ProbeOutcome {
  const line = stdout.trim().split('\n').pop() ?? '';
  let parsed: { adapter: AdapterInfoLike | null; features?: string[]; limits?: Record<string, number> };
  try {
    parsed = JSON.parse(line) as typeof parsed;
  } catch {
    const why = dawnMessage(stderr) ?? 'the probe printed nothing';
    return { found: false, reason: `the WebGPU probe failed: ${why}` };
  }
  if (!parsed.adapter) {
    const why = dawnMessage(stderr);
    return { found: false, reason: why ? `${NO_ADAPTER_REASON}: ${why}` : NO_ADAPTER_REASON };
  }
  return {
    found: true,
    adapter: { info: parsed.adapter, features: parsed.features ?? [], limits: parsed.limits ?? {} },
  };
}

/** Runs the probe (at most `timeoutMs`; a hung driver is a reason, not a hang). */
export function probeWebGpu(timeoutMs = 60_000): Promise<ProbeOutcome> {
  const script = fileURLToPath(new URL('./webgpu-probe.mjs', import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && error.killed) resolve({ found: false, reason: `the WebGPU probe took over ${timeoutMs / 1000} s` });
      else resolve(parseProbe(stdout, stderr));
    });
  });
}

/** The limits that decide how large a tensor and a workgroup may be, in the order the backends table shows them. */
const KEY_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
];

/** One line for the backends table: the adapter's optional features and its key limits. */
export function adapterCapabilities(adapter: AdapterProbe): string {
  const features = adapter.features.length ? adapter.features.join(', ') : 'none';
  const limits = KEY_LIMITS.filter((k) => adapter.limits[k] !== undefined).map((k) => `${k} ${adapter.limits[k]}`);
  return `features: ${features}; limits: ${limits.join(', ')}`;
}
