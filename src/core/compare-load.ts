// Loading runs for compare: a run folder (every lab in it), a lab folder or one report.json, checked to be a syslab
// report whose tables have keys, metrics and rows (anything else is one line of bad input, exit 2); naming runs
// (`mine=reports/x` or A, B, C... in order); and a class folder of runs. Tests: test/core/compare.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { REPORT_SCHEMA, type Report } from './report.js';

/** One run to compare: its name in the output, where it came from, and its reports (one per lab). */
export interface NamedRun {
  name: string;
  source: string;
  reports: Report[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the parts compare relies on; the message names the first missing part. */
export function checkReport(parsed: unknown, file: string): Report {
  if (!isObject(parsed) || parsed.schema !== REPORT_SCHEMA)
    throw new InputError(`"${file}" is not a syslab report (expected "schema": "${REPORT_SCHEMA}")`);
  const lab = parsed.lab;
  if (!isObject(lab) || typeof lab.id !== 'string')
    throw new InputError(`"${file}" is not a syslab report: it lacks "lab" with an "id"`);
  const results = parsed.results;
  if (!isObject(results) || !isObject(results.tables))
    throw new InputError(`"${file}" is not a syslab report: it lacks "results.tables" (an object of tables)`);
  for (const [name, t] of Object.entries(results.tables)) {
    if (!isObject(t)) throw new InputError(`"${file}": table "${name}" is not an object`);
    if (!Array.isArray(t.keys) || !t.keys.every((k) => typeof k === 'string'))
      throw new InputError(`"${file}": table "${name}" lacks "keys" (a list of the column names that match rows)`);
    if (!isObject(t.metrics))
      throw new InputError(`"${file}": table "${name}" lacks "metrics" (an object of metric columns)`);
    if (!Array.isArray(t.rows) || !t.rows.every(isObject))
      throw new InputError(`"${file}": table "${name}" lacks "rows" (a list of objects)`);
  }
  return parsed as unknown as Report;
}

function readReport(file: string): Report {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`"${file}" is not a readable JSON report: ${(error as Error).message}`);
  }
  return checkReport(parsed, file);
}

/** A run folder (every lab in it), a lab folder, or one report.json file. */
export function loadReports(target: string): Report[] {
  if (!existsSync(target))
    throw new InputError(`"${target}" does not exist; give a run folder, a lab folder or a report.json file`);
  if (statSync(target).isFile()) return [readReport(target)];
  const own = path.join(target, 'report.json');
  if (existsSync(own)) return [readReport(own)];
  const reports = readdirSync(target, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && existsSync(path.join(target, d.name, 'report.json')))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => readReport(path.join(target, d.name, 'report.json')));
  if (reports.length === 0) throw new InputError(`"${target}" holds no report.json (nor do its folders)`);
  return reports;
}

/**
 * Runs from command-line words: `name=path` names a run; a bare path gets the next letter (A, B, C...).
 * Names must be unique and made of letters, digits, '.', '_' or '-'.
 */
export function parseRunArgs(words: readonly string[]): NamedRun[] {
  const runs: NamedRun[] = [];
  words.forEach((word, i) => {
    const eq = word.indexOf('=');
    const named = eq > 0 && !existsSync(word);
    const name = named ? word.slice(0, eq) : String.fromCharCode(65 + i);
    const source = named ? word.slice(eq + 1) : word;
    if (!/^[A-Za-z0-9._-]+$/.test(name))
      throw new InputError(`run name "${name}" is not allowed; allowed: letters, digits, '.', '_' and '-'`);
    if (runs.some((r) => r.name === name)) throw new InputError(`run name "${name}" is given twice; names must differ`);
    runs.push({ name, source, reports: loadReports(source) });
  });
  return runs;
}

/** Every run in a class folder: each subfolder (a run folder or a lab folder) and each .json file directly in it. */
export function loadClass(folder: string): NamedRun[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new InputError(`--class: "${folder}" is not a folder; give a folder holding one run per student`);
  const runs = readdirSync(folder, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.') && (d.isDirectory() || d.name.endsWith('.json')))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
    .map((d) => ({
      name: d.name.replace(/\.json$/, ''),
      source: path.join(folder, d.name),
      reports: loadReports(path.join(folder, d.name)),
    }));
  if (runs.length < 2) throw new InputError(`--class: "${folder}" holds ${runs.length} runs; a class needs at least 2`);
  return runs;
}
