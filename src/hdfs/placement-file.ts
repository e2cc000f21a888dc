// Loads a student's placement policy (--placement-file) into a sandbox worker (placement-worker.ts) and returns a
// PlacementFactory whose policies call it synchronously with a per-call deadline: the NameNode keeps calling
// chooseTargets as it always did, and a loop, a throw or a wrong reply in the student's code is a one-line PluginError
// naming the file and method. Call close() on the factory when the lab is done with it. Tests:
// test/hdfs/placement-file.test.ts.
import { pluginLabel } from '../core/plugin.js';
import { SyncSandbox } from '../core/sandbox.js';
import type { PlacementFactory, PlacementPolicy, PlacementRequest } from './placement.js';

const ENTRY = new URL('./placement-worker.ts', import.meta.url);

/** A factory of sandboxed policies; close() stops the worker. */
export type SandboxedPlacement = PlacementFactory & { close(): void };

export interface PlacementLimits {
  /** The longest one chooseTargets call may take (default 2 s). */
  callMs?: number;
  /** The longest loading the file may take (default 60 s). */
  loadMs?: number;
}

/** Starts the worker, checks the policy once (it loads and makes a named policy), and returns the factory. */
export async function loadPlacementFile(file: string, limits: PlacementLimits = {}): Promise<SandboxedPlacement> {
  const sandbox = await SyncSandbox.start(
    ENTRY,
    { file },
    { label: pluginLabel('placement', file), callMs: limits.callMs ?? 2000, runMs: limits.loadMs ?? 60_000 },
  );
  const make = (): PlacementPolicy => {
    const { id, name } = sandbox.call('create') as { id: number; name: string };
    return {
      name,
      chooseTargets(request: PlacementRequest): string[] {
        const { rng, ...rest } = request;
        return sandbox.call('chooseTargets', id, { ...rest, rngSeed: rng.int(2 ** 31) }) as string[];
      },
    };
  };
  try {
    make(); // validate now, before any work starts
  } catch (error) {
    sandbox.close();
    throw error;
  }
  return Object.assign(make, { close: () => sandbox.close() });
}
