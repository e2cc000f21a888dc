// One Dawn instance (the `webgpu` package's GPU object) per process, shared by the webgpu and webgpu-wgsl backends.
// Why: Dawn's Vulkan backend writes warnings straight to stderr from C++ when an instance first enumerates its
// adapters; on lavapipe, "maxDynamicUniformBuffersPerPipelineLayout (and ...StorageBuffers...) artificially reduced
// from 1000000 to 16 to fit dynamic offset allocation limit": lavapipe reports a million dynamic buffers and Dawn
// caps them. They come from requestAdapter, before any device is asked for, so requesting the adapter's limits
// cannot avoid them; a second requestAdapter on the same instance prints nothing, so sharing the instance prints them
// once per run instead of once per backend. (Only a child process keeps them out entirely, as webgpu-probe.ts does.)
// Tests: test/compute/webgpu-wgsl.test.ts (through the backend).

let instance: GPU | undefined;

/** The process's Dawn instance, made on first use; held for the life of the process (it does not keep it alive). */
export async function dawnInstance(): Promise<GPU> {
  if (!instance) {
    const { create } = await import('webgpu');
    instance = create([]);
  }
  return instance;
}
