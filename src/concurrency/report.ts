// Lab 02's report from the experiment's rows: tables (counter, lock check, bank, handoff, pool, granularity), charts
// and findings, every number taken from this run. Lost updates and deadlocks are outcomes of races, so their metrics
// are declared `observed`. Tests: test/concurrency/report.test.ts, test/concurrency/speedup.test.ts,
// test/concurrency/lab.test.ts.
import { barChart, lineChart, type ChartSpec } from '../core/charts.js';
import type { LabResult } from '../core/lab.js';
import { table, type Table } from '../core/table.js';
import { formatNumber, formatSeconds, pct } from '../core/units.js';
import { fasterOrSlower, listText, plural, times } from '../core/words.js';
import { amdahlSpeedup } from './amdahl.js';
import type { CounterRow } from './counter-experiment.js';
import type { ThreadsResult } from './experiment.js';
import type { PoolResult } from './pool-experiment.js';

/** The strategies that must count exactly whatever the timing. */
const EXACT_STRATEGIES: readonly string[] = ['atomic', 'mutex-per-op', 'mutex-coarse', 'local-then-merge'];

function counterTable(r: ThreadsResult): Table {
  return table({
    title: 'Shared counter: W workers each add 1 to one Int32, K times',
    description:
      "Observed and lost are medians over the timed rounds; seconds run from the first worker's start to the last " +
      `one's end (timed inside the workers, after a shared start barrier). Lock: ${r.lockName}.`,
    keys: ['workers', 'strategy'],
    metrics: {
      expected: { unit: 'count' },
      observed: { unit: 'count', kind: 'observed' },
      lost: { unit: 'count', kind: 'observed', better: 'lower' },
      lostShare: { unit: 'ratio', kind: 'observed', better: 'lower' },
      worstLost: { unit: 'count', kind: 'observed', better: 'lower', description: 'largest loss in any timed round' },
      seconds: { unit: 's', better: 'lower' },
      incrementsPerSecond: { unit: '1/s', better: 'higher' },
      overlap: {
        unit: 'x',
        kind: 'observed',
        description: 'busy time of all workers / elapsed: 1 = one after another, W = all at once',
      },
    },
    columns: ['note'],
    rows: r.counter,
  });
}

function lockCheckTable(r: ThreadsResult): Table | undefined {
  const x = r.exclusion;
  if (!x) return undefined;
  return table({
    title: 'Mutual exclusion check of the lock in use',
    description:
      'Workers take the lock repeatedly; inside, an occupancy counter must be 0 on entry. A violation means two ' +
      'threads were inside at once.',
    keys: ['lock'],
    metrics: {
      workers: { unit: 'count' },
      criticalSections: { unit: 'count' },
      violations: { unit: 'count', kind: 'observed', better: 'lower' },
    },
    columns: ['note'],
    rows: [
      { lock: r.lockName, workers: x.workers, criticalSections: x.iterations, violations: x.violations, note: x.note },
    ],
  });
}

function bankTable(r: ThreadsResult): Table {
  return table({
    title: `Bank: random transfers between ${r.accounts} accounts in shared memory`,
    description:
      'Drift is final total minus initial total (0 = no money created or lost), median and worst over completed ' +
      'runs. A run is deadlocked when the same cycle of workers, each waiting for an account lock the next one ' +
      'holds, is seen twice with no progress; its workers are then terminated.',
    keys: ['workers', 'strategy'],
    metrics: {
      transfers: { unit: 'count' },
      runs: { unit: 'count' },
      completed: { unit: 'count', kind: 'observed' },
      deadlocked: { unit: 'count', kind: 'observed', better: 'lower' },
      timedOut: { unit: 'count', kind: 'observed', better: 'lower' },
      drift: {
        unit: 'money',
        kind: 'observed',
        description: 'median final total - initial total; 0 is right, either sign is wrong',
      },
      worstDrift: { unit: 'money', kind: 'observed', description: 'the drift farthest from 0 in any completed run' },
      seconds: { unit: 's', better: 'lower' },
      transfersPerSecond: { unit: '1/s', better: 'higher' },
    },
    columns: ['note'],
    rows: r.bank,
  });
}

function handoffTable(r: ThreadsResult): Table {
  return table({
    title: 'Hand-over latency between two worker threads (ping-pong)',
    description:
      "Seconds per round trip (two hand-overs): median over timed rounds, each the ping side's own time for all its " +
      'round trips divided by their number.',
    keys: ['mode'],
    metrics: { roundTrips: { unit: 'count' }, roundTripSeconds: { unit: 's', better: 'lower' } },
    columns: ['note'],
    rows: r.handoff,
  });
}

function poolTables(pool: PoolResult): Record<string, Table> {
  const f = pool.serialFraction;
  const fitted = f === undefined ? 'not fitted' : pct(f);
  const counts = pool.scaling.map((x) => x.threads);
  const noun = counts.length === 1 && counts[0] === 1 ? 'thread' : 'threads';
  return {
    pool: table({
      title: `Thread pool (piscina): counting primes with ${counts.join(', ')} ${noun} on ${plural(pool.cores, 'core')}`,
      description:
        'One pool of exactly n threads per run, each with n tasks in flight. Speedup = 1-thread seconds / n-thread seconds; ' +
        'efficiency = speedup / n; Karp-Flatt = the serial fraction this one speedup implies (above 1 when n ' +
        'threads ran slower than one: then overhead, not serial work, dominates). amdahlSpeedup is ' +
        `Amdahl's law with the serial fraction fitted over n <= ${pool.cores} (${fitted}).`,
      keys: ['threads'],
      metrics: {
        tasks: { unit: 'count' },
        primes: { unit: 'count' },
        seconds: { unit: 's', better: 'lower' },
        speedup: { unit: 'x', kind: 'sampled', better: 'higher' },
        efficiency: { unit: 'ratio', kind: 'sampled', better: 'higher' },
        karpFlatt: { unit: 'ratio', kind: 'sampled', better: 'lower' },
        amdahlSpeedup: { unit: 'x', kind: 'sampled' },
      },
      rows: pool.scaling.map((x) => ({ ...x, amdahlSpeedup: f === undefined ? null : amdahlSpeedup(f, x.threads) })),
    }),
    granularity: table({
      title:
        `Task granularity with ${pool.granularity[0]?.threads ?? pool.cores} threads: the same prime count cut ` +
        'coarse, tiny, and tiny but batched',
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
      rows: pool.granularity,
    }),
  };
}

/** Measured speedup on top of the two models (ideal, Amdahl) drawn as reference lines. */
function poolSpeedupChart(pool: PoolResult): ChartSpec {
  const f = pool.serialFraction;
  const measured = 'measured';
  const ideal = `ideal on ${plural(pool.cores, 'core')}`;
  const amdahl = f === undefined ? undefined : `Amdahl, serial ${pct(f)}`;
  const rows = pool.scaling.flatMap((x) => [
    { threads: x.threads, speedup: x.speedup, series: measured },
    { threads: x.threads, speedup: Math.min(x.threads, pool.cores), series: ideal },
    ...(f === undefined || amdahl === undefined
      ? []
      : [{ threads: x.threads, speedup: amdahlSpeedup(f, x.threads), series: amdahl }]),
  ]);
  const references = amdahl === undefined ? [ideal] : [ideal, amdahl];
  return lineChart({
    name: 'pool-speedup',
    title: 'Pool speedup versus threads',
    caption:
      "The measured speedup against two models in dashed grey: ideal (capped at the core count) and Amdahl's law " +
      'with the serial fraction fitted to this run.',
    rows,
    x: 'threads',
    y: 'speedup',
    color: 'series',
    colorOrder: [measured, ...references],
    references,
    xTitle: 'threads',
    yTitle: 'speedup over 1 thread',
  });
}

function charts(r: ThreadsResult): ChartSpec[] {
  const out: ChartSpec[] = [];
  const timedCounter = r.counter.flatMap((x) =>
    x.seconds ? [{ workers: x.workers, strategy: x.strategy, seconds: x.seconds.median }] : [],
  );
  if (timedCounter.length) {
    out.push(
      lineChart({
        name: 'counter-seconds',
        title: 'Shared counter: time for W x K increments',
        caption:
          'One line per strategy, lower is faster: the gap between lines at one worker count is what a fix costs.',
        xTitle: 'workers (log)',
        yTitle: 'seconds (median, log)',
        xScale: 'log',
        yScale: 'log',
        rows: timedCounter,
        x: 'workers',
        y: 'seconds',
        color: 'strategy',
      }),
    );
  }
  const timedHandoff = r.handoff.flatMap((x) =>
    x.roundTripSeconds ? [{ mode: x.mode, microseconds: x.roundTripSeconds.median * 1e6 }] : [],
  );
  if (timedHandoff.length) {
    out.push(
      barChart({
        name: 'handoff',
        title: 'Round-trip time between two threads',
        caption: 'One bar per hand-over mechanism (log scale): a lower bar hands the turn over faster.',
        yScale: 'log',
        xTitle: 'mechanism',
        yTitle: 'microseconds per round trip (median, log)',
        rows: timedHandoff,
        x: 'mode',
        y: 'microseconds',
      }),
    );
  }
  if (r.pool) out.push(poolSpeedupChart(r.pool));
  return out;
}

function counterFindings(r: ThreadsResult): string[] {
  const out: string[] = [];
  const unsync = r.counter.filter((x) => x.strategy === 'unsynchronized');
  const lostText = (x: CounterRow) => {
    if (x.lostShare === null || x.worstLost === null) return [];
    const overlap = x.workers > 1 && x.overlap !== null ? `, overlap ${formatNumber(x.overlap)}` : '';
    const worst = `worst round ${formatNumber(x.worstLost)} of ${formatNumber(x.expected)}${overlap}`;
    return [`${pct(x.lostShare)} with ${plural(x.workers, 'worker')} (${worst})`];
  };
  const lost = unsync.flatMap(lostText);
  if (lost.length) {
    out.push(
      `Unsynchronized a[0]++ lost ${lost.join(', ')}. Overlap near 1 means the workers ran one after another and ` +
        'had little chance to race.',
    );
  }
  const synced = r.counter.filter((x) => EXACT_STRATEGIES.includes(x.strategy) && x.lost !== null);
  const exact = synced.filter((x) => x.lost === 0 && x.worstLost === 0);
  const inexact = synced.filter((x) => !(x.lost === 0 && x.worstLost === 0));
  if (synced.length) {
    const wrong = inexact.map(
      (x) => `${x.strategy} with ${plural(x.workers, 'worker')} lost ${formatNumber(x.worstLost ?? 0)}`,
    );
    out.push(
      `${exact.length} of ${synced.length} synchronized configurations counted exactly in every round` +
        `${wrong.length ? `; inexact: ${wrong.join(', ')}` : ''}.`,
    );
  }
  const at = (w: number, s: string) => r.counter.find((x) => x.workers === w && x.strategy === s)?.seconds;
  for (const w of [...new Set(r.counter.map((x) => x.workers))].filter((n) => n > 1)) {
    const perOp = at(w, 'mutex-per-op');
    const merge = at(w, 'local-then-merge');
    const atomic = at(w, 'atomic');
    if (perOp && merge) {
      out.push(
        `With ${w} workers, mutex-per-op took ${formatSeconds(perOp.median)} against ` +
          `${formatSeconds(merge.median)} for local-then-merge: ${fasterOrSlower(perOp.median, merge.median)}` +
          `${atomic ? `; atomic took ${formatSeconds(atomic.median)}` : ''}.`,
      );
    }
  }
  const stuck = r.counter.filter((x) => x.note);
  if (stuck.length) {
    const which = stuck.map((x) => `${x.strategy} with ${plural(x.workers, 'worker')} (${x.note})`);
    out.push(`Counter configurations that did not finish: ${which.join('; ')}.`);
  }
  const x = r.exclusion;
  if (x) {
    out.push(
      x.violations === null
        ? `The mutual exclusion check of ${r.lockName} did not finish: ${x.note}.`
        : `${r.lockName} let ${formatNumber(x.violations)} of ${formatNumber(x.iterations)} critical sections ` +
            `overlap (${plural(x.workers, 'worker')}).`,
    );
  }
  return out;
}

function bankFindings(r: ThreadsResult): string[] {
  return r.bank.flatMap((row) => {
    const runs = plural(row.runs, 'run');
    if (row.strategy === 'unordered-locks') {
      const detected = row.deadlocked ? ' (each detected as a wait-for cycle, its workers terminated)' : '';
      const timedOut = row.timedOut ? `, ${row.timedOut} timed out` : '';
      const drift =
        row.worstDrift !== null
          ? `; the ${plural(row.completed, 'completed run')} drifted by ${formatNumber(row.worstDrift)} at worst`
          : '';
      return [
        `Bank, ${plural(row.workers, 'worker')}, locks in arbitrary order: ${row.deadlocked} of ${runs} deadlocked` +
          `${detected}${timedOut}${drift}.`,
      ];
    }
    if (row.drift === null || row.worstDrift === null) return [];
    return [
      `Bank, ${plural(row.workers, 'worker')}, ${row.strategy}: total balance drift ${formatNumber(row.drift)} ` +
        `(median), worst ${formatNumber(row.worstDrift)}, over ${row.completed} completed of ${runs}` +
        `${row.seconds ? `, ${formatSeconds(row.seconds.median)} per run` : ''}.`,
    ];
  });
}

function handoffFindings(r: ThreadsResult): string[] {
  const median = (mode: string) => r.handoff.find((x) => x.mode === mode)?.roundTripSeconds?.median;
  const said = [
    ['atomics-wait', 'with Atomics.wait/notify'],
    ['atomics-spin', 'spinning on Atomics.load'],
    ['message-port', 'through a MessagePort'],
  ].flatMap(([mode, how]) => {
    const seconds = median(mode);
    return seconds === undefined ? [] : [`${formatSeconds(seconds)} ${how}`];
  });
  return said.length ? [`A round trip between two threads took ${listText(said)}.`] : [];
}

/**
 * Rows whose speedup is more than 1.5 times what their threads can give on this machine, min(threads, cores): work
 * that needs no memory cannot run that much faster than in parallel on every core, so such a speedup says the runs
 * were not comparable (one was slowed by something else), not that the threads were fast.
 */
export function impossibleSpeedups(pool: PoolResult): PoolResult['scaling'] {
  return pool.scaling.filter((x) => x.speedup > 1.5 * Math.min(x.threads, pool.cores));
}

function poolFindings(pool: PoolResult): string[] {
  const out: string[] = [];
  const impossible = impossibleSpeedups(pool);
  if (impossible.length) {
    const which = impossible.map(
      (x) => `${times(x.speedup)} with ${plural(x.threads, 'thread')} (at most ${Math.min(x.threads, pool.cores)}×)`,
    );
    out.push(
      `Measured speedups beyond what ${plural(pool.cores, 'core')} allow: ${which.join(', ')}; the runs were not ` +
        'comparable (something else slowed one of them), so no speedup, efficiency or serial fraction of this run ' +
        'is stated.',
    );
    return out.concat(granularityFindings(pool));
  }
  const atCores = pool.scaling.find((x) => x.threads === pool.cores);
  if (atCores) {
    out.push(
      `With ${plural(atCores.threads, 'thread')} (the core count) the pool's speedup over 1 thread was ` +
        `${times(atCores.speedup)} (efficiency ${pct(atCores.efficiency)}).`,
    );
  }
  const most = pool.scaling[pool.scaling.length - 1];
  if (most && most.threads > pool.cores) {
    const versus = atCores ? ` against ${times(atCores.speedup)} with ${atCores.threads}` : '';
    const gainedNothing = atCores !== undefined && most.speedup <= atCores.speedup * 1.1;
    out.push(
      `With ${most.threads} threads on ${plural(pool.cores, 'core')} the speedup was ${times(most.speedup)}${versus}` +
        `${gainedNothing ? ': threads beyond the cores only take turns' : ''}.`,
    );
  }
  const f = pool.serialFraction;
  if (f !== undefined) {
    // A measured speedup above the fit's cap (1 / f) shows the fit does not describe this run (a noisy machine).
    const above = f > 0 ? pool.scaling.filter((x) => x.speedup > 1 / f) : [];
    const contradicted = above.length
      ? `; yet ${listText(above.map((x) => `${times(x.speedup)} with ${plural(x.threads, 'thread')}`))} ` +
        'measured here already exceeds that, so the fit does not describe this run'
      : '';
    out.push(
      `Fitted Amdahl serial fraction: ${pct(f)}` +
        `${f > 0 ? `, which would cap the speedup at ${times(1 / f)} on any number of cores` : ''}${contradicted}.`,
    );
  }
  return out.concat(granularityFindings(pool));
}

function granularityFindings(pool: PoolResult): string[] {
  const out: string[] = [];
  const split = (name: string) => pool.granularity.find((x) => x.split === name);
  const [coarse, tiny, batched] = [split('coarse'), split('tiny'), split('tiny-batched')];
  if (coarse && tiny) {
    const cost = tiny.overheadPerTask?.median;
    // A median at or below 0 (the tiny run no slower than the coarse one) is no cost per task worth a figure.
    const perTask =
      cost === undefined
        ? ''
        : cost > 0
          ? ` (about ${formatSeconds(cost)} per extra task)`
          : ' (no measurable cost per extra task in this run)';
    const batching = batched
      ? `; batching them ${batched.numbersPerTask / tiny.numbersPerTask} per message took ` +
        formatSeconds(batched.seconds.median)
      : '';
    out.push(
      `Cutting the same work into ${formatNumber(tiny.tasks)} tiny tasks took ${formatSeconds(tiny.seconds.median)} ` +
        `against ${formatSeconds(coarse.seconds.median)} in ${coarse.tasks} coarse tasks${perTask}${batching}.`,
    );
  }
  return out;
}

function findings(r: ThreadsResult): string[] {
  return [
    ...counterFindings(r),
    ...bankFindings(r),
    ...handoffFindings(r),
    ...(r.pool ? poolFindings(r.pool) : []),
    ...(r.poolFailure ? [`The pool experiment did not finish: ${r.poolFailure}.`] : []),
    ...(r.terminated
      ? [`${r.terminated} stuck worker thread(s) were terminated in all (deadlocked, or past --timeout) and replaced.`]
      : []),
  ];
}

/** Tables, charts and findings of lab 02, for the parts that ran. */
export function threadsReport(r: ThreadsResult): LabResult {
  const tables: Record<string, Table> = {};
  if (r.counter.length) tables.counter = counterTable(r);
  const lockCheck = lockCheckTable(r);
  if (lockCheck) tables.lockCheck = lockCheck;
  if (r.bank.length) tables.bank = bankTable(r);
  if (r.handoff.length) tables.handoff = handoffTable(r);
  if (r.pool) Object.assign(tables, poolTables(r.pool));
  return { tables, charts: charts(r), findings: findings(r) };
}
