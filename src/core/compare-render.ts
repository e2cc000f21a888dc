// Renders a Comparison (compare.ts) as text for the terminal, Markdown, CSV or JSON: the header (what differs,
// load, calibration, warnings), how verdicts are reached, counts per run, one table per lab table, geomeans, and
// what did not match. Statistics and matching happen before; this layer only lays them out.
// Tests: test/core/compare.test.ts.
import type { Comparison, CompareRow, GeomeanRow } from './compare.js';
import { changeText, type Judgement } from './compare-judge.js';
import { formatNumber } from './units.js';
import { plural } from './words.js';

const esc = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A cell's plain value for display. */
export function valueText(v: number | string | boolean | undefined, n?: number): string {
  if (v === undefined) return '—';
  if (typeof v === 'number') return `${Number.isNaN(v) ? '—' : formatNumber(v)}${n !== undefined ? ` (n=${n})` : ''}`;
  return String(v);
}

/** "1.04× [0.98×, 1.10×]" or "1.04× [unbounded]". */
export function ratioText(g: { ratio: number; lo: number; hi: number }): string {
  const x = (r: number) => `${r.toFixed(r >= 10 ? 1 : 3)}×`;
  return `${x(g.ratio)} ${g.lo > 0 && Number.isFinite(g.hi) ? `[${x(g.lo)}, ${x(g.hi)}]` : '[unbounded: too few samples]'}`;
}

/** Whether a judgement is worth showing on a terminal (something moved, or an event was seen in only one run). */
export function isNotable(j: Judgement | undefined): boolean {
  if (!j) return false;
  if (j.verdict === 'observed') return /not in|not seen in/.test(j.reason);
  if (j.verdict === 'changed') return !j.reason.includes('; expected: '); // explained by the header
  return j.verdict === 'better' || j.verdict === 'worse' || j.verdict === 'within threshold';
}

function verdictLine(c: Comparison, i: number): string {
  const counts: Record<string, number> = {};
  for (const r of c.rows) {
    const j = r.judgements[i];
    if (j) counts[j.verdict] = (counts[j.verdict] ?? 0) + 1;
  }
  const order = [
    'better',
    'worse',
    'changed',
    'within threshold',
    'within noise',
    "can't tell",
    'same',
    'observed',
    'not comparable',
  ];
  const parts = order.filter((v) => counts[v]).map((v) => `${counts[v]} ${v}`);
  return `${c.runs[i].name} vs ${c.runs[c.base].name}: ${parts.length ? parts.join(', ') : 'no rows'}`;
}

/** Header, method and counts: the part every format but CSV starts with (as Markdown lines). */
export function headerLines(c: Comparison): string[] {
  const base = c.runs[c.base];
  const h = c.header;
  const out = [
    `# Comparison: ${c.runs.map((r) => `${r.name} = ${r.source}`).join('; ')}`,
    '',
    `Base: ${base.name}. Every other run is compared with it.`,
    '',
    '## What differs',
    '',
    ...(h.differences.length
      ? h.differences.map((d) => `- ${d}`)
      : ['- Nothing in params, seed, machine, Node or libraries.']),
    ...Object.entries(h.expected).flatMap(([lab, byRun]) =>
      Object.entries(byRun).map(
        ([run, why]) => `- Lab ${lab}: ${why} in ${run}, so its exact metrics may change as expected.`,
      ),
    ),
    ...h.facts.map((f) => `- ${f}`),
    ...h.warnings.map((w) => `- **Warning:** ${w}`),
    '',
    '## How verdicts are reached',
    '',
    `Timings and rates (sampled) are compared on their raw samples: B/A is the Hodges-Lehmann estimate with its 95% ` +
      `interval, p the Mann-Whitney U test's, adjusted (Benjamini-Hochberg) across the sampled rows of each pair of runs. ` +
      `"better" or "worse" only when p < ${c.alpha} and the whole interval lies beyond ±${(c.threshold * 100).toFixed(0)}%` +
      `${c.normalize ? ', after rescaling timings by each run’s calibration time' : ''}; "within threshold" when the change is ` +
      `real but may be smaller than that; "can't tell" when the samples are too few to ever reach p < ${c.alpha}. ` +
      `Exact metrics (deterministic for the same params and seed) read same or changed; observed events (races, ` +
      `deadlocks) are described, never better or worse.`,
    '',
    '## Summary',
    '',
    ...c.runs.flatMap((_, i) => (i === c.base ? [] : [`- ${verdictLine(c, i)}`])),
    ...c.geomeans.filter((g) => g.table === undefined).map((g) => `- ${geomeanSentence(g, c.runs[c.base].name)}`),
  ];
  return out;
}

function geomeanSentence(g: GeomeanRow, baseName: string): string {
  return `Lab ${g.lab}, geomean time ratio ${g.run}/${baseName} over ${plural(g.rows, 'row')} (rates inverted; below 1 is faster): ${ratioText(g)}`;
}

function tableLines(c: Comparison, rows: CompareRow[]): string[] {
  const others = c.runs.map((_, i) => i).filter((i) => i !== c.base);
  const two = others.length === 1;
  const head = [
    'row',
    'metric',
    c.runs[c.base].name,
    ...others.flatMap((i) =>
      two ? [c.runs[i].name, 'verdict'] : [c.runs[i].name, `${c.runs[i].name} vs ${c.runs[c.base].name}`],
    ),
  ];
  const out = [`| ${head.join(' | ')} |`, `| --- | --- | ---: |${others.map(() => ' ---: | --- |').join('')}`];
  for (const r of rows) {
    const cells = [
      r.key,
      `${r.metric} (${r.unit}${r.better === 'higher' ? ' ↑' : r.better === 'lower' ? ' ↓' : ''})`,
      valueText(r.values[c.base], r.n[c.base]),
      ...others.flatMap((i) => [valueText(r.values[i], r.n[i]), r.judgements[i]?.reason ?? 'missing']),
    ];
    out.push(`| ${cells.map(esc).join(' | ')} |`);
  }
  return out;
}

/**
 * The comparison as Markdown. With onlyNotable (the terminal), only rows where something moved are listed, the
 * rest counted, and the reasons rows could not be judged are given once each.
 */
export function comparisonMarkdown(c: Comparison, options: { onlyNotable?: boolean } = {}): string {
  const out = headerLines(c);
  const shown = options.onlyNotable ? c.rows.filter((r) => r.judgements.some(isNotable)) : c.rows;
  const groups = new Map<string, CompareRow[]>();
  for (const r of shown) {
    const g = `Lab ${r.lab}, table ${r.table}`;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  for (const [title, rows] of groups) out.push('', `## ${title}`, '', ...tableLines(c, rows));
  if (shown.length < c.rows.length) {
    out.push('', `${c.rows.length - shown.length} rows that did not move are not shown (--all shows every row).`);
    const reasons = new Map<string, number>();
    for (const r of c.rows)
      for (const j of r.judgements)
        if (j?.verdict === "can't tell") {
          const why = j.reason.startsWith("can't tell (")
            ? j.reason.slice(12, -1)
            : j.reason.replace(/^can't tell: /, '');
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
        }
    for (const [why, count] of reasons) out.push(`- can't tell for ${plural(count, 'row')}: ${why}`);
    const expected = c.rows.reduce(
      (n, r) => n + r.judgements.filter((j) => j?.verdict === 'changed' && j.reason.includes('; expected: ')).length,
      0,
    );
    if (expected)
      out.push(`- ${plural(expected, 'exact value')} changed as expected, since params or seed differ (see above).`);
  }
  const perTable = c.geomeans.filter((g) => g.table !== undefined);
  if (perTable.length) {
    out.push(
      '',
      '## Geomeans of sampled metrics',
      '',
      '| lab | table | metric | run | rows | ratio to base [95% CI] |',
    );
    out.push('| --- | --- | --- | --- | ---: | --- |');
    for (const g of perTable)
      out.push(`| ${g.lab} | ${g.table} | ${g.metric} | ${g.run} | ${g.rows} | ${ratioText(g)} |`);
  }
  if (c.unmatched.length) {
    const cap = 50;
    out.push('', '## Not matched', '', ...c.unmatched.slice(0, cap).map((u) => `- ${u}`));
    if (c.unmatched.length > cap) out.push(`- … and ${c.unmatched.length - cap} more`);
  }
  if (c.rows.length === 0)
    out.push('', 'Nothing to compare: the runs share no lab, table or row (or --filter left none).');
  return `${out.join('\n')}\n`;
}

const csvField = (v: string | number | boolean | undefined): string => {
  const s = v === undefined ? '' : typeof v === 'number' && !Number.isFinite(v) ? (v > 0 ? 'inf' : '') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One CSV line per row and other run: values, ratio, interval, p, adjusted p, sample sizes, verdict, reason. */
export function comparisonCsv(c: Comparison): string {
  const head = 'lab,table,key,metric,unit,kind,better,base,run,baseValue,value,ratio,lo,hi,p,q,nBase,n,verdict,reason';
  const lines = [head];
  for (const r of c.rows)
    r.judgements.forEach((j, i) => {
      if (!j) return;
      lines.push(
        [
          r.lab,
          r.table,
          r.key,
          r.metric,
          r.unit,
          r.kind,
          r.better ?? '',
          c.runs[c.base].name,
          c.runs[i].name,
          r.values[c.base],
          r.values[i],
          j.ratio,
          j.lo,
          j.hi,
          j.p,
          j.q,
          j.n?.[0],
          j.n?.[1],
          j.verdict,
          j.reason,
        ]
          .map(csvField)
          .join(','),
      );
    });
  return `${lines.join('\n')}\n`;
}

/** The comparison as JSON (schema "syslab.comparison/1"); unbounded interval ends are written as null. */
export function comparisonJson(c: Comparison): string {
  return `${JSON.stringify({ schema: 'syslab.comparison/1', ...c }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

export { changeText };
