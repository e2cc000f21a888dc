// Lab 01's checks: a plain-loops backend scores full marks; one computing A x B^T loses exactly the numerics points.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { projectRoot } from '../../src/core/paths.js';
import { runCheck } from '../../src/coursework/check.js';
import { assignment, fixture, scores } from './helpers.js';

describe('backend checks (lab 01)', () => {
  it("the handout's js-loops example backend scores 100 of 100", async () => {
    const example = path.join(projectRoot, 'src', 'compute', 'examples', 'js-loops.ts');
    const r = await runCheck({ assignment: assignment('01'), file: example });
    expect(scores(r)).toEqual({ shapes: 20, dtypes: 20, numerics: 60 });
  });

  it('a backend computing A x B^T keeps shapes and dtypes and loses numerics (60)', async () => {
    const r = await runCheck({ assignment: assignment('01'), file: fixture('backend-transposed.ts') });
    expect(scores(r)).toEqual({ shapes: 20, dtypes: 20, numerics: 0 });
    expect(r.tests[2].output).toMatch(/^matmul 8x8: largest \|error\| \d\.\d+ against the float64 reference/);
  });
});
