// The one stylesheet of the HTML reports, inlined into every page so a page opens alone (from a zip, an email):
// readable measure, aligned numbers, FAILED banners, scrollable wide tables, and print rules that open every
// "show all", fit wide tables to the page, keep figures whole and start each lab on a new page.
// Tests: test/core/html.test.ts, test/browser/report.test.ts.
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5b5b5b; --rule: #d8d8d8; --band: #f4f6f8;
  --fail: #b00020; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0;
  background: #fff; }
main { max-width: 1240px; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .25rem; padding-top: .75rem; border-top: 3px solid var(--ink); }
h3 { font-size: 1.08rem; margin: 1.75rem 0 .35rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
p, li { max-width: 78ch; }
a { color: #0b5cad; }
code, pre { font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
pre { background: var(--band); padding: .75rem 1rem; overflow-x: auto; border-radius: 4px; }
.question { font-size: 1.08rem; color: var(--muted); margin: .1rem 0 .75rem; }
.meta { color: var(--muted); font-size: .9rem; margin: .25rem 0; }
nav.labs { display: flex; flex-wrap: wrap; gap: .35rem .9rem; margin: .75rem 0 1rem; padding: .5rem .75rem;
  background: var(--band); border-radius: 4px; }
nav.labs a.here { font-weight: 700; text-decoration: none; color: var(--ink); }
.failed { border: 2px solid var(--fail); background: #fdecee; color: var(--fail); padding: .6rem .9rem;
  border-radius: 4px; margin: .75rem 0; }
.failed strong { font-size: 1.05rem; letter-spacing: .03em; }
.badge-failed { background: var(--fail); color: #fff; font-size: .75rem; font-weight: 700; padding: .1rem .45rem;
  border-radius: 3px; vertical-align: middle; margin-left: .5rem; }
ul.findings li { margin: .25rem 0; }
.scroll { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; font-size: .86rem; }
th, td { padding: .28rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafafa; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th .unit { display: block; font-weight: 400; color: var(--muted); font-size: .78rem; }
td.key { white-space: nowrap; }
td .n { color: var(--muted); font-size: .78rem; }
.table-note { color: var(--muted); font-size: .9rem; margin: .1rem 0 .25rem; }
.long:has(details.all[open]) > .scroll { display: none; }
details.all > summary, details.data > summary { cursor: pointer; color: #0b5cad; margin: .25rem 0 .75rem; }
figure.chart { margin: 1.25rem 0 1.75rem; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .35rem; max-width: 78ch; }
figcaption strong { color: var(--ink); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; font-size: .9rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
footer { color: var(--muted); font-size: .85rem; margin-top: 3rem; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.labs, details > summary { display: none; }
  section.lab { break-before: page; }
  section.lab:first-of-type { break-before: auto; }
  h2, h3, h4 { break-after: avoid; }
  figure.chart, tr { break-inside: avoid; }
  .long > .scroll:has(table[data-preview]) { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  .scroll { overflow: visible; }
  table { font-size: 8pt; }
  th, td { padding: 2px 4px; }
  thead th, .num { white-space: normal; }
  details.data { display: none; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * Opens every "show all" before printing, so "Print to PDF" holds every row (browsers without ::details-content).
 * The numbers behind a chart stay closed: on paper the chart itself is printed.
 */
export const PRINT_SCRIPT =
  "addEventListener('beforeprint',()=>{for(const d of document.querySelectorAll('details.all'))d.open=true});";
