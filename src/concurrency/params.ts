// Lab 02's parameters, declared once: --help, validation and the report's params block come from here. Read by
// labs/02-threads.ts and src/concurrency/experiment.ts. Tests: test/concurrency/lab.test.ts.
import os from 'node:os';
import { p, type ParamValues } from '../core/params.js';
import { BANK_STRATEGIES } from './bank.js';
import { COUNTER_STRATEGIES } from './counter.js';
import { HANDOFF_MODES } from './handoff.js';

export const PARTS = ['counter', 'bank', 'handoff', 'pool'] as const;
const cores = os.availableParallelism();
const upToTwiceCores = Array.from({ length: 2 * cores }, (_, i) => i + 1);

export const threadsParams = {
  parts: p.enumList({ values: PARTS, default: [...PARTS], description: 'experiments to run' }),
  workers: p.intList({
    default: [1, 2, 4, 8],
    quick: [1, 2, 4],
    min: 1,
    max: 64,
    description: 'worker threads sharing the counter',
  }),
  increments: p.int({
    default: 1_000_000,
    quick: 100_000,
    min: 1,
    max: 100_000_000,
    description: 'increments per worker',
  }),
  strategies: p.enumList({
    values: COUNTER_STRATEGIES,
    default: [...COUNTER_STRATEGIES],
    description: 'counter strategies',
  }),
  repeats: p.int({
    default: 5,
    quick: 3,
    min: 1,
    max: 1000,
    description: 'timed rounds per configuration (after one warm-up round)',
  }),
  lockFile: p.path({
    description:
      'your own lock: a .ts file whose default export is a class implementing Lock (see the handout); ' +
      'replaces the built-in mutex',
  }),
  bankWorkers: p.intList({
    default: [2, 4],
    quick: [2],
    min: 1,
    max: 64,
    description: 'worker threads doing transfers',
  }),
  bankStrategies: p.enumList({
    values: BANK_STRATEGIES,
    default: [...BANK_STRATEGIES],
    description: 'how transfers are protected',
  }),
  accounts: p.int({ default: 8, min: 2, max: 100_000, description: 'bank accounts' }),
  transfers: p.int({
    default: 100_000,
    quick: 10_000,
    min: 1,
    max: 100_000_000,
    description: 'transfers per worker and run',
  }),
  holdSpins: p.int({
    default: 20,
    min: 0,
    max: 10_000_000,
    description: 'busy-work iterations inside each transfer (a longer critical section)',
  }),
  bankRuns: p.int({
    default: 5,
    quick: 2,
    min: 1,
    max: 1000,
    description: 'runs per bank strategy (deadlocks are counted over these)',
  }),
  roundTrips: p.int({
    default: 20_000,
    quick: 1_000,
    min: 1,
    max: 100_000_000,
    description: 'ping-pong round trips per timed round',
  }),
  handoffModes: p.enumList({
    values: HANDOFF_MODES,
    default: [...HANDOFF_MODES],
    description: 'hand-over mechanisms',
  }),
  threads: p.intList({
    default: upToTwiceCores,
    quick: [...new Set([1, cores, 2 * cores])],
    min: 1,
    max: 256,
    description: 'pool thread counts to try; the default runs 1 to twice the cores',
  }),
  primesUpTo: p.int({
    default: 5_000_000,
    quick: 500_000,
    min: 1000,
    max: 2_000_000_000,
    description: 'the pool counts the primes below this',
  }),
  chunks: p.int({
    default: 64,
    min: 1,
    max: 1_000_000,
    description: 'tasks the prime count is cut into for the scaling runs',
  }),
  tinySize: p.int({ default: 500, min: 1, max: 100_000_000, description: 'numbers per task in the tiny-task runs' }),
  batchSize: p.int({
    default: 50,
    min: 1,
    max: 1_000_000,
    description: 'tiny ranges per message in the batched runs',
  }),
  timeout: p.number({
    default: 60,
    quick: 20,
    min: 0.1,
    max: 3600,
    description: 'seconds any one round may take before its workers are terminated and reported',
  }),
};

export type ThreadsParams = ParamValues<typeof threadsParams>;
