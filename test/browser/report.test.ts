// The HTML report in a real browser (src/core/html.ts, report.ts): a quick run of every lab, opened in headless
// Debian Chromium through puppeteer-core. Every lab section, result table and chart must be present and visible,
// with no console error and no request leaving the page's folder; each lab's report.html opens alone too. One
// screenshot per lab is saved under the test's temp folder (the path is printed). Skipped, with the reason in its
// name, where /usr/bin/chromium (or $CHROMIUM_PATH) is absent. SYSLAB_BROWSER_RUN=<run folder> opens an existing
// run instead of making one (a quick run of every lab takes about two and a half minutes on 2 cores), and
// SYSLAB_SCREENSHOTS=<folder> keeps the screenshots there (the temp folder goes when the test ends).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const RUN_TIMEOUT_MS = 900_000;

interface Lab {
  dir: string;
  report: Report;
}

let tmp = '';
let runDir = '';
let labs: Lab[] = [];
let browser: Browser | undefined;

/** Runs every lab with --quick into a fresh run folder, unless SYSLAB_BROWSER_RUN names one already made. */
function makeRun(): string {
  const given = process.env.SYSLAB_BROWSER_RUN;
  if (given) return path.resolve(given);
  const out = path.join(tmp, 'run');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', 'all', '--quick', '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  // A lab that cannot run here (no Redis server, say) is missing from the run, not a failure of the HTML.
  if (!existsSync(path.join(out, 'index.html'))) {
    throw new Error(`all --quick wrote no index.html (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  }
  return out;
}

/** Opens a page and records console errors, uncaught exceptions and any request that is not a local file. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser!.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`request left the folder: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems };
}

// In-page code is passed as text: the project compiles without the DOM's types.
const js = (selector: string) => JSON.stringify(selector);

/** Whether the element matching `selector` is laid out with a visible size. */
async function visible(page: Page, selector: string): Promise<boolean> {
  return (await page.evaluate(`(() => {
    const el = document.querySelector(${js(selector)});
    if (!el) return false;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  })()`)) as boolean;
}

/** How many elements match `selector`. */
async function count(page: Page, selector: string): Promise<number> {
  return (await page.evaluate(`document.querySelectorAll(${js(selector)}).length`)) as number;
}

/** The text of the first element matching `selector`. */
async function text(page: Page, selector: string): Promise<string> {
  return (await page.evaluate(`document.querySelector(${js(selector)})?.textContent ?? ''`)) as string;
}

/** The href attribute of every element matching `selector`. */
async function hrefs(page: Page, selector: string): Promise<string[]> {
  return (await page.evaluate(
    `[...document.querySelectorAll(${js(selector)})].map((a) => a.getAttribute('href'))`,
  )) as string[];
}

const attr = (v: string) => JSON.stringify(v);

describe.skipIf(!haveChromium)(
  haveChromium ? 'the HTML report in Chromium' : `the HTML report in Chromium (skipped: no browser at ${CHROMIUM})`,
  () => {
    beforeAll(async () => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'syslab-browser-'));
      runDir = makeRun();
      labs = readdirSync(runDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(runDir, d.name, 'report.json')))
        .map((d) => ({
          dir: d.name,
          report: JSON.parse(readFileSync(path.join(runDir, d.name, 'report.json'), 'utf8')) as Report,
        }))
        .sort((a, b) => a.dir.localeCompare(b.dir));
      const { default: puppeteer } = await import('puppeteer-core');
      browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          `--user-data-dir=${path.join(tmp, 'profile')}`,
        ],
      });
    }, RUN_TIMEOUT_MS + 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('shows every lab, table and chart of the index, with no console error, and saves a screenshot per lab', async () => {
      expect(labs.length).toBeGreaterThan(0);
      const shots = process.env.SYSLAB_SCREENSHOTS ?? path.join(tmp, 'screenshots');
      mkdirSync(shots, { recursive: true });
      const { page, problems } = await open(path.join(runDir, 'index.html'));
      for (const { dir, report } of labs) {
        const section = `section.lab[data-lab=${attr(report.lab.id)}]`;
        expect(await visible(page, section), `${dir}: section`).toBe(true);
        const tables = Object.keys(report.results.tables);
        for (const name of tables) {
          // A long table shows its first rows; either way the first table of that name is on screen.
          expect(await visible(page, `${section} table[data-table=${attr(name)}]`), `${dir}: table ${name}`).toBe(true);
        }
        expect(await count(page, `${section} table.result[data-table]:not([data-preview])`)).toBe(tables.length);
        for (const chart of report.charts) {
          const name = chart.file.replace(/\.svg$/, '');
          const svg = `${section} figure[data-chart=${attr(name)}] > svg`;
          expect(await visible(page, svg), `${dir}: chart ${name}`).toBe(true);
          expect(await count(page, `${svg} :is(path, line, rect, text)`)).toBeGreaterThan(5);
        }
        const element = await page.$(section);
        await element!.screenshot({ path: path.join(shots, `${dir}.png`) });
      }
      expect(problems).toEqual([]);
      console.log(`screenshots in ${shots}`);
    });

    it("opens each lab's report.html alone, with its tables, charts and links to the other labs", async () => {
      for (const { dir, report } of labs) {
        const { page, problems } = await open(path.join(runDir, dir, 'report.html'));
        expect(await text(page, 'h1')).toContain(report.lab.title);
        expect(await count(page, 'table.result:not([data-preview])')).toBe(Object.keys(report.results.tables).length);
        expect(await count(page, 'figure.chart > svg')).toBe(report.charts.length);
        const links = await hrefs(page, 'nav.labs a[href]');
        expect(links).toContain('../index.html');
        for (const other of labs.filter((o) => o.dir !== dir)) expect(links).toContain(`../${other.dir}/report.html`);
        expect(problems).toEqual([]);
        await page.close();
      }
    });
  },
);
