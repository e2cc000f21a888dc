// Charts as Vega-Lite specs, rendered to SVG headlessly with vega (no browser, no canvas). Labs describe a chart in
// one call with lineChart()/barChart() (options cover ordering, reference lines, ticks and direct labels, so no lab
// patches a spec), or pass any Vega-Lite spec with vegaLite(); every builder adds `$schema`, a white background and
// a colour-blind-safe palette. chartData() gives the numbers behind a chart, so a report can show it as a table.
// Tests: test/core/charts.test.ts.
import type { Row } from './table.js';

export interface ChartSpec {
  /** File stem: the chart is written as <name>.svg. */
  name: string;
  title: string;
  /** One or two sentences under the chart: what to look at. */
  caption?: string;
  spec: Record<string, unknown>;
}

/** The numbers behind a chart: the columns its encodings read, and the rows it draws. */
export interface ChartData {
  columns: string[];
  rows: Array<Record<string, string | number | boolean | null>>;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Okabe and Ito's colour-blind-safe colours, minus yellow and black (too light, kept for references). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9'] as const;
/** After six series the colours repeat with the next marker shape and dash pattern. */
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down'];
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [1, 3],
  [10, 4],
];
/** Reference series (bounds such as OPT or an ideal speed-up): dark greys, always dashed, no points. */
const REFERENCE_COLOURS = ['#222222', '#666666', '#999999'];
const REFERENCE_DASHES = [
  [6, 4],
  [2, 3],
  [8, 3, 2, 3],
];

/** Series labelled where their lines end (instead of a legend) when there are at most this many. */
const MAX_DIRECT_LABELS = 6;
/** Minimum vertical distance between two direct labels, in pixels. */
const LABEL_GAP = 12;

// Long legend and axis labels ("webgpu (software-gpu)") stay whole instead of being cut at Vega's default 160 px.
const CONFIG = {
  legend: { labelLimit: 0 },
  axis: { labelLimit: 0 },
  range: { category: [...PALETTE] },
  line: { strokeWidth: 2 },
  mark: { color: PALETTE[0] },
};

type Scale = 'linear' | 'log';
type Plain = Record<string, unknown>;

export interface XY {
  name: string;
  title: string;
  caption?: string;
  rows: Array<Record<string, unknown>> | Row[];
  x: string;
  y: string;
  /** A second category: one line (or one bar per group) per value. */
  color?: string;
  /** One small panel per value of this field. */
  facet?: string;
  xScale?: Scale;
  yScale?: Scale;
  xTitle?: string;
  yTitle?: string;
  width?: number;
  height?: number;
  /**
   * Order of the categories on a categorical axis (bars): a list (values not listed follow in row order),
   * 'rows' (the order the rows come in, the default), or 'ascending' / 'descending' by the plotted value.
   */
  order?: readonly string[] | 'rows' | 'ascending' | 'descending';
  /** Order of the series (legend, colours); default: the order they first appear in the rows. */
  colorOrder?: readonly string[];
  /** Order of the panels; default: the order they first appear in the rows. */
  facetOrder?: readonly string[];
  /** Values of `color` drawn as dashed grey reference lines without points: bounds such as OPT or an ideal. */
  references?: readonly string[];
  /** Ticks of a numeric x axis; default: at the measured values when there are at most 12 of them. */
  xTicks?: readonly number[];
  /** d3-format of the x tick labels; default 'd' (integers) when every tick is an integer. */
  xFormat?: string;
  /** Angle of the category labels under bars; default 0 when they fit side by side, else -45. */
  xLabelAngle?: number;
  /** Name each line where it ends instead of a legend; default when there are at most 6 series. */
  directLabels?: boolean;
  /** Bars only: categories down the y axis and values along x (long category names stay readable). */
  horizontal?: boolean;
  /** Bars only: print each bar's value beside it. */
  valueLabels?: boolean;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Distinct values of a field in the order they first appear. */
function distinct(rows: XY['rows'], field: string): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const r of rows as Plain[]) {
    const v = r[field];
    if (v === undefined || v === null || seen.has(str(v))) continue;
    seen.add(str(v));
    out.push(v);
  }
  return out;
}

/** `wanted` first (those present), then the rest in their own order. */
function ordered(values: unknown[], wanted: readonly string[] | undefined): unknown[] {
  if (!wanted) return values;
  const byKey = new Map(values.map((v) => [str(v), v]));
  const head = wanted.filter((w) => byKey.has(w)).map((w) => byKey.get(w));
  return [...head, ...values.filter((v) => !wanted.includes(str(v)))];
}

/** True when an axis title already says the scale is logarithmic. */
const saysLog = (title: string) => /\blog\b|logarithmic/i.test(title);

/** An axis title that says "log scale" when the scale is logarithmic. */
function axisTitle(title: string, scale: Scale | undefined): string {
  return scale === 'log' && !saysLog(title) ? `${title} (log scale)` : title;
}

/** Ticks and label format of a numeric x axis. */
function xAxis(o: XY): Plain {
  const xs = distinct(o.rows, o.x)
    .map(Number)
    .filter((v) => Number.isFinite(v) && (o.xScale !== 'log' || v > 0))
    .sort((a, b) => a - b);
  const ticks = o.xTicks ? [...o.xTicks] : xs.length > 0 && xs.length <= 12 ? xs : undefined;
  const format = o.xFormat ?? (ticks?.every(Number.isInteger) ? ',d' : undefined);
  return { labelOverlap: 'greedy', ...(ticks ? { values: ticks } : {}), ...(format ? { format } : {}) };
}

interface Series {
  /** The series in legend order: ordinary ones first, references last. */
  domain: unknown[];
  colours: string[];
  shapes: string[];
  dashes: number[][];
  isReference: (v: unknown) => boolean;
}

/** Colour, marker and dash of every series: six colours, then the next shape and dash, references grey and dashed. */
function seriesStyle(o: XY): Series | undefined {
  if (!o.color) return undefined;
  const all = ordered(distinct(o.rows, o.color), o.colorOrder);
  const refs = new Set(o.references ?? []);
  const isReference = (v: unknown) => refs.has(str(v));
  const plain = all.filter((v) => !isReference(v));
  const references = all.filter(isReference);
  const group = (i: number) => Math.floor(i / PALETTE.length) % SHAPES.length;
  return {
    domain: [...plain, ...references],
    colours: [
      ...plain.map((_, i) => PALETTE[i % PALETTE.length]),
      ...references.map((_, i) => REFERENCE_COLOURS[i % REFERENCE_COLOURS.length]),
    ],
    shapes: [...plain.map((_, i) => SHAPES[group(i)]), ...references.map(() => 'stroke')],
    dashes: [
      ...plain.map((_, i) => DASHES[group(i)]),
      ...references.map((_, i) => REFERENCE_DASHES[i % REFERENCE_DASHES.length]),
    ],
    isReference,
  };
}

/** d3's "nice" step for about ten ticks, so label positions can be estimated as Vega will draw them. */
function niceStep(span: number): number {
  const step = span / 10;
  const power = 10 ** Math.floor(Math.log10(step));
  const error = step / power;
  return power * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1);
}

/** Where a y value lands, from 0 (top) to 1 (bottom), on the y scale Vega-Lite will build, and back. */
function yPosition(
  values: number[],
  scale: Scale | undefined,
): { at: (v: number) => number; value: (t: number) => number } {
  if (scale === 'log') {
    const positive = values.filter((v) => v > 0);
    const lo = Math.floor(Math.log10(Math.min(...positive)));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...positive))));
    return { at: (v) => 1 - (Math.log10(v) - lo) / (hi - lo), value: (t) => 10 ** (hi - t * (hi - lo)) };
  }
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  return { at: (v) => 1 - (v - lo) / (hi - lo), value: (t) => hi - t * (hi - lo) };
}

/**
 * Marks the last point of each series (per panel) with its name and a vertical shift that keeps the names at least
 * LABEL_GAP pixels apart. Adds `__label` and its y value `__ly` to those rows; chartData() leaves such fields out.
 */
function withEndLabels(o: XY, rows: Plain[], height: number): Plain[] {
  const out = rows.map((r) => ({ ...r }));
  const panels = new Map<string, Plain[]>();
  for (const r of out) {
    const key = o.facet ? str(r[o.facet]) : '';
    const panel = panels.get(key);
    if (panel) panel.push(r);
    else panels.set(key, [r]);
  }
  const ys = out.map((r) => Number(r[o.y])).filter((v) => Number.isFinite(v) && (o.yScale !== 'log' || v > 0));
  const position = yPosition(ys, o.yScale);
  for (const panel of panels.values()) {
    const ends = new Map<string, Plain>();
    for (const r of panel) {
      const [x, y] = [Number(r[o.x]), Number(r[o.y])];
      // Only points the chart draws: finite, and positive on a log axis.
      if (
        !Number.isFinite(x) ||
        !Number.isFinite(y) ||
        (o.yScale === 'log' && y <= 0) ||
        (o.xScale === 'log' && x <= 0)
      )
        continue;
      const key = str(r[o.color!]);
      const best = ends.get(key);
      if (!best || Number(r[o.x]) > Number(best[o.x])) ends.set(key, r);
    }
    const labels = [...ends.values()]
      .map((r) => ({ row: r, y: position.at(Number(r[o.y])) * height }))
      .sort((a, b) => a.y - b.y);
    const placed = labels.map((l) => l.y);
    for (let i = 1; i < placed.length; i++) placed[i] = Math.max(placed[i], placed[i - 1] + LABEL_GAP);
    // If the stack ran off the bottom, push it back up (never above the top).
    const overflow = (placed.at(-1) ?? 0) - height;
    if (overflow > 0) for (let i = 0; i < placed.length; i++) placed[i] = Math.max(placed[i] - overflow, i * LABEL_GAP);
    labels.forEach((l, i) => {
      l.row.__label = str(l.row[o.color!]);
      l.row.__ly = position.value(Math.min(1, Math.max(0, placed[i] / height)));
    });
  }
  return out;
}

function yEncoding(o: XY): Plain {
  return {
    field: o.y,
    type: 'quantitative',
    title: axisTitle(o.yTitle ?? o.y, o.yScale),
    ...(o.yScale === 'log' ? { scale: { type: 'log' } } : {}),
  };
}

function seriesEncodings(o: XY, s: Series, legend: boolean): Plain {
  const title = o.color!;
  const hide = legend ? {} : { legend: null };
  return {
    color: { field: o.color, type: 'nominal', title, scale: { domain: s.domain, range: s.colours }, ...hide },
    strokeDash: { field: o.color, type: 'nominal', title, scale: { domain: s.domain, range: s.dashes }, ...hide },
  };
}

function tooltip(o: XY): Plain[] {
  return [o.facet, o.color, o.x, o.y].filter((f): f is string => !!f).map((field) => ({ field }));
}

/** Size, facet and the envelope every chart shares. */
function wrap(o: XY, view: Plain, rows: Plain[]): ChartSpec {
  const size = { width: o.width ?? (o.facet ? 220 : 480), height: o.height ?? (o.facet ? 160 : 280) };
  const data = { values: rows };
  const spec: Plain = o.facet
    ? {
        data,
        facet: {
          field: o.facet,
          type: 'nominal',
          title: o.facet,
          sort: ordered(distinct(o.rows, o.facet), o.facetOrder),
        },
        // Four panels make a 2 x 2 grid; otherwise rows of three.
        columns: distinct(o.rows, o.facet).length === 4 ? 2 : 3,
        spec: { ...size, ...view },
      }
    : { data, ...size, ...view };
  return vegaLite({ name: o.name, title: o.title, caption: o.caption, spec });
}

/**
 * Lines with points, for a metric against a numeric x (sizes, counts). With `color`, one line per series: six
 * colour-blind-safe colours, then marker shapes and dashes; `references` are dashed grey lines without points;
 * with few series each line is named where it ends.
 */
export function lineChart(o: XY): ChartSpec {
  const height = o.height ?? (o.facet ? 160 : 280);
  const x: Plain = {
    field: o.x,
    type: 'quantitative',
    title: axisTitle(o.xTitle ?? o.x, o.xScale),
    axis: xAxis(o),
    ...(o.xScale === 'log' ? { scale: { type: 'log', nice: false } } : {}),
  };
  const y = yEncoding(o);
  const s = seriesStyle(o);
  const rows = (o.rows as Plain[]).map((r) => ({ ...r }));
  if (!s) {
    return wrap(o, { mark: { type: 'line', point: true }, encoding: { x, y, tooltip: tooltip(o) } }, rows);
  }
  const direct = o.directLabels ?? s.domain.length <= MAX_DIRECT_LABELS;
  const shape = { field: o.color, type: 'nominal', title: o.color, scale: { domain: s.domain, range: s.shapes } };
  const refs = (o.references ?? []).map((r) => `datum[${JSON.stringify(o.color)}] === ${JSON.stringify(r)}`);
  const notReference = refs.length ? `!(${refs.join(' || ')})` : 'true';
  const layer: Plain[] = [
    { mark: { type: 'line' }, encoding: { ...seriesEncodings(o, s, !direct) } },
    {
      transform: [{ filter: notReference }],
      mark: { type: 'point', filled: true, size: 45, opacity: 1 },
      encoding: {
        color: seriesEncodings(o, s, !direct).color,
        shape: direct ? { ...shape, legend: null } : shape,
        tooltip: tooltip(o),
      },
    },
  ];
  if (direct) {
    layer.push({
      transform: [{ filter: 'isValid(datum.__label)' }],
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: 11 },
      encoding: {
        text: { field: '__label' },
        y: { ...y, field: '__ly' },
        color: seriesEncodings(o, s, false).color,
      },
    });
  }
  const values = direct ? withEndLabels(o, rows, height) : rows;
  return wrap(o, { encoding: { x, y }, layer }, values);
}

/** Category order for a bar axis, as Vega-Lite's `sort`. */
function categorySort(o: XY): unknown {
  if (o.order === 'ascending') return { field: o.y, op: 'median', order: 'ascending' };
  if (o.order === 'descending') return { field: o.y, op: 'median', order: 'descending' };
  return ordered(distinct(o.rows, o.x), o.order === 'rows' ? undefined : o.order);
}

/** Roughly how wide the category labels are side by side under the bars (7 px per character). */
function labelsWidth(o: XY): number {
  return distinct(o.rows, o.x)
    .map(str)
    .reduce((sum, n) => sum + n.length * 7 + 8, 0);
}

/** Widest a chart (or one facet panel) grows so its category labels stay level, before they are tilted instead. */
const MAX_LEVEL_WIDTH = { chart: 900, panel: 320 };

/**
 * Bars for a metric per category, in row order unless `order` says otherwise; grouped side by side when `color`
 * names a second category. On a log axis the bars start a decade below the smallest value.
 */
export function barChart(o: XY): ChartSpec {
  const horizontal = o.horizontal ?? false;
  // Level labels read best: widen the chart to fit them when that stays reasonable, else tilt them.
  const needed = labelsWidth(o);
  const widen = !horizontal && !o.width && needed <= (o.facet ? MAX_LEVEL_WIDTH.panel : MAX_LEVEL_WIDTH.chart);
  const width = o.width ?? Math.max(o.facet ? 220 : 480, widen ? needed : 0);
  const cat = horizontal ? 'y' : 'x';
  const val = horizontal ? 'x' : 'y';
  const s = seriesStyle(o);
  const categories = distinct(o.rows, o.x);
  const category: Plain = {
    field: o.x,
    type: 'nominal',
    title: o.xTitle ?? o.x,
    sort: categorySort(o),
    ...(horizontal ? {} : { axis: { labelAngle: o.xLabelAngle ?? (needed <= width ? 0 : -45) } }),
  };
  const value: Plain = yEncoding(o);
  const encoding: Plain = { [cat]: category, [val]: value, tooltip: tooltip(o) };
  if (s) {
    encoding.color = seriesEncodings(o, s, true).color;
    if (o.color !== o.x) encoding[`${cat}Offset`] = { field: o.color, type: 'nominal', sort: s.domain };
    if (s.domain.length > PALETTE.length) {
      // Beyond six groups the colours repeat: the repeats get a dark outline.
      const widths = s.domain.map((_, i) => (i < PALETTE.length ? 0 : 1.5));
      encoding.strokeWidth = {
        field: o.color,
        type: 'nominal',
        scale: { domain: s.domain, range: widths },
        legend: null,
      };
      encoding.stroke = { value: '#222' };
    }
  }
  if (o.yScale === 'log') {
    const positives = (o.rows as Plain[]).map((r) => Number(r[o.y])).filter((v) => v > 0);
    const base = positives.length ? 10 ** Math.floor(Math.log10(Math.min(...positives)) - 1) : 1;
    encoding[`${val}2`] = { datum: base };
  }
  const rows = (o.rows as Plain[]).map((r) => ({ ...r }));
  const sized: XY = horizontal && !o.height ? { ...o, height: Math.max(60, categories.length * 22) } : { ...o, width };
  if (!o.valueLabels) return wrap(sized, { mark: { type: 'bar' }, encoding }, rows);
  const text = {
    mark: horizontal
      ? { type: 'text', align: 'left', baseline: 'middle', dx: 3 }
      : { type: 'text', align: 'center', baseline: 'bottom', dy: -2 },
    encoding: { text: { field: o.y, format: ',.4~g' } },
  };
  return wrap(sized, { encoding, layer: [{ mark: { type: 'bar' } }, text] }, rows);
}

/**
 * Any Vega-Lite spec, for charts the helpers do not cover. `$schema`, the title, a white background, whole labels
 * and the colour-blind-safe palette are added (a spec's own `config` entries win).
 */
export function vegaLite(o: { name: string; title: string; caption?: string; spec: Plain }): ChartSpec {
  const { config, ...rest } = o.spec as { config?: Plain };
  return {
    name: o.name,
    title: o.title,
    ...(o.caption ? { caption: o.caption } : {}),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: o.title,
      background: 'white',
      ...rest,
      config: { ...CONFIG, ...config },
    },
  };
}

/** Every `field` an encoding (at any depth of layers, facets and concatenations) reads, in first-seen order. */
function fieldsOf(spec: unknown, out: string[] = []): string[] {
  if (Array.isArray(spec)) {
    for (const s of spec) fieldsOf(s, out);
  } else if (spec && typeof spec === 'object') {
    for (const [k, v] of Object.entries(spec as Plain)) {
      if (k === 'data' || k === 'config' || k === 'transform') continue;
      if (k === 'field' && typeof v === 'string' && !out.includes(v)) out.push(v);
      else fieldsOf(v, out);
    }
  }
  return out;
}

/** Every inline `data.values` array in a spec, in order. */
function valuesOf(spec: unknown, out: Plain[][] = []): Plain[][] {
  if (Array.isArray(spec)) {
    for (const s of spec) valuesOf(s, out);
  } else if (spec && typeof spec === 'object') {
    const o = spec as Plain;
    const data = o.data as { values?: unknown } | undefined;
    if (data && Array.isArray(data.values)) out.push(data.values as Plain[]);
    for (const [k, v] of Object.entries(o)) if (k !== 'data' && k !== 'config') valuesOf(v, out);
  }
  return out;
}

const cellOf = (v: unknown): string | number | boolean | null =>
  v === undefined || v === null ? null : typeof v === 'number' || typeof v === 'boolean' ? v : str(v);

/**
 * The numbers behind a chart: the rows of its inline data with the columns its encodings read (internal fields,
 * named with a leading `__`, left out); rows of every layer's data, one after another.
 */
export function chartData(chart: ChartSpec): ChartData {
  const sets = valuesOf(chart.spec);
  const fields = fieldsOf(chart.spec).filter((f) => !f.startsWith('__'));
  const present = new Set(sets.flatMap((rows) => rows.flatMap((r) => Object.keys(r))));
  const columns = fields.filter((f) => present.has(f));
  const rows = sets.flatMap((set) => set.map((r) => Object.fromEntries(columns.map((c) => [c, cellOf(r[c])]))));
  return { columns, rows };
}

/**
 * Renders a chart to an SVG string. vega and vega-lite load on first use, since they are large. Their warnings
 * (a channel dropped, a bad scale) go to `options.warnings` when given, and never to the terminal.
 */
export async function renderSvg(chart: ChartSpec, options: { warnings?: string[] } = {}): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const logger = vega.logger(vega.Warn, undefined, (_method, _level, args) => {
    options.warnings?.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  });
  const compiled = vl.compile(chart.spec as never, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
