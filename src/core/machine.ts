// What machine a report was measured on: CPU model, cores, memory, Node and the versions of the libraries used.
// Tests: test/core/lab.test.ts.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './paths.js';

export interface MachineInfo {
  hostname: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cpuCount: number;
  memoryBytes: number;
  node: string;
  libraries: Record<string, string>;
}

/** The installed version of an npm package, read from its package.json; "not installed" when absent. */
export function libraryVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

export function machineInfo(libraries: readonly string[] = []): MachineInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: os.availableParallelism?.() ?? cpus.length,
    memoryBytes: os.totalmem(),
    node: process.version,
    libraries: Object.fromEntries(libraries.map((name) => [name, libraryVersion(name)])),
  };
}
