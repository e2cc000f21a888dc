// The chart builders of src/core/charts.ts: the specs they build (order, references, palette, log titles, $schema),
// the numbers behind a chart (chartData), and each kind rendered once to well-formed SVG that names every series.
import { describe, expect, it } from 'vitest';
import {
  barChart,
  chartData,
  lineChart,
  PALETTE,
  renderSvg,
  vegaLite,
  VEGA_LITE_SCHEMA,
  type ChartSpec,
} from '../../src/core/charts.js';

const POLICIES = ['FIFO', 'LRU', 'CLOCK', 'LFU', 'SIEVE', 'S3-FIFO', 'ARC', '2Q', 'OPT'];
const SIZES = [10, 100, 1000];
const curves = POLICIES.flatMap((policy, i) =>
  SIZES.map((cacheSize) => ({ policy, cacheSize, missRatio: 1 / (1 + i + Math.log10(cacheSize)) })),
);

/** Checks that every tag opened is closed in order (what an XML parser would reject otherwise) and returns the tags. */
function wellFormed(svg: string): string[] {
  const stack: string[] = [];
  const tags: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (close) {
      expect(stack.pop(), `closing </${name}>`).toBe(name);
    } else {
      tags.push(name);
      if (!selfClose) stack.push(name);
    }
  }
  expect(stack).toEqual([]);
  return tags;
}

async function render(chart: ChartSpec): Promise<string> {
  const warnings: string[] = [];
  const svg = await renderSvg(chart, { warnings });
  expect(warnings).toEqual([]);
  expect(svg.startsWith('<svg')).toBe(true);
  expect(wellFormed(svg)[0]).toBe('svg');
  return svg;
}

/** The text of every <text> element. */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

const encodingOf = (chart: ChartSpec) => chart.spec.encoding as Record<string, Record<string, unknown>>;

describe('lineChart', () => {
  it('gives nine series six colours, then new marker shapes, and draws a reference dashed in grey without points', async () => {
    const chart = lineChart({
      name: 'curves',
      title: 'Miss ratio',
      rows: curves,
      x: 'cacheSize',
      y: 'missRatio',
      color: 'policy',
      xScale: 'log',
      references: ['OPT'],
    });
    const [lines, points] = chart.spec.layer as Array<Record<string, Record<string, Record<string, unknown>>>>;
    const colour = lines.encoding.color.scale as { domain: string[]; range: string[] };
    expect(colour.domain).toEqual(POLICIES);
    expect(colour.range.slice(0, 6)).toEqual([...PALETTE]);
    expect(new Set(colour.range).size).toBe(7); // six colours and the reference's grey
    const shape = points.encoding.shape.scale as { range: string[] };
    const styles = POLICIES.map((_, i) => `${colour.range[i]} ${shape.range[i]}`);
    expect(new Set(styles).size).toBe(POLICIES.length);
    const dashes = (lines.encoding.strokeDash.scale as { range: number[][] }).range;
    expect(dashes.at(-1)).not.toEqual([1, 0]);
    expect(JSON.stringify(points.transform)).toContain('OPT');

    const svg = await render(chart);
    const legend = texts(svg);
    for (const p of POLICIES) expect(legend).toContain(p);
    expect(svg).toContain('stroke-dasharray');
    expect(legend).toContain('cacheSize (log scale)');
  });

  it('names each of a few lines where it ends instead of a legend', async () => {
    const few = curves.filter((r) => ['FIFO', 'LRU', 'OPT'].includes(r.policy));
    const chart = lineChart({ name: 'few', title: 'Few', rows: few, x: 'cacheSize', y: 'missRatio', color: 'policy' });
    const values = (chart.spec.data as { values: Array<Record<string, unknown>> }).values;
    const labelled = values.filter((r) => r.__label !== undefined);
    expect(labelled.map((r) => r.__label)).toEqual(['FIFO', 'LRU', 'OPT']);
    expect(labelled.every((r) => r.cacheSize === 1000)).toBe(true);
    const svg = await render(chart);
    expect(svg).not.toContain('role-legend');
    for (const p of ['FIFO', 'LRU', 'OPT']) expect(texts(svg)).toContain(p);
    const forced = lineChart({
      name: 'f',
      title: 'F',
      rows: few,
      x: 'cacheSize',
      y: 'missRatio',
      color: 'policy',
      directLabels: false,
    });
    expect(await render(forced)).toContain('role-legend');
  });

  it('moves labels of lines that end at the same value at least 12 px apart', () => {
    const rows = ['a', 'b'].flatMap((s) => [1, 2].map((x) => ({ s, x, y: x === 2 ? 0.5 : 0.9 })));
    const chart = lineChart({ name: 'tie', title: 'Tie', rows, x: 'x', y: 'y', color: 's', height: 280 });
    const values = (chart.spec.data as { values: Array<Record<string, number>> }).values;
    const [a, b] = values.filter((r) => r.__ly !== undefined).map((r) => r.__ly);
    // The y scale runs from 0 to the top of the data (0.9 here, already a nice number): 12 px of 280 is 12/280 of it.
    expect(Math.abs(a - b)).toBeGreaterThanOrEqual((12 / 280) * 0.9 * 0.999);
  });

  it('labels a line on a log axis at its last drawable point, never at a zero', () => {
    const rows = [
      { s: 'a', x: 1, y: 10 },
      { s: 'a', x: 2, y: 0 },
      { s: 'b', x: 1, y: 5 },
      { s: 'b', x: 2, y: 50 },
    ];
    const chart = lineChart({ name: 'z', title: 'Z', rows, x: 'x', y: 'y', color: 's', yScale: 'log' });
    const values = (chart.spec.data as { values: Array<Record<string, number | string>> }).values;
    const labelled = values.filter((r) => r.__label !== undefined);
    expect(labelled.map((r) => [r.__label, r.x])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(labelled.every((r) => Number.isFinite(r.__ly) && (r.__ly as number) > 0)).toBe(true);
  });

  it('ticks a numeric x axis at the measured values as integers, says log on log axes, keeps a title that does', () => {
    const chart = lineChart({
      name: 't',
      title: 'T',
      rows: [1, 2, 4].map((threads) => ({ threads, s: threads })),
      x: 'threads',
      y: 's',
      yScale: 'log',
      yTitle: 'seconds (log)',
    });
    const enc = encodingOf(chart);
    expect(enc.x.axis).toMatchObject({ values: [1, 2, 4], format: ',d' });
    expect(enc.y.title).toBe('seconds (log)');
    expect(enc.x.title).toBe('threads');
  });
});

describe('barChart', () => {
  const rows = [
    { message: 'small', bytes: 9 },
    { message: 'bulk', bytes: 900 },
    { message: 'medium', bytes: 90 },
  ];

  it('keeps the categories in row order, or the order asked for', () => {
    expect(encodingOf(barChart({ name: 'b', title: 'B', rows, x: 'message', y: 'bytes' })).x.sort).toEqual([
      'small',
      'bulk',
      'medium',
    ]);
    const asked = barChart({ name: 'b', title: 'B', rows, x: 'message', y: 'bytes', order: ['medium'] });
    expect(encodingOf(asked).x.sort).toEqual(['medium', 'small', 'bulk']);
    const ascending = barChart({ name: 'b', title: 'B', rows, x: 'message', y: 'bytes', order: 'ascending' });
    expect(encodingOf(ascending).x.sort).toMatchObject({ field: 'bytes', order: 'ascending' });
  });

  it('widens a chart so its category labels stay level, and tilts them only when that would be too wide', () => {
    const named = (n: number, len: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `${'x'.repeat(len)}${i}`, v: i + 1 }));
    const level = barChart({ name: 'w', title: 'W', rows: named(6, 12), x: 'name', y: 'v' });
    expect(level.spec.width).toBeGreaterThan(480);
    expect(encodingOf(level).x.axis).toEqual({ labelAngle: 0 });
    const tilted = barChart({ name: 't', title: 'T', rows: named(40, 20), x: 'name', y: 'v' });
    expect(tilted.spec.width).toBe(480);
    expect(encodingOf(tilted).x.axis).toEqual({ labelAngle: -45 });
  });

  it('renders grouped bars on a log axis with a legend naming every group', async () => {
    const grouped = ['a', 'b'].flatMap((m) =>
      ['encode', 'decode'].map((op, i) => ({ m, op, perSecond: 10 ** (i + 2) })),
    );
    const chart = barChart({
      name: 'g',
      title: 'G',
      rows: grouped,
      x: 'm',
      y: 'perSecond',
      color: 'op',
      yScale: 'log',
    });
    expect(encodingOf(chart).y2).toEqual({ datum: 10 });
    const svg = await render(chart);
    for (const t of ['encode', 'decode', 'a', 'b', 'perSecond (log scale)']) expect(texts(svg)).toContain(t);
    expect(svg).toContain(PALETTE[0]);
    expect(svg).toContain(PALETTE[1]);
  });

  it('draws horizontal bars with their values beside them', async () => {
    const chart = barChart({
      name: 'h',
      title: 'H',
      rows,
      x: 'message',
      y: 'bytes',
      horizontal: true,
      valueLabels: true,
    });
    expect(encodingOf(chart).y.field).toBe('message');
    expect(chart.spec.height).toBe(66);
    const svg = await render(chart);
    for (const t of ['9', '90', '900', 'small', 'bulk']) expect(texts(svg)).toContain(t);
  });
});

describe('vegaLite and chartData', () => {
  it('adds $schema, the palette and whole labels to a hand-written spec, keeping its own config', () => {
    const chart = vegaLite({
      name: 'v',
      title: 'V',
      caption: 'look here',
      spec: { mark: 'point', config: { axis: { grid: false } } },
    });
    expect(chart.spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(chart.caption).toBe('look here');
    expect(chart.spec.config).toMatchObject({ axis: { grid: false }, range: { category: [...PALETTE] } });
  });

  it('gives the rows of every layer with the columns the encodings read, internal fields left out', () => {
    const few = curves.filter((r) => r.policy === 'LRU');
    const line = lineChart({ name: 'l', title: 'L', rows: few, x: 'cacheSize', y: 'missRatio', color: 'policy' });
    const data = chartData(line);
    expect(data.columns).toEqual(['cacheSize', 'missRatio', 'policy']);
    expect(data.rows).toEqual(few.map((r) => ({ cacheSize: r.cacheSize, missRatio: r.missRatio, policy: 'LRU' })));
    const layered = vegaLite({
      name: 'r',
      title: 'R',
      spec: {
        layer: [
          {
            data: { values: [{ x: 1, y: 2, extra: 'no' }] },
            mark: 'line',
            encoding: { x: { field: 'x' }, y: { field: 'y' } },
          },
          {
            data: { values: [{ x: 3, y: 4, who: 'me' }] },
            mark: 'point',
            encoding: { x: { field: 'x' }, y: { field: 'y' }, color: { field: 'who' } },
          },
        ],
      },
    });
    expect(chartData(layered)).toEqual({
      columns: ['x', 'y', 'who'],
      rows: [
        { x: 1, y: 2, who: null },
        { x: 3, y: 4, who: 'me' },
      ],
    });
  });
});
