// Lab 02's checks: a ticket lock scores full marks; a lock with a check-then-set race loses the exclusion checks; a
// lock that never wakes its waiters fails every check with a deadline message instead of hanging.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/coursework/check.js';
import { assignment, fixture, scores } from './helpers.js';

describe('lock checks (lab 02)', () => {
  it('the ticket lock (reference solution) scores 100 of 100', async () => {
    const r = await runCheck({ assignment: assignment('02'), file: 'docs/instructors/solutions/02-ticket-lock.ts' });
    expect(scores(r)).toEqual({
      'exclusion-2-workers': 25,
      'exclusion-4-workers': 25,
      'exclusion-8-workers': 25,
      'no-lost-wakeups': 25,
    });
  });

  it('a check-then-set lock loses the three exclusion checks (75 points) and keeps no-lost-wakeups', async () => {
    const r = await runCheck({ assignment: assignment('02'), file: fixture('racy-lock.ts') });
    expect(scores(r)).toEqual({
      'exclusion-2-workers': 0,
      'exclusion-4-workers': 0,
      'exclusion-8-workers': 0,
      'no-lost-wakeups': 25,
    });
    expect(r.tests[0].output).toMatch(/^\d+ of 1000 critical sections found another worker inside \(2 workers\)$/);
  });

  it('a lock that forgets to wake its waiters fails every check, naming lock()', async () => {
    const r = await runCheck({
      assignment: assignment('02', { callTimeout: 1 }),
      file: fixture('lost-wakeup-lock.ts'),
    });
    expect(r.score).toBe(0);
    for (const t of r.tests) expect(t.output).toMatch(/lost-wakeup-lock\.ts": lock\(\) did not return within 1 s/);
  });
});
