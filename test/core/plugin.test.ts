// The one plug-in loader: a file outside the project that imports syslab's types and helpers by the package's name
// loads (in a sandbox worker, where plug-ins are always imported); load problems are one line with the compiler's
// own message; values in messages read plainly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePlugin, describeValue, importPlugin, PluginError } from '../../src/core/plugin.js';
import { runSandboxed } from '../../src/core/sandbox.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-plugin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

describe('importPlugin', () => {
  it('loads a file outside the project that imports a syslab helper and a type by the package name', async () => {
    const f = file(
      'seeded.ts',
      `import { createRng } from 'syslab/core';
import type { PolicyDefinition } from 'syslab/cache';
const p: PolicyDefinition = { name: 'n' + createRng(1).int(1000), description: 'x', create: () => ({ access: () => false }) };
export default p;`,
    );
    const { createRng } = await import('../../src/core/rng.js');
    const entry = new URL('./fixtures/plugin-entry.ts', import.meta.url);
    const name = await runSandboxed<string>(entry, { file: f }, { label: 'policy file', callMs: 2000, runMs: 60_000 });
    expect(name).toBe(`n${createRng(1).int(1000)}`);
  });

  it("gives one line with the compiler's message and position for a syntax error", async () => {
    const f = file('bad.ts', 'export default {\n  name: "x",\n  create( ;\n};\n');
    const error = await compilePlugin('policy', f).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginError);
    expect((error as Error).message).toMatch(/^policy file ".*bad\.ts" failed to compile: .*bad\.ts:3:10: Expected/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('names what a file exports when it has no default export, and refuses unknown syslab parts', async () => {
    await expect(
      importPlugin('lock', file('named.ts', 'export class A {}\nexport const b = 1;\n'), 'a class'),
    ).rejects.toThrow(/lock file ".*named\.ts" has no default export \(it exports A, b\); expected a class$/);
    await expect(
      compilePlugin('policy', file('nope.ts', "import x from 'syslab/nope';\nexport default x;\n")),
    ).rejects.toThrow(/"syslab\/nope" is not one of syslab's exports/);
    await expect(compilePlugin('policy', path.join(dir, 'missing.ts'))).rejects.toThrow(/missing\.ts" does not exist$/);
  });
});

describe('describeValue', () => {
  it('shows returned values the way messages quote them', () => {
    expect([{}, { a: 1, b: 2 }, [1, 2], undefined, null, 'x', 3, () => 1].map(describeValue)).toEqual([
      '{}',
      'an object with a, b',
      'an array of 2',
      'undefined',
      'null',
      'a string "x"',
      'number 3',
      'a function',
    ]);
  });
});
