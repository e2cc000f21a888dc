// Sandbox entry (src/core/sandbox.ts, serve mode) for a student's placement policy: the NameNode calls chooseTargets
// synchronously, so the lab's process calls these handlers over shared memory with a per-call deadline, and the
// student's code runs only here. create() makes a fresh policy per cluster (a default-exported function is called, a
// plain object is reused); chooseTargets() runs the policy's with a seeded rng made from the seed the parent sends,
// and checks the reply is an array of node names. Tests: test/hdfs/placement-file.test.ts.
import { createRng } from '../core/rng.js';
import { describeValue, errorLine, importPlugin, PluginError, pluginLabel } from '../core/plugin.js';
import type { Guard } from '../core/sandbox.js';
import type { PlacementPolicy, PlacementRequest } from './placement.js';

export const PLACEMENT_EXPECTED =
  'export default an object { name: string, chooseTargets(request): string[] } or a function returning one';

/** A PlacementRequest as it travels: the rng replaced by its seed. */
export type WireRequest = Omit<PlacementRequest, 'rng'> & { rngSeed: number };

export default async function serve(input: { file: string }, guard: Guard) {
  const label = pluginLabel('placement', input.file);
  const exported = await importPlugin('placement', input.file, PLACEMENT_EXPECTED, guard);
  const policies: PlacementPolicy[] = [];
  const make = (): PlacementPolicy => {
    let made: unknown = exported;
    if (typeof exported === 'function') {
      try {
        made = guard.wrap('default export', exported as () => unknown)();
      } catch (error) {
        throw new PluginError(`${label}: calling its default export threw: ${errorLine(error)}`);
      }
    }
    const policy = made as Partial<PlacementPolicy> | null;
    if (typeof policy !== 'object' || policy === null)
      throw new PluginError(`${label}: its default export gave ${describeValue(made)}; ${PLACEMENT_EXPECTED}`);
    if (typeof policy.name !== 'string' || policy.name.trim() === '')
      throw new PluginError(`${label}: the policy has no name; ${PLACEMENT_EXPECTED}`);
    if (typeof policy.chooseTargets !== 'function')
      throw new PluginError(`${label}: policy "${policy.name}" has no chooseTargets function; ${PLACEMENT_EXPECTED}`);
    return policy as PlacementPolicy;
  };
  return {
    create(): { id: number; name: string; rackAware: boolean } {
      const policy = typeof exported === 'function' || policies.length === 0 ? make() : policies[0];
      policies.push(policy);
      const declared = (policy as { rackAware?: unknown }).rackAware === true;
      return { id: policies.length - 1, name: policy.name, rackAware: declared };
    },
    chooseTargets(id: number, wire: WireRequest): string[] {
      const policy = policies[id];
      const { rngSeed, ...rest } = wire;
      const request: PlacementRequest = { ...rest, rng: createRng(rngSeed) };
      let targets: unknown;
      try {
        targets = guard.wrap('chooseTargets', (r: PlacementRequest) => policy.chooseTargets(r))(request);
      } catch (error) {
        throw new PluginError(`${label}: chooseTargets() threw: ${errorLine(error)}`);
      }
      if (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string'))
        throw new PluginError(
          `${label}: chooseTargets() returned ${describeValue(targets)}; expected an array of DataNode names`,
        );
      return targets as string[];
    },
  };
}
