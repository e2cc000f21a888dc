// Loads a student's placement policy (--placement-file) into a sandbox worker (placement-worker.ts) and returns a
// PlacementFactory whose policies call it synchronously with a per-call deadline: the NameNode keeps calling
// chooseTargets as it always did, and a loop, a throw or a wrong reply in the student's code is a one-line PluginError
// naming the file and method. Call close() on the factory when the lab is done with it. Tests:
// test/hdfs/placement-file.test.ts.
import { pluginLabel } from '../core/plugin.js';
import { SyncSandbox } from '../core/sandbox.js';
import type { PlacementFactory, PlacementPolicy, PlacementRequest } from './placement.js';

const ENTRY = new URL('./placement-worker.ts', import.meta.url);

/** A factory of sandboxed policies; close() stops the worker; rackAware: the policy declares HDFS's rack rule. */
export type SandboxedPlacement = PlacementFactory & { close(): void; rackAware: boolean };

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
  let rackAware = false;
  const make = (): PlacementPolicy => {
    const created = sandbox.call('create') as { id: number; name: string; rackAware: boolean };
    const { id, name } = created;
    rackAware = created.rackAware;
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
  return Object.assign(make, { close: () => sandbox.close(), rackAware });
}

/**
 * The correctness gate of lab 06: a student policy that declares `rackAware: true` promises HDFS's rack rule, so every
 * block with two or more replicas on a cluster of two or more racks must span at least two racks. One line per
 * broken promise (the first block that breaks it), for LabResult.failed; nothing for a policy that declares nothing.
 */
export function placementFailures(
  file: string,
  rackAware: boolean,
  blocks: readonly { id: number; locations: readonly string[]; racks: readonly string[] }[],
  clusterRacks: number,
): string[] {
  if (!rackAware || clusterRacks < 2) return [];
  const bad = blocks.filter((b) => b.locations.length >= 2 && b.racks.length < 2);
  if (!bad.length) return [];
  const first = bad[0];
  return [
    `placement file "${file}" declares rackAware but put all ${first.locations.length} replicas of blk_${first.id} ` +
      `on ${first.racks[0] ?? 'one rack'} (${bad.length} of ${blocks.length} blocks on one rack)`,
  ];
}

/** Loads the file once more to read what it declares (its rack rule), then stops the worker. */
export async function declaresRackRule(file: string): Promise<boolean> {
  const factory = await loadPlacementFile(file);
  factory.close();
  return factory.rackAware;
}
