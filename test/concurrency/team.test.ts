// The worker team: a stuck worker is terminated and reported within the time limit, a failing job is reported, and
// the team replaces terminated workers for the next round. Each test starts and closes its own team.
import { describe, expect, it } from 'vitest';
import { resultsOrThrow, Team } from '../../src/concurrency/team.js';

/** Runs `body` with a fresh team and always closes it. */
async function withTeam(body: (team: Team) => Promise<void>): Promise<void> {
  const team = new Team();
  try {
    await body(team);
  } finally {
    await team.close();
  }
}

describe('Team', () => {
  it('terminates and reports a worker stuck past the time limit, keeping the others', () =>
    withTeam(async (team) => {
      await team.ensure(2); // thread start-up (loading TypeScript) is not part of the round's time limit
      // 2 s: far beyond what the 1 ms job needs even on a loaded machine, so only the sleeper can miss it.
      const outcomes = await team.round(
        [
          { kind: 'sleep', ms: 60_000 },
          { kind: 'sleep', ms: 1 },
        ],
        { timeoutMs: 2000 },
      );
      expect(outcomes[0]).toEqual({ worker: 0, ok: false, error: 'no result within 2000 ms', stuck: true });
      expect(outcomes[1]).toEqual({ worker: 1, ok: true, result: null });
      expect(team.terminated).toBe(1);
      expect(() => resultsOrThrow(outcomes, 'sleepers')).toThrow(
        'sleepers: worker 0 was stuck and terminated (no result within 2000 ms)',
      );
    }));

  it('a watchdog reason stops the round at once, long before its time limit', () =>
    withTeam(async (team) => {
      const outcomes = await team.round([{ kind: 'sleep', ms: 60_000 }], {
        timeoutMs: 60_000,
        watch: () => 'seen enough',
        pollMs: 5,
      });
      // A 60 s time limit: the round can only have ended this way through the watchdog.
      expect(outcomes[0]).toEqual({ worker: 0, ok: false, error: 'seen enough', stuck: true });
      expect(team.terminated).toBe(1);
    }));

  it('reports a failing job without terminating its worker', () =>
    withTeam(async (team) => {
      const outcomes = await team.round(
        [
          { kind: 'fail', message: 'bad job' },
          { kind: 'sleep', ms: 1 },
        ],
        { timeoutMs: 30_000 },
      );
      expect(outcomes[0]).toEqual({ worker: 0, ok: false, error: 'bad job', stuck: false });
      expect(resultsOrThrow([outcomes[1]], 'x')).toEqual([null]);
      expect(team.terminated).toBe(0);
    }));

  it('replaces a terminated worker for the next round', () =>
    withTeam(async (team) => {
      await team.round([{ kind: 'sleep', ms: 60_000 }], { timeoutMs: 500 });
      expect(team.terminated).toBe(1);
      const next = await team.round([{ kind: 'sleep', ms: 1 }], { timeoutMs: 30_000 });
      expect(next).toEqual([{ worker: 0, ok: true, result: null }]);
      expect(team.terminated).toBe(1);
    }));
});
