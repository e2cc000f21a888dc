// The worker team: a stuck worker is terminated and reported within the time limit, a failing job is reported, and
// the team replaces terminated workers for the next round.
import { afterAll, describe, expect, it } from 'vitest';
import { resultsOrThrow, Team } from '../../src/concurrency/team.js';

describe('Team', () => {
  const team = new Team();
  afterAll(() => team.close());

  it('terminates and reports a worker stuck past the time limit, keeping the others', async () => {
    await team.ensure(2); // thread start-up (loading TypeScript) is not part of the round's time limit
    const t0 = Date.now();
    // 2 s: far beyond what the 1 ms job needs even on a loaded machine, so only the sleeper can miss it.
    const outcomes = await team.round(
      [
        { kind: 'sleep', ms: 60_000 },
        { kind: 'sleep', ms: 1 },
      ],
      { timeoutMs: 2000 },
    );
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(outcomes[0]).toEqual({ worker: 0, ok: false, error: 'no result within 2000 ms', stuck: true });
    expect(outcomes[1]).toEqual({ worker: 1, ok: true, result: null });
    expect(team.terminated).toBe(1);
    expect(() => resultsOrThrow(outcomes, 'sleepers')).toThrow(
      'sleepers: worker 0 was stuck and terminated (no result within 2000 ms)',
    );
  });

  it('a watchdog reason stops the round at once', async () => {
    const t0 = Date.now();
    const outcomes = await team.round([{ kind: 'sleep', ms: 60_000 }], {
      timeoutMs: 60_000,
      watch: () => 'seen enough',
      pollMs: 5,
    });
    expect(outcomes[0]).toMatchObject({ ok: false, stuck: true, error: 'seen enough' });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('reports a failing job without terminating, and replaces terminated workers', async () => {
    const outcomes = await team.round(
      [
        { kind: 'fail', message: 'bad job' },
        { kind: 'sleep', ms: 1 },
      ],
      { timeoutMs: 30_000 },
    );
    expect(outcomes[0]).toEqual({ worker: 0, ok: false, error: 'bad job', stuck: false });
    expect(resultsOrThrow([outcomes[1]], 'x')).toEqual([null]);
    expect(team.terminated).toBe(2);
  });
});
