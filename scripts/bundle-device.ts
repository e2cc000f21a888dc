// `npm run bundle:device`: builds dist/device/, a folder that runs lab 01 on a machine with no npm, no node_modules
// and no network (the lent GPU machine receives at most 64 MiB). Inside: lab 01 and the core bundled into one
// JavaScript file by esbuild; the native parts lab 01 loads, for Linux x64 only (Dawn's dawn.node from `webgpu`,
// onnxruntime-node's binding and library) with the few JavaScript files that load them; TensorFlow.js's .wasm files;
// Debian's libvulkan1 package (the Vulkan loader, for machines that lack it); this Node binary; and run.sh. Large
// files travel xz-compressed and are unpacked by run.sh on first use. Test: test/compute/bundle.test.ts.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../src/core/paths.js';
import { formatBytes } from '../src/core/units.js';

/** The bundle must fit the device machine's 64 MiB transfer with room to spare. */
export const BUNDLE_LIMIT_BYTES = 60 * 1024 ** 2;

const modules = path.join(projectRoot, 'node_modules');

/** Packages left out of the JavaScript bundle: they load native binaries by paths relative to their own files. */
const EXTERNAL = ['webgpu', 'onnxruntime-node', '@tensorflow/tfjs-node-gpu'];

function copyPackageFiles(out: string, name: string, files: string[]): void {
  for (const file of ['package.json', ...files]) {
    cpSync(path.join(modules, name, file), path.join(out, 'app', 'node_modules', name, file), { recursive: true });
  }
}

function xz(file: string): void {
  execFileSync('xz', ['-9', '-T0', '--force', file]);
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(path.join(e.parentPath, e.name)).size, 0);
}

/** Debian's libvulkan1 .deb, downloaded by apt into a scratch folder; undefined where apt cannot fetch it. */
function vulkanDeb(): string | undefined {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bundle-vulkan-'));
  try {
    execFileSync('apt-get', ['download', 'libvulkan1'], { cwd: scratch, stdio: 'pipe' });
    return readdirSync(scratch)
      .filter((f) => f.endsWith('.deb'))
      .map((f) => path.join(scratch, f))[0];
  } catch {
    return undefined;
  }
}

const RUN_SH = `#!/bin/sh
# Runs lab 01 from this folder alone: ./run.sh --out DIR [lab 01 options]. Needs only sh, tar and xz.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for packed in "$here"/bin/node.xz "$here"/app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1.xz \\
  "$here"/app/node_modules/webgpu/dist/linux-x64/dawn.node.xz; do
  [ -f "$packed" ] && xz -d --keep --force "$packed" && rm -f "$packed"
done
chmod +x "$here/bin/node"
# The Vulkan loader: the machine's own if it has one, else the carried Debian package unpacked beside us.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1'; then
  if [ -f "$here"/vulkan/libvulkan1.deb ] && [ ! -d "$here/vulkan/root" ]; then
    mkdir -p "$here/vulkan/root"
    (cd "$here/vulkan/root" && ar x ../libvulkan1.deb && tar -xf data.tar.* && rm -f data.tar.* control.tar.* debian-binary)
  fi
  export LD_LIBRARY_PATH="$here/vulkan/root/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# NVIDIA's Vulkan driver where the device machines keep it (the loader does not look there by itself).
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json \\
  /etc/vulkan/icd.d/nvidia_icd.json; do
  if [ -z "\${VK_DRIVER_FILES:-}" ] && [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; fi
done
export SYSLAB_TFJS_WASM_DIR="$here/app/wasm/"
exec "$here/bin/node" "$here/app/lab01.mjs" "$@"
`;

export async function bundleDevice(out = path.join(projectRoot, 'dist', 'device')): Promise<number> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'app', 'wasm'), { recursive: true });
  mkdirSync(path.join(out, 'bin'), { recursive: true });
  await build({
    entryPoints: [path.join(projectRoot, 'labs', '01-compute.ts')],
    outfile: path.join(out, 'app', 'lab01.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS dependencies (Emscripten's glue among them) call require() and read __dirname/__filename.
    banner: {
      js: [
        "import { createRequire as __syslabRequire } from 'node:module';",
        "import { fileURLToPath as __syslabPath } from 'node:url';",
        'const require = __syslabRequire(import.meta.url);',
        'const __filename = __syslabPath(import.meta.url);',
        "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
      ].join(' '),
    },
    logLevel: 'error',
  });
  cpSync(
    path.join(projectRoot, 'src', 'compute', 'backends', 'webgpu-probe.mjs'),
    path.join(out, 'app', 'webgpu-probe.mjs'),
  );
  for (const file of readdirSync(path.join(modules, '@tensorflow', 'tfjs-backend-wasm', 'dist'))) {
    if (file.endsWith('.wasm')) {
      cpSync(path.join(modules, '@tensorflow', 'tfjs-backend-wasm', 'dist', file), path.join(out, 'app', 'wasm', file));
    }
  }
  copyPackageFiles(out, 'webgpu', ['index.js', 'dist/linux-x64/dawn.node']);
  copyPackageFiles(out, 'onnxruntime-node', ['dist', 'bin/napi-v6/linux/x64']);
  copyPackageFiles(out, 'onnxruntime-common', ['dist']);
  cpSync(process.execPath, path.join(out, 'bin', 'node'));
  xz(path.join(out, 'bin', 'node'));
  xz(
    path.join(out, 'app', 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime.so.1'),
  );
  xz(path.join(out, 'app', 'node_modules', 'webgpu', 'dist', 'linux-x64', 'dawn.node'));
  const deb = vulkanDeb();
  if (deb) {
    mkdirSync(path.join(out, 'vulkan'));
    cpSync(deb, path.join(out, 'vulkan', 'libvulkan1.deb'));
    rmSync(path.dirname(deb), { recursive: true, force: true });
  }
  writeFileSync(path.join(out, 'run.sh'), RUN_SH);
  chmodSync(path.join(out, 'run.sh'), 0o755);
  const bytes = folderBytes(out);
  const vulkan = deb ? 'with' : 'WITHOUT (apt-get download libvulkan1 failed)';
  process.stdout.write(
    `dist/device: ${formatBytes(bytes)} (limit ${formatBytes(BUNDLE_LIMIT_BYTES)}), ${vulkan} the Vulkan loader\n`,
  );
  if (bytes > BUNDLE_LIMIT_BYTES)
    throw new Error(`the bundle is ${formatBytes(bytes)}, over the ${formatBytes(BUNDLE_LIMIT_BYTES)} limit`);
  return bytes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await bundleDevice();
