// Reads the report.json of every lab folder in a run folder without trusting any of them: a truncated, hand-edited or
// foreign file is listed as unreadable (with why), never thrown, so one bad sibling cannot stop a lab from publishing
// or the index from being rebuilt. Tests: test/faults/publish.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from './report.js';

export interface RunReports {
  /** Lab folders whose report.json reads as a report, sorted by folder name. */
  labs: Array<{ dir: string; report: Report }>;
  /** Lab folders with a report.json that could not be read or is not a report, and why. */
  unreadable: Array<{ dir: string; reason: string }>;
}

/** Why `value` is not a report the index can show, or undefined when it is one. */
export function reportProblem(value: unknown): string | undefined {
  const r = value as Partial<Report> | null;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'not a JSON object';
  if (typeof r.lab !== 'object' || r.lab === null || typeof r.lab.id !== 'string' || typeof r.lab.title !== 'string')
    return 'no lab {id, title}';
  if (typeof r.startedAt !== 'string' || typeof r.durationMs !== 'number') return 'no startedAt or durationMs';
  if (!Array.isArray(r.findings) || !r.findings.every((f) => typeof f === 'string')) return 'no findings list';
  if (!Array.isArray(r.charts)) return 'no charts list';
  if (typeof r.machine !== 'object' || r.machine === null) return 'no machine';
  return undefined;
}

/** Every non-hidden folder of `runDir` holding a report.json, read and checked. */
export function readRunReports(runDir: string): RunReports {
  const result: RunReports = { labs: [], unreadable: [] };
  const dirs = readdirSync(runDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  for (const dir of dirs) {
    let text: string;
    try {
      text = readFileSync(path.join(runDir, dir, 'report.json'), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // not a lab folder
      result.unreadable.push({ dir, reason: `report.json cannot be read (${code ?? String(error)})` });
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      result.unreadable.push({ dir, reason: 'report.json is not valid JSON' });
      continue;
    }
    const problem = reportProblem(parsed);
    if (problem) result.unreadable.push({ dir, reason: `report.json is not a syslab report (${problem})` });
    else result.labs.push({ dir, report: parsed as Report });
  }
  return result;
}
