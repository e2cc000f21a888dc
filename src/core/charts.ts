// Charts as Vega-Lite specs, rendered to SVG headlessly with vega (no browser, no canvas). Labs describe a chart in
// a line with lineChart()/barChart(), or pass any Vega-Lite spec with vegaLite(). Tests: test/core/lab.test.ts.
import type { Row } from './table.js';

export interface ChartSpec {
  /** File stem: the chart is written as <name>.svg. */
  name: string;
  title: string;
  spec: Record<string, unknown>;
}

type Scale = 'linear' | 'log';

// Long legend and axis labels ("webgpu (software-gpu)") stay whole instead of being cut at Vega's default 160 px.
const LEGIBLE = { legend: { labelLimit: 0 }, axis: { labelLimit: 0 } };

interface XY {
  name: string;
  title: string;
  rows: Array<Record<string, unknown>> | Row[];
  x: string;
  y: string;
  color?: string;
  /** One small panel per value of this field. */
  facet?: string;
  xScale?: Scale;
  yScale?: Scale;
  xTitle?: string;
  yTitle?: string;
  width?: number;
  height?: number;
}

/** On a log x axis, put the ticks at the measured x values when there are few of them (sizes, thread counts). */
function logTicks(o: XY): Record<string, unknown> {
  const xs = [...new Set(o.rows.map((r) => Number((r as Record<string, unknown>)[o.x])).filter((v) => v > 0))].sort(
    (a, b) => a - b,
  );
  return xs.length > 0 && xs.length <= 12 ? { values: xs } : {};
}

function encodingFor(o: XY, xType: 'quantitative' | 'nominal' | 'ordinal') {
  const encoding: Record<string, unknown> = {
    x: {
      field: o.x,
      type: xType,
      title: o.xTitle ?? o.x,
      ...(o.xScale === 'log' ? { scale: { type: 'log', nice: false }, axis: logTicks(o) } : {}),
    },
    y: {
      field: o.y,
      type: 'quantitative',
      title: o.yTitle ?? o.y,
      ...(o.yScale === 'log' ? { scale: { type: 'log' } } : {}),
    },
  };
  if (o.color) encoding.color = { field: o.color, type: 'nominal', title: o.color };
  encoding.tooltip = [o.x, o.y, ...(o.color ? [o.color] : [])].map((field) => ({ field }));
  return encoding;
}

function wrap(o: XY, mark: Record<string, unknown>, encoding: Record<string, unknown>): ChartSpec {
  const size = { width: o.width ?? (o.facet ? 220 : 480), height: o.height ?? (o.facet ? 160 : 280) };
  const values = o.rows.map((r) => ({ ...r }));
  const spec: Record<string, unknown> = o.facet
    ? {
        data: { values },
        facet: { field: o.facet, type: 'nominal', title: o.facet },
        columns: 3,
        spec: { ...size, mark, encoding },
      }
    : { data: { values }, ...size, mark, encoding };
  return {
    name: o.name,
    title: o.title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: o.title,
      background: 'white',
      config: LEGIBLE,
      ...spec,
    },
  };
}

/** Lines with points, for a metric against a numeric x (sizes, counts). */
export function lineChart(o: XY): ChartSpec {
  return wrap(o, { type: 'line', point: true }, encodingFor(o, 'quantitative'));
}

/** Bars for a metric per category; grouped side by side when color names a second category. */
export function barChart(o: XY): ChartSpec {
  const encoding = encodingFor(o, 'nominal');
  if (o.color && o.color !== o.x) encoding.xOffset = { field: o.color, type: 'nominal' };
  if (o.yScale === 'log') {
    // Bars on a log axis need a positive base: start them a decade below the smallest value.
    const positives = o.rows.map((r) => Number((r as Record<string, unknown>)[o.y])).filter((v) => v > 0);
    const base = positives.length ? 10 ** Math.floor(Math.log10(Math.min(...positives)) - 1) : 1;
    encoding.y2 = { datum: base };
  }
  return wrap(o, { type: 'bar' }, encoding);
}

/** Any Vega-Lite spec, for charts the helpers do not cover. */
export function vegaLite(o: { name: string; title: string; spec: Record<string, unknown> }): ChartSpec {
  return { name: o.name, title: o.title, spec: { title: o.title, background: 'white', config: LEGIBLE, ...o.spec } };
}

/** Renders a chart to an SVG string. vega and vega-lite load on first use, since they are large. */
export async function renderSvg(chart: ChartSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(chart.spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
