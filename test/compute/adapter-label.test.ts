import { describe, expect, it } from 'vitest';
import { classifyAdapter, describeAdapter } from '../../src/compute/backends/adapter-label.js';

describe('classifyAdapter: the software-GPU labelling rule', () => {
  it('labels lavapipe as Dawn reports it (architecture "software", fallback) software-gpu', () => {
    const lavapipe = {
      vendor: 'mesa',
      architecture: 'software',
      device: 'llvmpipe-llvm-15-0-6-256-bits-',
      description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)',
      isFallbackAdapter: true,
    };
    expect(classifyAdapter(lavapipe)).toBe('software-gpu');
  });
  it('labels an NVIDIA adapter through Vulkan (as on an H200) gpu, with its real name', () => {
    const h200 = {
      vendor: 'nvidia',
      architecture: 'hopper',
      device: '',
      description: 'NVIDIA H200',
      isFallbackAdapter: false,
    };
    expect(classifyAdapter(h200)).toBe('gpu');
    expect(describeAdapter(h200)).toBe('NVIDIA H200, vendor nvidia, architecture hopper');
  });
  it('rule 1: architecture "software" alone is enough', () => {
    expect(classifyAdapter({ vendor: 'acme', architecture: 'Software', description: 'Acme Renderer' })).toBe(
      'software-gpu',
    );
  });
  it('rule 2: a fallback adapter is software even with a neutral description', () => {
    expect(
      classifyAdapter({ vendor: 'acme', architecture: '', description: 'Acme Renderer', isFallbackAdapter: true }),
    ).toBe('software-gpu');
  });
  it('rule 3: llvmpipe, lavapipe or SwiftShader named anywhere makes it software', () => {
    expect(classifyAdapter({ description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe('software-gpu');
    expect(classifyAdapter({ device: 'Lavapipe' })).toBe('software-gpu');
    expect(classifyAdapter({ vendor: 'google', description: 'SwiftShader Device (Subzero)' })).toBe('software-gpu');
    expect(classifyAdapter({ description: 'Microsoft Basic Render Driver' })).toBe('software-gpu');
  });
  it('rule 4: anything else is a GPU', () => {
    expect(
      classifyAdapter({
        vendor: 'nvidia',
        architecture: 'hopper',
        description: 'NVIDIA H100 80GB HBM3',
        isFallbackAdapter: false,
      }),
    ).toBe('gpu');
    expect(classifyAdapter({ vendor: 'apple', architecture: 'metal-3', description: 'Apple M1 Max' })).toBe('gpu');
    expect(
      classifyAdapter({
        vendor: 'intel',
        architecture: 'gen-12lp',
        description: 'Intel(R) UHD Graphics 770 (warpath edition)',
      }),
    ).toBe('gpu');
  });
});

describe('describeAdapter', () => {
  it('puts the description first and names the fallback', () => {
    expect(
      describeAdapter({ vendor: 'mesa', architecture: 'software', description: 'llvmpipe', isFallbackAdapter: true }),
    ).toBe('llvmpipe, vendor mesa, architecture software, fallback adapter');
  });
  it('uses the device when there is no description, and says when nothing is known', () => {
    expect(describeAdapter({ device: 'GA102' })).toBe('GA102');
    expect(describeAdapter({})).toBe('unnamed adapter');
  });
});
