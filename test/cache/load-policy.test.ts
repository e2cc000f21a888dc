// --policy-file: a student's policy is loaded, named, and checked; every kind of bad file gets one clear InputError.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { loadPolicyFile } from '../../src/cache/load-policy.js';
import { builtinPolicyNames } from '../../src/cache/policies/index.js';
import { simulate } from '../../src/cache/simulate.js';
import { loopTrace } from '../../src/cache/workloads.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-policy-'));
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

// MRU, as in the handout: evicts the most recently used key.
const MRU = `export default { name: 'mru', description: 'most recently used', create(capacity, { keySpace }) {
  const cached = new Uint8Array(keySpace); let size = 0; let last = -1;
  return { access(key) {
    if (cached[key]) { last = key; return true; }
    if (size === capacity) cached[last] = 0; else size++;
    cached[key] = 1; last = key; return false;
  } };
} };`;

describe('loadPolicyFile', () => {
  it("loads the handout's MRU policy, which hits 4 times on the loop 1..5 twice with 4 slots", async () => {
    const mru = await loadPolicyFile(file('mru.ts', MRU), builtinPolicyNames);
    expect(mru.name).toBe('mru');
    // 1 2 3 4 miss; 5 evicts 4; 1 2 3 hit; 4 evicts 3; 5 hit.
    expect(simulate(mru, 4, loopTrace(5, 2)).hits).toBe(4);
  });

  it('rejects a missing file, a file without a policy export, and one that does not compile', async () => {
    await expect(loadPolicyFile(path.join(dir, 'nope.ts'))).rejects.toThrow(/policy file ".*nope\.ts" does not exist/);
    await expect(loadPolicyFile(file('none.ts', 'export const x = 1;\n'))).rejects.toThrow(
      /must export default \{ name, description, create/,
    );
    const broken = loadPolicyFile(file('broken.ts', 'export default { name: "x", create( ;\n'));
    await expect(broken).rejects.toThrow(InputError);
    // The cause itself, not a loader's "Transform failed with 1 error:" preamble (its wording depends on the loader).
    await expect(loadPolicyFile(file('broken2.ts', 'export default { name: "x", create( ;\n'))).rejects.toThrow(
      /broken2\.ts" failed to load: (?!Transform failed)\S/,
    );
  });

  it("rejects a built-in policy's name", async () => {
    await expect(
      loadPolicyFile(file('lru.ts', MRU.replace("name: 'mru'", "name: 'lru'")), builtinPolicyNames),
    ).rejects.toThrow(/names its policy "lru", which a built-in policy already uses/);
  });

  it('rejects a policy that keeps more keys than its capacity', async () => {
    const hoarder = `export default { name: 'hoard', description: 'never evicts', create(capacity, { keySpace }) {
      const cached = new Uint8Array(keySpace);
      return { access(key) { if (cached[key]) return true; cached[key] = 1; return false; } };
    } };`;
    await expect(loadPolicyFile(file('hoard.ts', hoarder))).rejects.toThrow(
      /policy "hoard" held at least \d+ keys in a cache of 1; it must evict/,
    );
  });
});
