// Tables as HTML for the self-contained reports: a result table with units and better-direction in its headers,
// numbers right-aligned in tabular figures, timings as "median ±x%" with their sample count and in the unit that
// suits them (µs, ms), descriptive columns left out when empty, and the numbers behind a chart; a long table shows
// its first rows and the whole of it behind a "show all" <details>.
// Tests: test/core/html.test.ts.
import type { ChartData } from './charts.js';
import { isSummary, type Summary } from './stats.js';
import { columnOrder, formatCell, type Cell, type Table } from './table.js';
import { escapeHtml, tag } from './html-text.js';
import { formatNumber, formatSeconds } from './units.js';
import { spreadText } from './words.js';

/** Tables longer than this show their first PREVIEW_ROWS rows, and all of them behind "show all". */
export const LONG_TABLE_ROWS = 20;
export const PREVIEW_ROWS = 12;

interface Column {
  name: string;
  /** Header HTML. */
  head: string;
  numeric: boolean;
  /** A cell of this column as HTML. */
  cell: (value: Cell | undefined) => string;
}

/** The sample count shared by every Summary in a column, or undefined when they differ (or there are none). */
function sharedN(cells: Array<Cell | undefined>): number | undefined {
  const ns = new Set(cells.filter(isSummary).map((s) => s.n));
  return ns.size === 1 ? [...ns][0] : undefined;
}

function summaryTitle(s: Summary, unit: string | undefined): string {
  const f = unit === 's' ? formatSeconds : formatNumber;
  return `median of ${s.n}; interquartile range ${f(s.p25)} to ${f(s.p75)}; min ${f(s.min)}, max ${f(s.max)}`;
}

/** The header of a column: its name, then its unit, better-direction and, for timings, how they are summarised. */
function headOf(t: Table, name: string, numeric: boolean, summaries: boolean, n: number | undefined): string {
  const metric = t.metrics[name];
  const notes: string[] = [];
  if (metric) {
    const direction = metric.better === 'higher' ? ' ↑' : metric.better === 'lower' ? ' ↓' : '';
    notes.push(`${metric.unit === 's' ? 'time' : metric.unit}${direction}`);
  }
  if (summaries && n !== undefined) notes.push(`n = ${n}`);
  const title = [
    metric?.description,
    metric?.better ? `${metric.better} is better` : undefined,
    t.keys.includes(name) ? 'key column: rows are matched on it across runs' : undefined,
  ]
    .filter(Boolean)
    .join('; ');
  const unit = notes.length ? tag('span', { class: 'unit' }, escapeHtml(notes.join(' · '))) : '';
  return tag(
    'th',
    { scope: 'col', class: numeric ? 'num' : undefined, title: title || undefined },
    escapeHtml(name),
    unit,
  );
}

/** A cell's text: seconds in the unit that suits them ("53.2 µs"), anything else as report.md shows it. */
function cellText(value: Cell | undefined, unit: string | undefined): string {
  if (unit !== 's') return formatCell(value, unit);
  if (typeof value === 'number') return formatSeconds(value);
  if (isSummary(value)) return `${formatSeconds(value.median)}${spreadText(value)}`;
  return formatCell(value, unit);
}

const isEmpty = (v: Cell | undefined) => v === undefined || v === null || v === '';

/** The columns to show: every key and metric, and the descriptive columns that hold something in some row. */
function shownColumns(t: Table): string[] {
  return columnOrder(t).filter((c) => c in t.metrics || t.keys.includes(c) || t.rows.some((r) => !isEmpty(r[c])));
}

function columnsOf(t: Table): Column[] {
  return shownColumns(t).map((name) => {
    const metric = t.metrics[name];
    const values = t.rows.map((r) => r[name]);
    const n = sharedN(values);
    const numeric = !!metric || values.every((v) => v === null || v === undefined || typeof v === 'number');
    const head = headOf(t, name, numeric, values.some(isSummary), n);
    const cell = (value: Cell | undefined): string => {
      const text = escapeHtml(cellText(value, metric?.unit));
      const kind = numeric ? 'num' : t.keys.includes(name) ? 'key' : undefined;
      if (!isSummary(value)) return tag('td', { class: kind }, text);
      const count = n === undefined ? ` ${tag('span', { class: 'n' }, `(n = ${value.n})`)}` : '';
      return tag('td', { class: 'num', title: summaryTitle(value, metric?.unit) }, text, count);
    };
    return { name, head, numeric, cell };
  });
}

/** A <table> of the given rows, or for a long one its first rows and the whole table behind "show all". */
function collapsible(attrs: Record<string, string>, head: string, rows: string[]): string {
  const table = (body: string[], preview = false) =>
    tag(
      'div',
      { class: 'scroll' },
      tag(
        'table',
        { ...attrs, 'data-preview': preview },
        tag('thead', {}, tag('tr', {}, head)),
        tag('tbody', {}, ...body),
      ),
    );
  if (rows.length <= LONG_TABLE_ROWS) return table(rows);
  const all = tag('details', { class: 'all' }, tag('summary', {}, `Show all ${rows.length} rows`), table(rows));
  return tag('div', { class: 'long' }, table(rows.slice(0, PREVIEW_ROWS), true), all);
}

/** A result table of a report as HTML; `name` is its key in report.json. */
export function resultTableHtml(name: string, t: Table): string {
  const cols = columnsOf(t);
  const rows = t.rows.map((r) => tag('tr', {}, ...cols.map((c) => c.cell(r[c.name]))));
  if (rows.length === 0) rows.push(tag('tr', {}, tag('td', { colspan: cols.length }, '(no rows)')));
  return collapsible({ class: 'result', 'data-table': name }, cols.map((c) => c.head).join(''), rows);
}

function dataCell(v: string | number | boolean | null): string {
  if (v === null) return '<td></td>';
  if (typeof v === 'number') return tag('td', { class: 'num' }, escapeHtml(formatNumber(v)));
  return tag('td', {}, escapeHtml(String(v)));
}

/** The numbers behind a chart as a table. */
export function chartDataHtml(name: string, data: ChartData): string {
  const head = data.columns.map((c) => {
    const numeric = data.rows.every((r) => r[c] === null || typeof r[c] === 'number');
    return tag('th', { scope: 'col', class: numeric ? 'num' : undefined }, escapeHtml(c));
  });
  const rows = data.rows.map((r) => tag('tr', {}, ...data.columns.map((c) => dataCell(r[c]))));
  return collapsible({ class: 'chart-data', 'data-chart': name }, head.join(''), rows);
}
