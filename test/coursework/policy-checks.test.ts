// Lab 03's checks: a correct MRU scores full marks; an MRU holding one key too many and one that loops forever lose
// exactly the points of the checks they break, each with a message, and nothing hangs.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/coursework/check.js';
import { assignment, fixture, scores, MRU_SOLUTION } from './helpers.js';

describe('policy checks (lab 03)', () => {
  it('a correct MRU (the reference solution copied by a student) scores 100 of 100', async () => {
    const r = await runCheck({ assignment: assignment('03'), file: MRU_SOLUTION });
    expect(r.score).toBe(100);
    expect(r.tests.every((t) => t.status === 'passed')).toBe(true);
  });

  it('an MRU holding capacity + 1 keys loses capacity (25) and worked-traces (25) only', async () => {
    const r = await runCheck({ assignment: assignment('03'), file: fixture('mru-over-capacity.ts') });
    expect(scores(r)).toEqual({
      capacity: 0,
      'worked-traces': 0,
      'never-beats-opt': 15,
      deterministic: 10,
      'hidden-trace': 25,
    });
    expect(r.tests[0].output).toMatch(/^held at least (\d+) keys in a cache of \d+/);
    // The loop 1..5 twice with 5 slots in effect: 1..4 miss, 5 is admitted, then 1..5 hit.
    expect(r.tests[1].output).toBe('"the loop 1..5 twice, 4 slots": 5 hits, expected 4');
  });

  it('an MRU whose access() loops once the cache is full fails every check with the deadline message', async () => {
    const r = await runCheck({ assignment: assignment('03', { callTimeout: 0.3 }), file: fixture('mru-loops.ts') });
    expect(r.score).toBe(0);
    for (const t of r.tests)
      expect(t.output).toMatch(/mru-loops\.ts": access\(\) did not return within 300 ms; is there an endless loop\?$/);
  });
});
