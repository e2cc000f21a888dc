// Lab 02: threads, races and locks. Worker threads share memory (SharedArrayBuffer) and race on a counter and on
// bank accounts, a handmade Atomics mutex and lock ordering fix the races, two threads hand a turn back and forth,
// and a piscina pool shows how far CPU-bound work speeds up with threads. Logic: src/concurrency/.
// Handout: labs/02-threads.md. Tests: test/concurrency/.
import os from 'node:os';
import {
  barChart,
  defineLab,
  formatNumber,
  formatSeconds,
  InputError,
  lineChart,
  p,
  pct,
  runIfMain,
  table,
  vegaLite,
  type ChartSpec,
  type Row,
} from '../src/core/index.js';
import { BANK_STRATEGIES } from '../src/concurrency/bank.js';
import { runBankExperiment, type BankRow } from '../src/concurrency/bank-experiment.js';
import { COUNTER_STRATEGIES } from '../src/concurrency/counter.js';
import { runCounterExperiment, type CounterRow } from '../src/concurrency/counter-experiment.js';
import { HANDOFF_MODES } from '../src/concurrency/handoff.js';
import { runHandoffExperiment, type HandoffRow } from '../src/concurrency/handoff-experiment.js';
import { amdahlSpeedup } from '../src/concurrency/amdahl.js';
import { checkExclusion, type ExclusionResult } from '../src/concurrency/lock-check.js';
import { importLockClass, lockFileUrl } from '../src/concurrency/lock-file.js';
import { runPoolExperiment, type PoolResult } from '../src/concurrency/pool-experiment.js';
import { Team } from '../src/concurrency/team.js';
import { TimeoutError } from '../src/concurrency/ts-worker.js';

const PARTS = ['counter', 'bank', 'handoff', 'pool'] as const;
const cores = os.availableParallelism();
const upToTwiceCores = Array.from({ length: 2 * cores }, (_, i) => i + 1);

const lab = defineLab({
  id: '02',
  slug: 'threads',
  title: 'Threads, races and locks',
  summary:
    'lost updates on shared memory, what atomics, a handmade mutex and lock ordering cost, deadlock, and thread-pool speedup (Amdahl)',
  libraries: ['piscina', 'tsx'],
  params: {
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
        'your own lock: a .ts file whose default export is a class implementing Lock (see the handout); replaces the built-in mutex',
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
  },
  async run(ctx) {
    const o = ctx.params;
    const timeoutMs = Math.round(o.timeout * 1000);
    for (const w of o.workers) {
      if (w * o.increments > 2 ** 31 - 1) {
        throw new InputError(
          `--workers ${w} x --increments ${o.increments} = ${w * o.increments} does not fit the shared Int32 counter; allowed: a product up to ${2 ** 31 - 1}`,
        );
      }
    }
    let lockUrl: string | undefined;
    if (o.lockFile !== undefined) {
      try {
        await importLockClass(o.lockFile);
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      lockUrl = lockFileUrl(o.lockFile);
    }
    const lockName = o.lockFile ? `your lock (${o.lockFile})` : 'built-in Mutex (Atomics, spin then park)';
    const parts = new Set(o.parts);
    const team = new Team();
    let counterRows: CounterRow[] = [];
    let bankRows: BankRow[] = [];
    let handoffRows: HandoffRow[] = [];
    let pool: PoolResult | undefined;
    let exclusion: ExclusionResult | undefined;
    let poolFailure: string | undefined;
    const started = Date.now();
    let mark = started;
    const lap = (what: string) => {
      const now = Date.now();
      ctx.log(`${what} took ${((now - mark) / 1000).toFixed(1)} s`);
      mark = now;
    };
    try {
      await team.ensure(
        Math.max(
          parts.has('counter') ? Math.max(...o.workers) : 0,
          parts.has('bank') ? Math.max(...o.bankWorkers) : 0,
          parts.has('handoff') ? 2 : 0,
        ),
      );
      lap('starting worker threads');
      if (parts.has('counter')) {
        const rounds = o.workers.length * o.strategies.length * (1 + o.repeats);
        const bar = ctx.progress('counter', rounds);
        ctx.log(
          `counter: ${o.workers.join(',')} workers x ${o.strategies.length} strategies, ${formatNumber(o.increments)} increments each`,
        );
        counterRows = await runCounterExperiment(team, {
          ...o,
          warmup: 1,
          lockUrl,
          timeoutMs,
          onRound: () => bar.tick(),
        });
        bar.done();
        exclusion = await checkExclusion(
          team,
          Math.max(2, ...o.workers.filter((w) => w <= 4)),
          ctx.quick ? 20_000 : 200_000,
          lockUrl,
          timeoutMs,
        );
        lap('counter');
      }
      if (parts.has('bank')) {
        const bar = ctx.progress('bank', o.bankWorkers.length * o.bankStrategies.length * o.bankRuns);
        ctx.log(`bank: ${o.accounts} accounts, ${o.bankWorkers.join(',')} workers, ${o.bankRuns} runs per strategy`);
        bankRows = await runBankExperiment(team, {
          workers: o.bankWorkers,
          strategies: o.bankStrategies,
          accounts: o.accounts,
          initialBalance: 1000,
          transfers: o.transfers,
          maxAmount: 100,
          holdSpins: o.holdSpins,
          runs: o.bankRuns,
          seed: ctx.rng.int(2 ** 30),
          lockUrl,
          timeoutMs,
          onRun: () => bar.tick(),
        });
        bar.done();
        lap('bank');
      }
      if (parts.has('handoff')) {
        const modes = cores < 2 ? o.handoffModes.filter((m) => m !== 'atomics-spin') : o.handoffModes;
        if (modes.length < o.handoffModes.length) ctx.log('handoff: atomics-spin skipped, it needs two cores');
        const bar = ctx.progress('handoff', modes.length * (1 + o.repeats));
        handoffRows = await runHandoffExperiment(team, {
          modes,
          roundTrips: o.roundTrips,
          warmup: 1,
          repeats: o.repeats,
          timeoutMs,
          onRound: () => bar.tick(),
        });
        bar.done();
        lap('handoff');
      }
    } finally {
      await team.close();
    }
    if (parts.has('pool')) {
      const rounds = (new Set([1, ...o.threads]).size + 3) * (1 + o.repeats);
      const bar = ctx.progress('pool', rounds);
      ctx.log(`pool: primes below ${formatNumber(o.primesUpTo)} with ${o.threads.join(',')} threads`);
      try {
        pool = await runPoolExperiment(
          {
            threads: o.threads,
            upTo: o.primesUpTo,
            chunks: o.chunks,
            tinySize: o.tinySize,
            batchSize: o.batchSize,
            granularityThreads: cores,
            warmup: 1,
            repeats: o.repeats,
            timeoutMs,
            onRound: () => bar.tick(),
          },
          cores,
        );
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        poolFailure = `${error.message}; the pool's threads were terminated`;
      }
      bar.done();
      lap('pool');
    }
    ctx.log(
      `experiments took ${((Date.now() - started) / 1000).toFixed(1)} s; ${team.terminated} stuck worker(s) terminated`,
    );
    return report({
      counterRows,
      bankRows,
      handoffRows,
      pool,
      poolFailure,
      exclusion,
      lockName,
      terminated: team.terminated,
      accounts: o.accounts,
    });
  },
});

interface Results {
  counterRows: CounterRow[];
  bankRows: BankRow[];
  handoffRows: HandoffRow[];
  pool: PoolResult | undefined;
  poolFailure: string | undefined;
  exclusion: ExclusionResult | undefined;
  lockName: string;
  terminated: number;
  accounts: number;
}

const rowsOf = <T extends object>(items: T[]): Row[] => items as unknown as Row[];

type Options = Record<string, unknown>;

/** Merges Vega-Lite axis and scale options into the x channel of a chart from lineChart() or barChart(). */
function tuneX(chart: ChartSpec, { axis, scale }: { axis?: Options; scale?: Options }): ChartSpec {
  const x = (chart.spec.encoding as { x: { axis?: Options; scale?: Options } }).x;
  if (axis) x.axis = { ...x.axis, ...axis };
  if (scale) x.scale = { ...x.scale, ...scale };
  return chart;
}

/** Measured speedup drawn solid on top of the two models (ideal, Amdahl) drawn dashed, ticks at the thread counts. */
function poolSpeedupChart(pool: PoolResult): ChartSpec {
  const f = pool.serialFraction;
  const measured = 'measured';
  const ideal = `ideal on ${pool.cores} cores`;
  const amdahl = f === undefined ? undefined : `Amdahl, serial ${pct(f)}`;
  const values = pool.scaling.flatMap((x) => [
    { threads: x.threads, speedup: x.speedup, series: measured },
    { threads: x.threads, speedup: Math.min(x.threads, pool.cores), series: ideal },
    ...(amdahl === undefined ? [] : [{ threads: x.threads, speedup: amdahlSpeedup(f!, x.threads), series: amdahl }]),
  ]);
  return vegaLite({
    name: 'pool-speedup',
    title: 'Pool speedup versus threads',
    spec: {
      width: 480,
      height: 280,
      data: { values },
      encoding: {
        x: {
          field: 'threads',
          type: 'quantitative',
          title: 'threads',
          axis: { values: pool.scaling.map((x) => x.threads), format: 'd' },
        },
        y: { field: 'speedup', type: 'quantitative', title: 'speedup over 1 thread' },
        color: { field: 'series', type: 'nominal', title: null, sort: [measured, ideal, amdahl].filter(Boolean) },
        tooltip: [{ field: 'series' }, { field: 'threads' }, { field: 'speedup', format: '.2f' }],
      },
      layer: [
        { transform: [{ filter: `datum.series !== '${measured}'` }], mark: { type: 'line', strokeDash: [6, 4] } },
        {
          transform: [{ filter: `datum.series === '${measured}'` }],
          mark: { type: 'line', point: true, strokeWidth: 3 },
        },
      ],
    },
  });
}

function report(r: Results) {
  const tables: Record<string, ReturnType<typeof table>> = {};
  const charts = [];
  if (r.counterRows.length) {
    tables.counter = table({
      title: 'Shared counter: W workers each add 1 to one Int32, K times',
      description: `Observed and lost are medians over the timed rounds; seconds run from the first worker's start to the last one's end (timed inside the workers, after a shared start barrier). Lock: ${r.lockName}.`,
      keys: ['workers', 'strategy'],
      metrics: {
        expected: { unit: 'count' },
        observed: { unit: 'count' },
        lost: { unit: 'count', better: 'lower' },
        lostShare: { unit: 'ratio', better: 'lower' },
        worstLost: { unit: 'count', better: 'lower', description: 'largest loss in any timed round' },
        seconds: { unit: 's', better: 'lower' },
        incrementsPerSecond: { unit: '1/s', better: 'higher' },
        overlap: {
          unit: 'x',
          description: 'busy time of all workers / elapsed: 1 = one after another, W = all at once',
        },
      },
      columns: ['note'],
      rows: rowsOf(r.counterRows),
    });
    const workerCounts = [...new Set(r.counterRows.map((x) => x.workers))];
    charts.push(
      tuneX(
        lineChart({
          name: 'counter-seconds',
          title: 'Shared counter: time for W x K increments',
          xTitle: 'workers (log)',
          yTitle: 'seconds (median, log)',
          xScale: 'log',
          yScale: 'log',
          rows: r.counterRows
            .filter((x) => x.seconds)
            .map((x) => ({ workers: x.workers, strategy: x.strategy, seconds: x.seconds!.median })),
          x: 'workers',
          y: 'seconds',
          color: 'strategy',
        }),
        { axis: { values: workerCounts, format: 'd' }, scale: { nice: false } },
      ),
    );
  }
  if (r.exclusion) {
    tables.lockCheck = table({
      title: 'Mutual exclusion check of the lock in use',
      description:
        'Workers take the lock repeatedly; inside, an occupancy counter must be 0 on entry. A violation means two threads were inside at once.',
      keys: ['lock'],
      metrics: {
        workers: { unit: 'count' },
        criticalSections: { unit: 'count' },
        violations: { unit: 'count', better: 'lower' },
      },
      columns: ['note'],
      rows: [
        {
          lock: r.lockName,
          workers: r.exclusion.workers,
          criticalSections: r.exclusion.iterations,
          violations: r.exclusion.violations,
          note: r.exclusion.note,
        },
      ],
    });
  }
  if (r.bankRows.length) {
    tables.bank = table({
      title: `Bank: random transfers between ${r.accounts} accounts in shared memory`,
      description:
        'Drift is final total minus initial total (0 = no money created or lost), median and worst over completed runs. A run is deadlocked when the same cycle of workers, each waiting for an account lock the next one holds, is seen twice with no progress; its workers are then terminated.',
      keys: ['workers', 'strategy'],
      metrics: {
        transfers: { unit: 'count' },
        runs: { unit: 'count' },
        completed: { unit: 'count' },
        deadlocked: { unit: 'count', better: 'lower' },
        timedOut: { unit: 'count', better: 'lower' },
        drift: { unit: 'money', description: 'median final total - initial total; 0 is right, either sign is wrong' },
        worstDrift: { unit: 'money', description: 'the drift farthest from 0 in any completed run' },
        seconds: { unit: 's', better: 'lower' },
        transfersPerSecond: { unit: '1/s', better: 'higher' },
      },
      columns: ['note'],
      rows: rowsOf(r.bankRows),
    });
  }
  if (r.handoffRows.length) {
    tables.handoff = table({
      title: 'Hand-over latency between two worker threads (ping-pong)',
      description:
        "Seconds per round trip (two hand-overs): median over timed rounds, each the ping side's own time for all its round trips divided by their number.",
      keys: ['mode'],
      metrics: { roundTrips: { unit: 'count' }, roundTripSeconds: { unit: 's', better: 'lower' } },
      columns: ['note'],
      rows: rowsOf(r.handoffRows),
    });
    charts.push(
      tuneX(
        barChart({
          name: 'handoff',
          title: 'Round-trip time between two threads',
          yScale: 'log',
          xTitle: 'mechanism',
          yTitle: 'microseconds per round trip (median, log)',
          rows: r.handoffRows
            .filter((x) => x.roundTripSeconds)
            .map((x) => ({ mode: x.mode, microseconds: x.roundTripSeconds!.median * 1e6 })),
          x: 'mode',
          y: 'microseconds',
        }),
        { axis: { labelAngle: 0 } },
      ),
    );
  }
  if (r.pool) {
    const f = r.pool.serialFraction;
    tables.pool = table({
      title: `Thread pool (piscina): counting primes with 1 to ${Math.max(...r.pool.scaling.map((x) => x.threads))} threads on ${r.pool.cores} cores`,
      description: `One pool; a run with n threads keeps n tasks in flight. Speedup = 1-thread seconds / n-thread seconds; efficiency = speedup / n; Karp-Flatt = the serial fraction this one speedup implies. amdahlSpeedup is Amdahl's law with the serial fraction fitted over n <= ${r.pool.cores} (${f === undefined ? 'not fitted' : pct(f)}).`,
      keys: ['threads'],
      metrics: {
        tasks: { unit: 'count' },
        primes: { unit: 'count' },
        seconds: { unit: 's', better: 'lower' },
        speedup: { unit: 'x', better: 'higher' },
        efficiency: { unit: 'ratio', better: 'higher' },
        karpFlatt: { unit: 'ratio', better: 'lower' },
        amdahlSpeedup: { unit: 'x' },
      },
      rows: r.pool.scaling.map((x) => ({ ...x, amdahlSpeedup: f === undefined ? null : amdahlSpeedup(f, x.threads) })),
    });
    tables.granularity = table({
      title: `Task granularity with ${r.pool.granularity[0]?.threads ?? r.pool.cores} threads: the same prime count cut coarse, tiny, and tiny but batched`,
      description:
        'overheadPerTask = (seconds - coarse seconds) / (tasks - coarse tasks): the cost of each extra task message.',
      keys: ['split'],
      metrics: {
        threads: { unit: 'count' },
        tasks: { unit: 'count' },
        numbersPerTask: { unit: 'count' },
        primes: { unit: 'count' },
        seconds: { unit: 's', better: 'lower' },
        overheadPerTask: { unit: 's', better: 'lower' },
      },
      rows: rowsOf(r.pool.granularity),
    });
    charts.push(poolSpeedupChart(r.pool));
  }
  return { tables, charts, findings: findings(r) };
}

function findings(r: Results): string[] {
  const out: string[] = [];
  const counter = (w: number, s: string) => r.counterRows.find((x) => x.workers === w && x.strategy === s);
  const unsync = r.counterRows.filter((x) => x.strategy === 'unsynchronized' && x.lostShare !== null);
  if (unsync.length) {
    const one = (x: CounterRow) =>
      `${pct(x.lostShare!)} with ${x.workers} worker${x.workers > 1 ? 's' : ''} (worst round ${formatNumber(x.worstLost!)} of ${formatNumber(x.expected)}${x.workers > 1 && x.overlap !== null ? `, overlap ${formatNumber(x.overlap)}` : ''})`;
    out.push(
      `Unsynchronized a[0]++ lost ${unsync.map(one).join(', ')}. Overlap near 1 means the workers ran one after another and had little chance to race.`,
    );
  }
  const exactStrategies = ['atomic', 'mutex-per-op', 'mutex-coarse', 'local-then-merge'];
  const wrong = r.counterRows.filter(
    (x) => exactStrategies.includes(x.strategy) && x.lost !== null && (x.lost !== 0 || x.worstLost !== 0),
  );
  const exactRows = r.counterRows.filter(
    (x) => exactStrategies.includes(x.strategy) && x.lost === 0 && x.worstLost === 0,
  );
  if (exactRows.length)
    out.push(
      `${exactRows.length} of ${exactRows.length + wrong.length} synchronized configurations counted exactly in every round${wrong.length ? `; inexact: ${wrong.map((x) => `${x.strategy} with ${x.workers} workers lost ${formatNumber(x.worstLost!)}`).join(', ')}` : ''}.`,
    );
  for (const w of [...new Set(r.counterRows.map((x) => x.workers))].filter((w) => w > 1)) {
    const perOp = counter(w, 'mutex-per-op')?.seconds;
    const merge = counter(w, 'local-then-merge')?.seconds;
    const atomic = counter(w, 'atomic')?.seconds;
    if (perOp && merge) {
      out.push(
        `With ${w} workers, mutex-per-op took ${formatSeconds(perOp.median)} against ${formatSeconds(merge.median)} for local-then-merge: ${formatNumber(perOp.median / merge.median)}x slower${atomic ? `; atomic took ${formatSeconds(atomic.median)}` : ''}.`,
      );
    }
  }
  const stuckCounter = r.counterRows.filter((x) => x.note);
  if (stuckCounter.length)
    out.push(
      `Counter configurations that did not finish: ${stuckCounter.map((x) => `${x.strategy} with ${x.workers} workers (${x.note})`).join('; ')}.`,
    );
  if (r.exclusion) {
    out.push(
      r.exclusion.violations === null
        ? `The mutual exclusion check of ${r.lockName} did not finish: ${r.exclusion.note}.`
        : `${r.lockName} let ${formatNumber(r.exclusion.violations)} of ${formatNumber(r.exclusion.iterations)} critical sections overlap (${r.exclusion.workers} workers).`,
    );
  }
  for (const row of r.bankRows) {
    const runs = `${row.runs} run${row.runs > 1 ? 's' : ''}`;
    if (row.strategy === 'unordered-locks') {
      const detected = row.deadlocked ? ' (each detected as a wait-for cycle, its workers terminated)' : '';
      out.push(
        `Bank, ${row.workers} workers, locks in arbitrary order: ${row.deadlocked} of ${runs} deadlocked${detected}${row.timedOut ? `, ${row.timedOut} timed out` : ''}${row.drift !== null ? `; the ${row.completed} completed run(s) drifted by ${formatNumber(row.worstDrift!)} at worst` : ''}.`,
      );
    } else if (row.drift !== null) {
      out.push(
        `Bank, ${row.workers} workers, ${row.strategy}: total balance drift ${formatNumber(row.drift)} (median), worst ${formatNumber(row.worstDrift!)}, over ${row.completed} completed of ${runs}${row.seconds ? `, ${formatSeconds(row.seconds.median)} per run` : ''}.`,
      );
    }
  }
  const waitRow = r.handoffRows.find((x) => x.mode === 'atomics-wait')?.roundTripSeconds;
  const portRow = r.handoffRows.find((x) => x.mode === 'message-port')?.roundTripSeconds;
  const spinRow = r.handoffRows.find((x) => x.mode === 'atomics-spin')?.roundTripSeconds;
  if (waitRow || portRow || spinRow) {
    const parts = [
      waitRow && `${formatSeconds(waitRow.median)} with Atomics.wait/notify`,
      spinRow && `${formatSeconds(spinRow.median)} spinning on Atomics.load`,
      portRow && `${formatSeconds(portRow.median)} through a MessagePort`,
    ].filter(Boolean);
    out.push(`A round trip between two threads took ${parts.join(', ')}.`);
  }
  if (r.pool) {
    const atCores = r.pool.scaling.find((x) => x.threads === r.pool!.cores);
    if (atCores)
      out.push(
        `With ${atCores.threads} threads (the core count) the pool's speedup over 1 thread was ${formatNumber(atCores.speedup)}x (efficiency ${pct(atCores.efficiency)}).`,
      );
    const most = r.pool.scaling[r.pool.scaling.length - 1];
    if (most && most.threads > r.pool.cores) {
      const versus = atCores ? ` against ${formatNumber(atCores.speedup)}x with ${atCores.threads}` : '';
      const gainedNothing = atCores !== undefined && most.speedup <= atCores.speedup * 1.1;
      out.push(
        `With ${most.threads} threads on ${r.pool.cores} cores the speedup was ${formatNumber(most.speedup)}x${versus}${gainedNothing ? ': threads beyond the cores only take turns' : ''}.`,
      );
    }
    const f = r.pool.serialFraction;
    if (f !== undefined)
      out.push(
        `Fitted Amdahl serial fraction: ${pct(f)}${f > 0 ? `, which would cap the speedup at ${formatNumber(1 / f)}x on any number of cores` : ''}.`,
      );
    const g = Object.fromEntries(r.pool.granularity.map((x) => [x.split, x]));
    if (g.coarse && g.tiny) {
      out.push(
        `Cutting the same work into ${formatNumber(g.tiny.tasks)} tiny tasks took ${formatSeconds(g.tiny.seconds.median)} against ${formatSeconds(g.coarse.seconds.median)} in ${g.coarse.tasks} coarse tasks${g.tiny.overheadPerTask !== null ? ` (about ${formatSeconds(g.tiny.overheadPerTask.median)} per extra task)` : ''}${g['tiny-batched'] ? `; batching them ${g['tiny-batched'].numbersPerTask / g.tiny.numbersPerTask} per message took ${formatSeconds(g['tiny-batched'].seconds.median)}` : ''}.`,
      );
    }
  }
  if (r.poolFailure) out.push(`The pool experiment did not finish: ${r.poolFailure}.`);
  if (r.terminated)
    out.push(
      `${r.terminated} stuck worker thread(s) were terminated in all (deadlocked, or past --timeout) and replaced.`,
    );
  return out;
}

export default lab;
await runIfMain(import.meta.url, lab);
