// Scoring outcomes with points (Gradescope's format) and running a check list whose worker dies part-way.
import { describe, expect, it } from 'vitest';
import { PluginError } from '../../src/core/plugin.js';
import { resultsTable, runCheckList, score, type CheckOutcome } from '../../src/coursework/checks.js';

describe('score', () => {
  it("gives a passed check its points, a failed one 0, and totals both in Gradescope's format", () => {
    const r = score(
      [
        { name: 'a', passed: true, output: 'fine' },
        { name: 'b', passed: false, output: 'broken' },
      ],
      { a: 25, b: 12.5 },
    );
    expect(r).toEqual({
      score: 25,
      max_score: 37.5,
      tests: [
        { name: 'a', score: 25, max_score: 25, status: 'passed', output: 'fine' },
        { name: 'b', score: 0, max_score: 12.5, status: 'failed', output: 'broken' },
      ],
    });
    expect(resultsTable(r).split('\n')).toEqual([
      'PASS  a         25 / 25     fine',
      'FAIL  b          0 / 12.5   broken',
      'total 25 / 37.5',
    ]);
  });
});

describe('runCheckList', () => {
  it('fails the check a worker died in, with its message, and runs the rest in a fresh call', async () => {
    const calls: string[][] = [];
    const outcomes = await runCheckList(['one', 'two', 'three'], async (names, report) => {
      calls.push([...names]);
      for (const name of names) {
        if (name === 'two') throw new PluginError('policy file "p.ts": access() did not return within 2 s');
        report({ name, passed: true, output: 'ok' } satisfies CheckOutcome);
      }
      return Promise.resolve();
    });
    expect(calls).toEqual([['one', 'two', 'three'], ['three']]);
    expect(outcomes).toEqual([
      { name: 'one', passed: true, output: 'ok' },
      { name: 'two', passed: false, output: 'policy file "p.ts": access() did not return within 2 s' },
      { name: 'three', passed: true, output: 'ok' },
    ]);
  });

  it('rethrows an error that is not the plug-in’s fault', async () => {
    await expect(runCheckList(['x'], () => Promise.reject(new Error('bug in the checker')))).rejects.toThrow(
      'bug in the checker',
    );
  });
});
