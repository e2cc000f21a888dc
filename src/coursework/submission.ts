// A submission that proves where it came from: `syslab submit` zips a lab's report (report.json, report.md), the
// plug-in sources the report's params name, the answers, and a manifest with every file's SHA-256, syslab's version and
// git commit, the params, seed and machine. `syslab verify` checks the hashes, re-runs the lab's deterministic parts
// with the recorded params and seed (the plug-ins from the zip), and lists every exact metric that differs, so an
// edited report.json fails. Timings are never re-judged. Tests: test/coursework/submission.test.ts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { InputError } from '../core/errors.js';
import type { Lab } from '../core/lab.js';
import { PROJECT_ROOT } from '../core/plugin.js';
import { createProgress } from '../core/progress.js';
import type { Report } from '../core/report.js';
import { createRng } from '../core/rng.js';
import { isSummary } from '../core/stats.js';
import type { Table } from '../core/table.js';

export const SUBMISSION_SCHEMA = 'syslab.submission/1';

/** Report params that name plug-in files, and the kind each holds. */
export const PLUGIN_PARAMS = {
  policyFile: 'policy',
  lockFile: 'lock',
  placementFile: 'placement',
  backendFile: 'backend',
} as const;

export interface ManifestFile {
  /** Path inside the zip. */
  name: string;
  sha256: string;
  /** For plug-ins: the report param it came from and the path it had there. */
  param?: string;
  original?: string;
}

export interface Manifest {
  schema: string;
  lab: { id: string; slug: string };
  student?: string;
  createdAt: string;
  syslab: { version: string; commit: string };
  params: Record<string, unknown>;
  seed: number;
  machine: unknown;
  files: ManifestFile[];
}

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** This checkout's git commit, or "unknown" outside a git clone. */
export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

function syslabVersion(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The plug-in paths a report's params name (a param may hold one path or a list). */
export function pluginPaths(params: Record<string, unknown>): { param: string; file: string }[] {
  const out: { param: string; file: string }[] = [];
  for (const param of Object.keys(PLUGIN_PARAMS)) {
    const value = params[param];
    for (const file of Array.isArray(value) ? value : value === undefined ? [] : [value])
      if (typeof file === 'string' && file !== '') out.push({ param, file });
  }
  return out;
}

export interface SubmitOptions {
  /** The lab's folder in a run (holds report.json), e.g. reports/RUN/03-cache-policies. */
  labDir: string;
  answers?: string;
  student?: string;
  /** Extra plug-in files besides those the report names. */
  extra?: string[];
  /** Resolves the report's relative plug-in paths (default: the working directory). */
  cwd?: string;
}

/** Builds the zip's bytes and its manifest. */
export function createSubmission(o: SubmitOptions): { zip: Uint8Array; manifest: Manifest } {
  const reportFile = path.join(o.labDir, 'report.json');
  if (!existsSync(reportFile))
    throw new InputError(`submit: "${o.labDir}" has no report.json; allowed: a lab's folder inside a run`);
  const reportBytes = readFileSync(reportFile);
  let report: Report;
  try {
    report = JSON.parse(reportBytes.toString('utf8')) as Report;
  } catch {
    throw new InputError(`submit: "${reportFile}" is not valid JSON`);
  }
  const entries: Record<string, Uint8Array> = { 'report/report.json': reportBytes };
  const files: ManifestFile[] = [{ name: 'report/report.json', sha256: sha256(reportBytes) }];
  const md = path.join(o.labDir, 'report.md');
  if (existsSync(md)) {
    entries['report/report.md'] = readFileSync(md);
    files.push({ name: 'report/report.md', sha256: sha256(entries['report/report.md']) });
  }
  const params = report.params;
  const plugins = [...pluginPaths(params), ...(o.extra ?? []).map((file) => ({ param: undefined, file }))];
  for (const { param, file } of plugins) {
    const full = path.resolve(o.cwd ?? process.cwd(), file);
    if (!existsSync(full))
      throw new InputError(
        `submit: the plug-in "${file}" (${param ?? 'given'}) does not exist; run submit from where you ran the lab`,
      );
    const bytes = readFileSync(full);
    const name = `plugins/${files.filter((f) => f.name.startsWith('plugins/')).length}-${path.basename(file)}`;
    entries[name] = bytes;
    files.push({ name, sha256: sha256(bytes), ...(param ? { param, original: file } : {}) });
  }
  if (o.answers !== undefined) {
    if (!existsSync(o.answers)) throw new InputError(`submit: --answers "${o.answers}" does not exist`);
    entries['answers.md'] = readFileSync(o.answers);
    files.push({ name: 'answers.md', sha256: sha256(entries['answers.md']) });
  }
  const manifest: Manifest = {
    schema: SUBMISSION_SCHEMA,
    lab: { id: report.lab.id, slug: report.lab.slug },
    ...(o.student ? { student: o.student } : {}),
    createdAt: new Date().toISOString(),
    syslab: { version: syslabVersion(), commit: gitCommit() },
    params,
    seed: Number(params.seed),
    machine: report.machine,
    files,
  };
  entries['manifest.json'] = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  return { zip: zipSync(entries, { level: 6 }), manifest };
}

/** An opened submission: its manifest and files (by zip path). */
export interface OpenedSubmission {
  manifest: Manifest;
  files: Record<string, Uint8Array>;
}

/** Reads a submission zip; a file that is not one is an InputError naming it. */
export function openSubmission(zipFile: string): OpenedSubmission {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(readFileSync(zipFile));
  } catch (error) {
    throw new InputError(`"${zipFile}" is not a readable zip: ${(error as Error).message}`);
  }
  const raw = files['manifest.json'];
  if (!raw) throw new InputError(`"${zipFile}" has no manifest.json; allowed: a zip made by syslab submit`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(strFromU8(raw)) as Manifest;
  } catch {
    throw new InputError(`"${zipFile}": manifest.json is not valid JSON`);
  }
  if (manifest.schema !== SUBMISSION_SCHEMA)
    throw new InputError(`"${zipFile}": manifest schema "${String(manifest.schema)}", allowed: ${SUBMISSION_SCHEMA}`);
  return { manifest, files };
}

/** Writes the submission's files under `dir` (safe names only) and returns the plug-in paths by param. */
export function extractSubmission(s: OpenedSubmission, dir: string): Map<string, string[]> {
  const byParam = new Map<string, string[]>();
  for (const entry of s.manifest.files) {
    const data = s.files[entry.name];
    if (!data || !/^[A-Za-z0-9._/-]+$/.test(entry.name) || entry.name.split('/').includes('..')) continue;
    const target = path.join(dir, entry.name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, data);
    if (entry.param) byParam.set(entry.param, [...(byParam.get(entry.param) ?? []), target]);
  }
  return byParam;
}

/** Files whose bytes no longer match the manifest's SHA-256 (or are missing). */
export function hashMismatches(s: OpenedSubmission): string[] {
  return s.manifest.files
    .filter((f) => !s.files[f.name] || sha256(s.files[f.name]) !== f.sha256)
    .map((f) => (s.files[f.name] ? `${f.name}: SHA-256 differs from the manifest` : `${f.name}: missing`));
}

const TIMING_UNITS = new Set(['s', 'ms', 'us', 'µs', 'ns/op']);

/** Whether a metric is exact (re-computable): declared exact, or undeclared with plain numbers and no time unit. */
function isExact(table: Table, metric: string, rows: Record<string, unknown>[]): boolean {
  const m = (table.metrics as Record<string, { unit?: string; kind?: string }>)[metric];
  if (!m) return false;
  if (m.kind !== undefined) return m.kind === 'exact';
  if (m.unit && (TIMING_UNITS.has(m.unit) || /\/s$/.test(m.unit))) return false;
  return rows.every((r) => r[metric] === null || r[metric] === undefined || typeof r[metric] === 'number');
}

/** Every exact metric of `claimed` whose value in `rerun` differs (rows matched by their key columns). */
export function exactDifferences(claimed: Report, rerun: { tables: Record<string, Table> }): string[] {
  const out: string[] = [];
  const claimedTables = claimed.results?.tables ?? {};
  for (const [name, table] of Object.entries(claimedTables)) {
    const again = rerun.tables[name];
    if (!again) {
      out.push(`table ${name}: not produced by the re-run`);
      continue;
    }
    const keyOf = (r: Record<string, unknown>) => table.keys.map((k) => String(r[k])).join(' | ');
    const rows = table.rows as Record<string, unknown>[];
    const againRows = new Map((again.rows as Record<string, unknown>[]).map((r) => [keyOf(r), r]));
    for (const metric of Object.keys(table.metrics)) {
      if (!isExact(table, metric, rows)) continue;
      for (const row of rows) {
        const other = againRows.get(keyOf(row));
        if (!other) {
          out.push(`table ${name}, row ${keyOf(row)}: not produced by the re-run`);
          break;
        }
        const a = row[metric];
        const b = other[metric];
        if (isSummary(a) || isSummary(b)) continue;
        const same =
          typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) : a === b;
        if (!same)
          out.push(`table ${name}, row ${keyOf(row)}, ${metric}: report says ${String(a)}, re-run gives ${String(b)}`);
      }
    }
  }
  return out;
}

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  /** Exact metrics compared. */
  compared: number;
}

/** Verifies a submission zip: hashes, then a re-run of `lab` with the recorded params, seed and plug-ins. */
export async function verifySubmission(zipFile: string, lab: Lab): Promise<VerifyResult> {
  const s = openSubmission(zipFile);
  const problems = hashMismatches(s);
  const reportBytes = s.files['report/report.json'];
  if (!reportBytes) return { ok: false, problems: [...problems, 'report/report.json: missing'], compared: 0 };
  const claimed = JSON.parse(strFromU8(reportBytes)) as Report;
  if (claimed.lab.id !== lab.id) problems.push(`the report is lab ${claimed.lab.id}, the manifest says ${lab.id}`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'syslab-verify-'));
  try {
    const plugins = extractSubmission(s, path.join(scratch, 'files'));
    const params: Record<string, unknown> = { ...claimed.params };
    for (const param of Object.keys(PLUGIN_PARAMS)) {
      if (params[param] === undefined) continue;
      const extracted = plugins.get(param) ?? [];
      params[param] = Array.isArray(params[param]) ? extracted : extracted[0];
    }
    const seed = Number(params.seed);
    const outDir = path.join(scratch, 'out');
    const scratchDir = path.join(scratch, 'scratch');
    mkdirSync(outDir);
    mkdirSync(scratchDir);
    const result = await lab.run({
      params: params,
      quick: Boolean(params.quick),
      seed,
      rng: createRng(seed),
      outDir,
      scratchDir,
      partOfAll: false,
      log: () => undefined,
      progress: createProgress,
    });
    const differences = exactDifferences(claimed, result);
    problems.push(...differences);
    const compared = Object.values(claimed.results?.tables ?? {}).reduce(
      (n, t) =>
        n +
        Object.keys(t.metrics).filter((m) => isExact(t, m, t.rows as Record<string, unknown>[])).length * t.rows.length,
      0,
    );
    return { ok: problems.length === 0, problems, compared };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Submissions in a folder: its .zip files and its sub-folders, sorted by name. */
export function listSubmissions(folder: string): string[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new InputError(`grade: "${folder}" is not a folder of submissions`);
  return readdirSync(folder)
    .filter((name) => !name.startsWith('.'))
    .map((name) => path.join(folder, name))
    .filter((p) => p.endsWith('.zip') || statSync(p).isDirectory())
    .sort();
}
