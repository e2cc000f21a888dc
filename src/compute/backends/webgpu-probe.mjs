// Run as a child process by webgpu-probe.ts: asks Dawn for an adapter and prints one JSON line with its info, features
// and limits. Dawn writes its own warnings ("Couldn't load Vulkan: ...") straight to the process's stderr from C++;
// here they land in the parent's pipe, which turns the useful part into the backend's reason instead of raw noise.
import { create } from 'webgpu';

const gpu = create([]);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) {
  process.stdout.write(`${JSON.stringify({ adapter: null })}\n`);
} else {
  const { vendor, architecture, device, description } = adapter.info;
  const limits = {};
  for (const key in adapter.limits) limits[key] = adapter.limits[key];
  const info = { vendor, architecture, device, description, isFallbackAdapter: adapter.info.isFallbackAdapter };
  process.stdout.write(`${JSON.stringify({ adapter: info, features: [...adapter.features].sort(), limits })}\n`);
}
process.exit(0);
