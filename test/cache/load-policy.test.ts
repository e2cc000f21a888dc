// --policy-file: a student's policy is loaded, named and checked in a sandbox worker; every kind of bad file (missing,
// no default export, syntax error, a built-in's name, over capacity, a loop, a throw, a wrong return) is one clear
// PluginError naming the file and method, never a hang.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { capacityJobs, loadPolicyFile } from '../../src/cache/load-policy.js';
import { distinctKeys } from '../../src/cache/trace.js';
import { builtinPolicies } from '../../src/cache/policies/index.js';

const builtinPolicyNames = Object.keys(builtinPolicies);
import { loopTrace } from '../../src/cache/workloads.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

// MRU, as in the handout: evicts the most recently used key. It imports its type by the package's name.
const MRU = `import type { PolicyDefinition } from 'syslab/cache';
const mru: PolicyDefinition = { name: 'mru', description: 'most recently used', create(capacity, { keySpace }) {
  const cached = new Uint8Array(keySpace); let size = 0; let last = -1;
  return { access(key) {
    if (cached[key]) { last = key; return true; }
    if (size === capacity) cached[last] = 0; else size++;
    cached[key] = 1; last = key; return false;
  } };
} };
export default mru;`;

const policy = (name: string, access: string) =>
  `export default { name: '${name}', description: 'x', create() { return { access(key) { ${access} } }; } };`;

describe('loadPolicyFile', () => {
  it("loads the handout's MRU policy from outside the project; it hits 4 times on the loop 1..5 twice with 4 slots", async () => {
    const mru = await loadPolicyFile(file('mru.ts', MRU), builtinPolicyNames);
    expect(mru.name).toBe('mru');
    // 1 2 3 4 miss; 5 evicts 4; 1 2 3 hit; 4 evicts 3; 5 hit.
    const [result] = await mru.simulate([{ trace: loopTrace(5, 2), capacity: 4 }], 1);
    expect(result).toEqual({ requests: 10, hits: 4, hitRate: 0.4 });
  });

  it('rejects a missing file, a file without a default export, and one that does not compile', async () => {
    await expect(loadPolicyFile(path.join(dir, 'nope.ts'))).rejects.toThrow(/policy file ".*nope\.ts" does not exist/);
    await expect(loadPolicyFile(file('none.ts', 'export const x = 1;\n'))).rejects.toThrow(
      /has no default export \(it exports x\); expected export default \{ name, description, create/,
    );
    const broken = loadPolicyFile(file('broken.ts', 'export default { name: "x", create( ;\n'));
    await expect(broken).rejects.toThrow(InputError);
    // The compiler's own message and position, not a loader's "Transform failed with 1 error:" preamble.
    await expect(broken).rejects.toThrow(/broken\.ts" failed to compile: \S*broken\.ts:1:36: Expected identifier/);
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
    // A policy that never evicts holds every distinct key of the check's trace at capacity 1.
    const held = distinctKeys(capacityJobs()[0].trace);
    await expect(loadPolicyFile(file('hoard.ts', hoarder))).rejects.toThrow(
      new RegExp(`policy "hoard" held at least ${held} keys in a cache of 1; it must evict`),
    );
  });

  it('stops an access() that loops, and a top level that loops, naming the file and the method', async () => {
    const limits = { callMs: 300, loadMs: 2000 };
    await expect(loadPolicyFile(file('spin.ts', policy('spin', 'for (;;) {}')), [], limits)).rejects.toThrow(
      /^policy file ".*spin\.ts": access\(\) did not return within 300 ms; is there an endless loop\?$/,
    );
    await expect(loadPolicyFile(file('top.ts', 'for (;;) {}\nexport default {};'), [], limits)).rejects.toThrow(
      /top\.ts": its top level did not finish within 2 s/,
    );
  });

  it('names the method of a policy that throws or returns {}', async () => {
    await expect(loadPolicyFile(file('throws.ts', policy('t', 'throw new Error("boom");')))).rejects.toThrow(
      /throws\.ts": access\(\d+\) threw: boom$/,
    );
    await expect(loadPolicyFile(file('obj.ts', policy('o', 'return {};')))).rejects.toThrow(
      /obj\.ts": access\(\d+\) returned \{\}; expected true \(a hit\) or false$/,
    );
    await expect(
      loadPolicyFile(file('nocache.ts', `export default { name: 'n', description: 'x', create() { return {}; } };`)),
    ).rejects.toThrow(/nocache\.ts": create\(\) returned \{\}; expected an object with access\(key\)/);
  });
});
