// The labelling rule for WebGPU adapters: a "GPU" that is really software rasterising on the CPU must never be
// reported as a GPU. Tests: test/compute/adapter-label.test.ts.
import type { DeviceKind } from './types.js';

/** The fields of a WebGPU GPUAdapterInfo this rule reads (all optional: implementations fill in different ones). */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** Software Vulkan/D3D/GL implementations that run shaders on CPU cores. */
const SOFTWARE_RENDERERS = /llvmpipe|lavapipe|swiftshader|softpipe|\bwarp\b|microsoft basic render/i;

/**
 * Rule, in order: (1) architecture "software" -> software-gpu; (2) a fallback adapter -> software-gpu;
 * (3) vendor, device or description naming llvmpipe, lavapipe, SwiftShader (or another CPU renderer) -> software-gpu;
 * (4) otherwise gpu.
 */
export function classifyAdapter(info: AdapterInfoLike): Exclude<DeviceKind, 'cpu'> {
  if ((info.architecture ?? '').toLowerCase() === 'software') return 'software-gpu';
  if (info.isFallbackAdapter === true) return 'software-gpu';
  const text = [info.vendor, info.device, info.description].filter(Boolean).join(' ');
  if (SOFTWARE_RENDERERS.test(text)) return 'software-gpu';
  return 'gpu';
}

/** One readable line for the report: description first, then the other fields that say something. */
export function describeAdapter(info: AdapterInfoLike): string {
  const parts = [
    info.description || info.device,
    info.vendor && `vendor ${info.vendor}`,
    info.architecture && `architecture ${info.architecture}`,
  ];
  if (info.isFallbackAdapter) parts.push('fallback adapter');
  return parts.filter(Boolean).join(', ') || 'unnamed adapter';
}
