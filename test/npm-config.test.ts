// npm's configuration of this project (.npmrc, package.json's allowScripts): npm prints no "Unknown project config"
// warning before every `npm run`, and onnxruntime-node's install script, which on linux x64 would fetch CUDA
// libraries from NuGet, is denied (its CPU binaries ship in the package). `npm ci` itself is too slow for a test.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/core/paths.js';

describe('npm configuration', () => {
  it('gives npm no project config it does not know, so no command starts with a warning', () => {
    const r = spawnSync('npm', ['config', 'get', 'registry'], { cwd: projectRoot, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/Unknown project config/);
    const npmrc = path.join(projectRoot, '.npmrc');
    if (existsSync(npmrc)) expect(readFileSync(npmrc, 'utf8')).not.toMatch(/onnxruntime/);
  });

  it("denies onnxruntime-node's install script, so installing never fetches CUDA libraries", () => {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
      allowScripts?: Record<string, boolean>;
    };
    expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
    // What the denial skips: the script that downloads the CUDA execution provider on linux x64.
    const script = path.join(projectRoot, 'node_modules', 'onnxruntime-node', 'script', 'install-metadata.js');
    if (existsSync(script)) expect(readFileSync(script, 'utf8')).toMatch(/'linux\/x64': \['cuda12'\]/);
  });
});
