// Finds the labs: every labs/NN-slug.ts file is a lab, so adding one is adding a file.
// Tests: test/core/cli.test.ts, test/faults/interrupt.test.ts.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from './errors.js';
import type { Lab } from './lab.js';
import { projectRoot } from './paths.js';

const LAB_FILE = /^(\d\d)-([a-z0-9-]+)\.ts$/;

export interface LabEntry {
  id: string;
  slug: string;
  file: string;
}

/**
 * Where the labs are: labs/ in the project, or the folder named by SYSLAB_LABS_DIR (the fault tests run `all` over
 * small fixture labs this way; an instructor can try labs of their own without touching the project).
 */
export const labsDir = (): string => path.resolve(process.env.SYSLAB_LABS_DIR ?? path.join(projectRoot, 'labs'));

/** Every labs/NN-slug.ts file, by id. */
export function labEntries(dir = labsDir()): LabEntry[] {
  return readdirSync(dir)
    .map((name) => LAB_FILE.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1], slug: m[2], file: path.join(dir, m[0]) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export async function loadLab(entry: LabEntry): Promise<Lab> {
  const mod = (await import(pathToFileURL(entry.file).href)) as { default?: Lab };
  if (!mod.default || typeof mod.default.run !== 'function')
    throw new Error(`${entry.file} does not export a lab (export default defineLab({...}))`);
  return mod.default;
}

/** Resolves "3", "03", "cache-policies" or "03-cache-policies" to lab entries; "all" gives every lab. */
export function findLabs(query: string, entries = labEntries()): LabEntry[] {
  if (query === 'all') return entries;
  const asNumber = /^\d{1,2}$/.test(query) ? query.padStart(2, '0') : undefined;
  const found = entries.find((e) => e.id === asNumber || e.slug === query || `${e.id}-${e.slug}` === query);
  if (!found) {
    const known = entries.map((e) => `${e.id} (${e.slug})`).join(', ');
    throw new InputError(`unknown lab "${query}"; allowed: all, ${known}`);
  }
  return [found];
}
