// Runs the ping-pong experiment on two team workers: for each hand-over mode, warm-up rounds then timed rounds of
// `roundTrips` round trips (scheduled by the core timing engine through rounds.ts); the ping side times its own loop.
// Tests: test/concurrency/handoff.test.ts.
import { MessageChannel } from 'node:worker_threads';
import type { Progress } from '../core/progress.js';
import { summarize, type Summary } from '../core/stats.js';
import { createTurnCell, type HandoffMode } from './handoff.js';
import { RoundFailed, timedRounds } from './rounds.js';
import type { Team } from './team.js';

export interface HandoffOptions {
  modes: readonly HandoffMode[];
  roundTrips: number;
  warmup: number;
  repeats: number;
  timeoutMs: number;
  /** Opens a progress bar; the experiment gives it the number of rounds it will run. */
  progress?: (label: string, total: number) => Progress;
}

export type HandoffRow = {
  mode: HandoffMode;
  roundTrips: number;
  /** Seconds per round trip (two hand-overs), one sample per timed round. */
  roundTripSeconds: Summary | null;
  note: string;
};

/** One round of `roundTrips` round trips; the ping side's seconds for all of them, or RoundFailed. */
async function handoffRound(team: Team, mode: HandoffMode, roundTrips: number, timeoutMs: number): Promise<number> {
  const cell = createTurnCell();
  const channel = mode === 'message-port' ? new MessageChannel() : undefined;
  const jobs = [
    { kind: 'ping' as const, mode, roundTrips, cell, port: channel?.port1 },
    { kind: 'pong' as const, mode, roundTrips, cell, port: channel?.port2 },
  ];
  const transfer = channel ? [[channel.port1], [channel.port2]] : undefined;
  const outcomes = await team.round<{ seconds: number } | null>(jobs, { timeoutMs, transfer });
  for (const o of outcomes) {
    if (!o.ok)
      throw new RoundFailed(`worker ${o.worker} ${o.stuck ? 'was stuck and terminated' : 'failed'}: ${o.error}`);
  }
  const ping = outcomes[0];
  if (!ping?.ok || !ping.result) throw new RoundFailed('no timing from the ping side');
  return ping.result.seconds;
}

export async function runHandoffExperiment(team: Team, o: HandoffOptions): Promise<HandoffRow[]> {
  const bar = o.progress?.('handoff', o.modes.length * (o.warmup + o.repeats));
  const rows: HandoffRow[] = [];
  for (const mode of o.modes) {
    const { timed, failure } = await timedRounds(() => handoffRound(team, mode, o.roundTrips, o.timeoutMs), {
      warmup: o.warmup,
      repeats: o.repeats,
      after: () => bar?.tick(),
    });
    const samples = timed.map((seconds) => seconds / o.roundTrips);
    rows.push({
      mode,
      roundTrips: o.roundTrips,
      roundTripSeconds: samples.length ? summarize(samples) : null,
      note: failure,
    });
  }
  bar?.done();
  return rows;
}
