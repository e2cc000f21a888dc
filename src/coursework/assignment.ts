// An assignment: which lab and plug-in kind it grades, the points of each named check, and the known answers the
// checks use (worked traces, a reference policy, tolerances). The default for each lab is
// data/coursework/assignments/NN.json; `--hidden DIR` merges DIR/assignment.json over it and adds the instructor's
// hidden inputs (DIR/traces/* for lab 03) without changing any code. Tests: test/coursework/assignment.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { PROJECT_ROOT, type PluginKind } from '../core/plugin.js';

const workedTrace = z.object({
  name: z.string(),
  keys: z.array(z.number().int().min(0)),
  capacity: z.number().int().min(1),
  hits: z.number().int().min(0),
});

const schema = z.object({
  lab: z.string().regex(/^\d\d$/),
  kind: z.enum(['policy', 'lock', 'placement', 'backend', 'format']),
  title: z.string(),
  /** Points per check name; the checks run in this order. */
  points: z.record(z.string(), z.number().min(0)),
  /** Lab 03: known answers (hits) on small traces, e.g. the handout's loop. */
  workedTraces: z.array(workedTrace).optional(),
  /** Lab 03: the reference policy for the hidden-trace check: a built-in name or a file (relative to this file). */
  reference: z.string().optional(),
  /** Lab 03: largest |hit rate - reference hit rate| that passes. */
  tolerance: z.number().min(0).max(1).optional(),
  /** Lab 03: cache sizes of the hidden-trace check. */
  sizes: z.array(z.number().int().min(1)).optional(),
  /** Lab 06: largest (most loaded node / mean) - 1 that passes the balance check. */
  balanceTolerance: z.number().min(0).optional(),
  /** Lab 01: largest |C - float64 reference| that passes. */
  errorTolerance: z.number().min(0).optional(),
  /** Lab 02: worker counts of the exclusion checks and lock/unlock pairs per worker. */
  workers: z.array(z.number().int().min(2).max(64)).optional(),
  iterations: z.number().int().min(1).optional(),
  /** Seconds any one check may run before it fails. */
  timeout: z.number().min(0.1).optional(),
  /** Seconds one call of the student's code (access, chooseTargets, lock, matmul) may take (default 2; lab 01: 10). */
  callTimeout: z.number().min(0.05).optional(),
});

export type Assignment = z.infer<typeof schema> & {
  /** The file it came from (relative references resolve against its folder). */
  source: string;
  /** Lab 03: the hidden traces' files. */
  hiddenTraces: string[];
};

/** The default assignment file of lab `lab` (two digits). */
export function defaultAssignmentFile(lab: string): string {
  return path.join(PROJECT_ROOT, 'data', 'coursework', 'assignments', `${lab}.json`);
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`assignment file "${file}" is not valid JSON: ${(error as Error).message}`);
  }
}

/** Loads lab `lab`'s assignment, with `hidden` (a folder) merged over it when given. */
export function loadAssignment(lab: string, hidden?: string): Assignment {
  const file = defaultAssignmentFile(lab);
  if (!existsSync(file)) throw new InputError(`lab ${lab} has no assignment to check; allowed: 01, 02, 03, 06`);
  let merged = readJson(file);
  let source = file;
  const hiddenTraces: string[] = [];
  if (hidden !== undefined) {
    if (!existsSync(hidden) || !statSync(hidden).isDirectory())
      throw new InputError(
        `--hidden "${hidden}" is not a folder; allowed: a folder with assignment.json and/or traces/`,
      );
    const over = path.join(hidden, 'assignment.json');
    if (existsSync(over)) {
      merged = { ...merged, ...readJson(over) };
      source = over;
    }
    const traces = path.join(hidden, 'traces');
    if (existsSync(traces))
      for (const name of readdirSync(traces).sort()) hiddenTraces.push(path.join(path.resolve(traces), name));
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`assignment "${source}": ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  if (parsed.data.lab !== lab)
    throw new InputError(`assignment "${source}" is for lab ${parsed.data.lab}, not lab ${lab}`);
  return { ...parsed.data, source, hiddenTraces };
}

/** The option a kind of plug-in is given with: --policy-file, --lock-file, ... */
export function pluginOption(kind: PluginKind): string {
  return `--${kind}-file`;
}
