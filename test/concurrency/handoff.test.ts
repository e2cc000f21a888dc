// Ping-pong between two worker threads: every mode completes its round trips; a missing partner times out, not hangs.
import { afterAll, describe, expect, it } from 'vitest';
import { createTurnCell, HANDOFF_MODES, pingShared } from '../../src/concurrency/handoff.js';
import { runHandoffExperiment } from '../../src/concurrency/handoff-experiment.js';
import { Team } from '../../src/concurrency/team.js';

describe('handoff', () => {
  const team = new Team();
  afterAll(() => team.close());

  it('every mode completes its round trips with one timing per timed round', async () => {
    const rows = await runHandoffExperiment(team, {
      modes: HANDOFF_MODES,
      roundTrips: 200,
      warmup: 1,
      repeats: 2,
      timeoutMs: 30_000,
    });
    expect(rows.map((r) => r.mode)).toEqual([...HANDOFF_MODES]);
    for (const row of rows) {
      expect(row.note).toBe('');
      expect(row.roundTrips).toBe(200);
      expect(row.roundTripSeconds!.n).toBe(2);
      expect(row.roundTripSeconds!.median).toBeGreaterThan(0);
    }
  });

  it('a ping with nobody answering throws after its time limit', () => {
    // Nobody answers, so only the time limit can end the ping (a hang would hit the test's own timeout).
    for (const spin of [false, true]) {
      expect(() => pingShared(createTurnCell(), 10, spin, 100)).toThrow('did not come back');
    }
  });
});
