// Runs the ping-pong experiment on two team workers: for each hand-over mode, warm-up rounds then timed rounds of
// `roundTrips` round trips; the ping side times its own loop. Tests: test/concurrency/handoff.test.ts.
import { MessageChannel } from 'node:worker_threads';
import { summarize, type Summary } from '../core/stats.js';
import { createTurnCell, type HandoffMode } from './handoff.js';
import type { Team } from './team.js';

export interface HandoffOptions {
  modes: readonly HandoffMode[];
  roundTrips: number;
  warmup: number;
  repeats: number;
  timeoutMs: number;
  onRound?: () => void;
}

export interface HandoffRow {
  mode: HandoffMode;
  roundTrips: number;
  /** Seconds per round trip (two hand-overs), one sample per timed round. */
  roundTripSeconds: Summary | null;
  note: string;
}

async function handoffRound(
  team: Team,
  mode: HandoffMode,
  roundTrips: number,
  timeoutMs: number,
): Promise<number | string> {
  const cell = createTurnCell();
  const channel = mode === 'message-port' ? new MessageChannel() : undefined;
  const jobs = [
    { kind: 'ping' as const, mode, roundTrips, cell, port: channel?.port1 },
    { kind: 'pong' as const, mode, roundTrips, cell, port: channel?.port2 },
  ];
  const transfer = channel ? [[channel.port1], [channel.port2]] : undefined;
  const outcomes = await team.round<{ seconds: number } | null>(jobs, { timeoutMs, transfer });
  const bad = outcomes.find((o) => !o.ok);
  if (bad && !bad.ok) return `worker ${bad.worker} ${bad.stuck ? 'was stuck and terminated' : 'failed'}: ${bad.error}`;
  const ping = outcomes[0];
  return ping.ok && ping.result ? ping.result.seconds : 'no timing from the ping side';
}

export async function runHandoffExperiment(team: Team, o: HandoffOptions): Promise<HandoffRow[]> {
  const rows: HandoffRow[] = [];
  for (const mode of o.modes) {
    const samples: number[] = [];
    let note = '';
    for (let r = 0; r < o.warmup + o.repeats; r++) {
      const result = await handoffRound(team, mode, o.roundTrips, o.timeoutMs);
      o.onRound?.();
      if (typeof result === 'string') {
        note = result;
        break;
      }
      if (r >= o.warmup) samples.push(result / o.roundTrips);
    }
    rows.push({ mode, roundTrips: o.roundTrips, roundTripSeconds: samples.length ? summarize(samples) : null, note });
  }
  return rows;
}
