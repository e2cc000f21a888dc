// A comparison as one self-contained HTML page (inline SVG, no scripts, no external files): the header and
// counts, a forest plot per lab table and sampled metric (B/A with its 95% interval per row, the threshold band
// shaded), then every row. For --class, a strip plot per table and metric: every run's value relative to the row's
// median, the reference run highlighted. Tests: test/core/compare-html.test.ts.
import type { ClassComparison } from './compare-class.js';
import type { Comparison } from './compare.js';
import { headerLines, ratioText, valueText } from './compare-render.js';
import { formatNumber } from './units.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const COLORS: Record<string, string> = {
  better: '#1a7f37',
  worse: '#cf222e',
  changed: '#8250df',
  'within threshold': '#9a6700',
  'within noise': '#57606a',
  "can't tell": '#8c959f',
};

/** Maps values to x on a log axis covering every finite value given (and 1). */
function logAxis(values: number[], left: number, width: number) {
  const finite = values.filter((v) => v > 0 && Number.isFinite(v));
  let lo = Math.min(1, ...finite);
  let hi = Math.max(1, ...finite);
  if (hi / lo < 1.1) {
    lo /= 1.05;
    hi *= 1.05;
  }
  const l0 = Math.log(lo);
  const span = Math.log(hi) - l0;
  const x = (v: number) =>
    left + (Math.min(Math.max(Math.log(Math.min(Math.max(v, lo), hi)) - l0, 0), span) / span) * width;
  const ticks: number[] = [];
  for (const t of [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 5, 10, 20, 50, 100])
    if (t >= lo && t <= hi) ticks.push(t);
  return { x, ticks, lo, hi };
}

export interface ForestRow {
  label: string;
  ratio: number;
  lo: number;
  hi: number;
  verdict: string;
}

/** A forest plot: one line per row, the estimate as a dot, the 95% interval as a bar; arrows mark unbounded ends. */
export function forestSvg(title: string, rows: ForestRow[], threshold: number): string {
  const left = 300;
  const width = 380;
  const top = 28;
  const step = 18;
  const bounded = rows.flatMap((r) => [r.ratio, r.lo, r.hi]).filter((v) => v > 0 && Number.isFinite(v));
  const axis = logAxis([...bounded, 1 + threshold, 1 / (1 + threshold)], left, width);
  const height = top + rows.length * step + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 20}" height="${height}" role="img" aria-label="${esc(title)}">`,
    `<text x="4" y="16" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${axis.x(1 / (1 + threshold))}" y="${top - 4}" ` +
      `width="${axis.x(1 + threshold) - axis.x(1 / (1 + threshold))}" height="${rows.length * step}" fill="#eaeef2"/>`,
    `<line x1="${axis.x(1)}" x2="${axis.x(1)}" y1="${top - 4}" y2="${top + rows.length * step}" stroke="#57606a"/>`,
  ];
  rows.forEach((r, i) => {
    const y = top + i * step + step / 2 - 4;
    const color = COLORS[r.verdict] ?? '#57606a';
    const x1 = r.lo > 0 && Number.isFinite(r.lo) ? axis.x(r.lo) : left;
    const x2 = Number.isFinite(r.hi) ? axis.x(r.hi) : left + width;
    parts.push(
      `<text x="${left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${esc(r.label.length > 48 ? `${r.label.slice(0, 47)}…` : r.label)}</text>`,
      `<line x1="${x1}" x2="${x2}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"` +
        `${Number.isFinite(r.hi) && r.lo > 0 ? '' : ' stroke-dasharray="3 2"'}/>`,
      `<circle cx="${axis.x(r.ratio)}" cy="${y}" r="4" fill="${color}"><title>${esc(`${r.label}: ${ratioText(r)} ${r.verdict}`)}</title></circle>`,
    );
  });
  const yAxis = top + rows.length * step + 4;
  for (const t of axis.ticks)
    parts.push(`<text x="${axis.x(t)}" y="${yAxis + 12}" font-size="10" text-anchor="middle">${t}×</text>`);
  parts.push(
    `<text x="${left + width / 2}" y="${yAxis + 24}" font-size="10" text-anchor="middle">` +
      `ratio to base, 95% interval (shaded: within ±${(threshold * 100).toFixed(0)}%)</text>`,
    '</svg>',
  );
  return parts.join('\n');
}

export interface StripRow {
  label: string;
  /** Every run's value divided by the row's median. */
  points: number[];
  /** The reference run's, if it has one. */
  reference?: number;
}

/** A strip plot: one line per row, a dot per run at its value relative to the row median, the reference in red. */
export function stripSvg(title: string, rows: StripRow[], referenceName: string): string {
  const left = 300;
  const width = 380;
  const top = 28;
  const step = 18;
  const axis = logAxis(
    rows.flatMap((r) => [...r.points, ...(r.reference !== undefined ? [r.reference] : [])]),
    left,
    width,
  );
  const height = top + rows.length * step + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 20}" height="${height}" role="img" aria-label="${esc(title)}">`,
    `<text x="4" y="16" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${axis.x(1)}" x2="${axis.x(1)}" y1="${top - 4}" y2="${top + rows.length * step}" stroke="#8c959f"/>`,
  ];
  rows.forEach((r, i) => {
    const y = top + i * step + step / 2 - 4;
    parts.push(
      `<text x="${left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${esc(r.label.length > 48 ? `${r.label.slice(0, 47)}…` : r.label)}</text>`,
    );
    for (const v of r.points)
      parts.push(`<circle cx="${axis.x(v).toFixed(1)}" cy="${y}" r="2.5" fill="#57606a" fill-opacity="0.5"/>`);
    if (r.reference !== undefined)
      parts.push(
        `<circle cx="${axis.x(r.reference).toFixed(1)}" cy="${y}" r="4.5" fill="#cf222e">` +
          `<title>${esc(`${referenceName}: ${formatNumber(r.reference)}× the class median`)}</title></circle>`,
      );
  });
  const yAxis = top + rows.length * step + 4;
  for (const t of axis.ticks)
    parts.push(`<text x="${axis.x(t)}" y="${yAxis + 12}" font-size="10" text-anchor="middle">${t}×</text>`);
  parts.push(
    `<text x="${left + width / 2}" y="${yAxis + 24}" font-size="10" text-anchor="middle">value / class median of the row (red: ${esc(referenceName)})</text>`,
    '</svg>',
  );
  return parts.join('\n');
}

/** Minimal Markdown to HTML for our own header lines (headings, bullets, bold, tables). */
function markdownToHtml(lines: string[]): string {
  const out: string[] = [];
  let list = false;
  let table = false;
  const inline = (s: string) => esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
  for (const line of lines) {
    if (!line.startsWith('- ') && list) {
      out.push('</ul>');
      list = false;
    }
    if (!line.startsWith('|') && table) {
      out.push('</table>');
      table = false;
    }
    if (line.startsWith('# ')) out.push(`<h1>${inline(line.slice(2))}</h1>`);
    else if (line.startsWith('## ')) out.push(`<h2>${inline(line.slice(3))}</h2>`);
    else if (line.startsWith('- ')) {
      if (!list) out.push('<ul>');
      list = true;
      out.push(`<li>${inline(line.slice(2))}</li>`);
    } else if (line.startsWith('|')) {
      if (/^\|\s*-{3}/.test(line)) continue;
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => inline(c.trim().replace(/\\\|/g, '|')));
      out.push(
        `${table ? '' : '<table>'}<tr>${cells.map((c) => `<${table ? 'td' : 'th'}>${c}</${table ? 'td' : 'th'}>`).join('')}</tr>`,
      );
      table = true;
    } else if (line.trim()) out.push(`<p>${inline(line)}</p>`);
  }
  if (list) out.push('</ul>');
  if (table) out.push('</table>');
  return out.join('\n');
}

const PAGE_STYLE =
  'body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}' +
  'table{border-collapse:collapse;font-size:13px;margin:.5em 0}' +
  'td,th{border:1px solid #d0d7de;padding:2px 6px;text-align:left}figure{margin:1em 0}svg{max-width:100%;height:auto}';

function page(title: string, body: string): string {
  const head = `<meta charset="utf-8"><title>${esc(title)}</title><style>${PAGE_STYLE}</style>`;
  return `<!doctype html>\n<html lang="en"><head>${head}</head><body>\n${body}\n</body></html>\n`;
}

const MAX_CHART_ROWS = 40;

/** Row labels for a chart: the key parts that differ between its rows ("cacheSize=200"), or the whole key. */
export function distinctLabels(keys: readonly string[]): string[] {
  const parts = keys.map((k) => k.split(', '));
  const common = new Set(parts[0]?.filter((p) => parts.every((ps) => ps.includes(p))) ?? []);
  return parts.map((ps, i) => ps.filter((p) => !common.has(p)).join(', ') || keys[i]);
}

/** The two-or-more-run comparison as an HTML page. */
export function comparisonHtml(c: Comparison): string {
  const body = [markdownToHtml(headerLines(c))];
  const others = c.runs.map((_, i) => i).filter((i) => i !== c.base);
  const groups = new Map<string, typeof c.rows>();
  for (const r of c.rows) {
    const g = `Lab ${r.lab}, table ${r.table}`;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  for (const [title, rows] of groups) {
    body.push(`<h2>${esc(title)}</h2>`);
    const metrics = [...new Set(rows.filter((r) => r.kind === 'sampled').map((r) => r.metric))];
    for (const metric of metrics)
      for (const i of others) {
        const chosen = rows.filter(
          (r) => r.metric === metric && r.judgements[i]?.ratio !== undefined && r.judgements[i]?.lo !== undefined,
        );
        const labels = distinctLabels(chosen.map((r) => r.key));
        const forest = chosen.map((r, at) => {
          const j = r.judgements[i]!;
          return { label: labels[at], ratio: j.ratio!, lo: j.lo!, hi: j.hi!, verdict: j.verdict };
        });
        if (forest.length === 0) continue;
        const rank = (v: string) => (v === 'worse' || v === 'better' ? 0 : v === 'within threshold' ? 1 : 2);
        const shown = forest.sort((a, b) => rank(a.verdict) - rank(b.verdict)).slice(0, MAX_CHART_ROWS);
        const note =
          forest.length > shown.length ? ` (${shown.length} of ${forest.length} rows, moved ones first)` : '';
        body.push(
          `<figure>${forestSvg(`${metric}: ${c.runs[i].name} / ${c.runs[c.base].name}${note}`, shown, c.threshold)}</figure>`,
        );
      }
    const head = [
      'row',
      'metric',
      c.runs[c.base].name,
      ...others.flatMap((i) => [c.runs[i].name, `${c.runs[i].name} vs ${c.runs[c.base].name}`]),
    ];
    body.push(
      `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`,
      ...rows.map(
        (r) =>
          `<tr><td>${esc(r.key)}</td><td>${esc(`${r.metric} (${r.unit})`)}</td><td>${esc(valueText(r.values[c.base], r.n[c.base]))}</td>${others
            .map((i) => {
              const j = r.judgements[i];
              const color = COLORS[j?.verdict ?? ''] ?? 'inherit';
              return `<td>${esc(valueText(r.values[i], r.n[i]))}</td><td style="color:${color}">${esc(j?.reason ?? 'missing')}</td>`;
            })
            .join('')}</tr>`,
      ),
      '</table>',
    );
  }
  return page(`syslab comparison: ${c.runs.map((r) => r.name).join(', ')}`, body.join('\n'));
}

/** The class view as an HTML page: header, flags per run, and a strip plot per table and metric. */
export function classHtml(c: ClassComparison): string {
  const ref = c.reference;
  const refName = c.runs[ref].name;
  const body = [
    `<h1>Class comparison: ${c.runs.length} runs</h1>`,
    `<ul>${c.header.map((h) => `<li>${esc(h)}</li>`).join('')}</ul>`,
    '<h2>Runs</h2>',
    `<table><tr><th>run</th><th>flags</th></tr>${c.flags
      .map(
        (f, i) =>
          `<tr${i === ref ? ' style="color:#cf222e"' : ''}><td>${esc(f.run)}${i === ref ? ' (reference)' : ''}</td>` +
          `<td>${esc(f.flags.join('; ') || 'none')}</td></tr>`,
      )
      .join('')}</table>`,
  ];
  const groups = new Map<string, typeof c.rows>();
  for (const r of c.rows) {
    if (!r.dist || r.dist.min === r.dist.max || !(r.dist.median > 0)) continue; // nothing to show: all equal
    const g = `Lab ${r.lab}, table ${r.table}: ${r.metric} (${r.unit})`;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  for (const [title, rows] of groups) {
    const shown = [...rows].sort((a, b) => Math.abs(b.z[ref] ?? 0) - Math.abs(a.z[ref] ?? 0)).slice(0, MAX_CHART_ROWS);
    const labels = distinctLabels(shown.map((r) => r.key));
    const strip = shown.map((r, at) => ({
      label: labels[at],
      points: r.values.filter((v, i): v is number => v !== undefined && i !== ref).map((v) => v / r.dist!.median),
      ...(r.values[ref] !== undefined ? { reference: r.values[ref] / r.dist!.median } : {}),
    }));
    const note =
      rows.length > shown.length ? ` (${shown.length} of ${rows.length} rows, farthest from the class first)` : '';
    body.push(`<h2>${esc(title)}</h2>`, `<figure>${stripSvg(`${title}${note}`, strip, refName)}</figure>`);
  }
  if (groups.size === 0) body.push('<p>Every row has the same value in every run: nothing to plot.</p>');
  return page(`syslab class comparison (${c.runs.length} runs)`, body.join('\n'));
}
