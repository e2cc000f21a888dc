// Lab parameters, declared once: each declaration carries its zod schema, its default (and quick default), its
// allowed range and a one-line description. From that one declaration come --help, validation of the command line,
// and the resolved `params` block of the report. Tests: test/core/params.test.ts.
import { accessSync, constants, statSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from './errors.js';
import { parseBytes } from './units.js';

export interface ParamSpec<T> {
  /** The type as --help shows it, e.g. "<int>" or "<list>". Empty for flags that take no value. */
  readonly valueName: string;
  readonly description: string;
  readonly default: T;
  readonly quick?: T;
  /** What values are allowed, in words, for --help and error messages. */
  readonly allowed: string;
  readonly schema: z.ZodType<T>;
  /** Turns the command-line text into a value for the schema to check (no validation here). */
  parse(raw: string): unknown;
  /** A more specific complaint than "not allowed", e.g. a missing file. */
  explain?(value: T): string | undefined;
  format(value: T): string;
}

export type ParamSpecs = Record<string, ParamSpec<any>>;
export type ParamValues<P extends ParamSpecs> = { [K in keyof P]: P[K] extends ParamSpec<infer T> ? T : never };

interface Common<T> {
  description: string;
  default: T;
  quick?: T;
}
interface Range {
  min?: number;
  max?: number;
}

function rangeWords(kind: string, { min, max }: Range): string {
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} >= ${min}`;
  if (max !== undefined) return `${kind} <= ${max}`;
  return kind;
}

function numberSchema(integer: boolean, r: Range) {
  let s = integer ? z.number().int() : z.number().refine(Number.isFinite);
  if (r.min !== undefined) s = s.min(r.min);
  if (r.max !== undefined) s = s.max(r.max);
  return s;
}

const splitList = (raw: string): string[] =>
  raw
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
// Plain decimal only (digit groups may be separated by _): Number() alone would also take 0x10, 0b11, 1e3 and
// Infinity, which a reader of the report's params would not expect an integer option to have been given as.
const INTEGER_TEXT = /^[+-]?\d+(_\d+)*$/;
const DECIMAL_TEXT = /^[+-]?(\d+(_\d+)*(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const toInteger = (raw: string): number => (INTEGER_TEXT.test(raw.trim()) ? Number(raw.trim().replace(/_/g, '')) : NaN);
const toNumber = (raw: string): number => (DECIMAL_TEXT.test(raw.trim()) ? Number(raw.trim().replace(/_/g, '')) : NaN);

function int(o: Common<number> & Range): ParamSpec<number> {
  return {
    valueName: '<int>',
    allowed: rangeWords('an integer', o),
    schema: numberSchema(true, o),
    parse: toInteger,
    format: String,
    ...o,
  };
}

function number(o: Common<number> & Range): ParamSpec<number> {
  return {
    valueName: '<num>',
    allowed: rangeWords('a number', o),
    schema: numberSchema(false, o),
    parse: toNumber,
    format: String,
    ...o,
  };
}

function intList(o: Common<number[]> & Range): ParamSpec<number[]> {
  return {
    valueName: '<list>',
    allowed: `a comma-separated list of ${rangeWords('integers', o)}`,
    schema: z.array(numberSchema(true, o)).min(1),
    parse: (raw) => splitList(raw).map(toInteger),
    format: (v) => v.join(','),
    ...o,
  };
}

function numberList(o: Common<number[]> & Range): ParamSpec<number[]> {
  return {
    valueName: '<list>',
    allowed: `a comma-separated list of ${rangeWords('numbers', o)}`,
    schema: z.array(numberSchema(false, o)).min(1),
    parse: (raw) => splitList(raw).map(toNumber),
    format: (v) => v.join(','),
    ...o,
  };
}

/** A size in bytes: "1048576", "64KiB", "1MiB", "1GB". */
function bytes(o: Common<number> & Range): ParamSpec<number> {
  return {
    valueName: '<size>',
    allowed: `${rangeWords('a size in bytes', o)} (units B, KiB, MiB, GiB, KB, MB, GB)`,
    schema: numberSchema(true, o),
    parse: (raw) => parseBytes(raw) ?? NaN,
    format: String,
    ...o,
  };
}

function bool(o: Common<boolean>): ParamSpec<boolean> {
  return {
    valueName: '',
    allowed: 'true or false (the bare flag means true)',
    schema: z.boolean(),
    parse: (raw) => (raw === 'true' ? true : raw === 'false' ? false : raw),
    format: String,
    ...o,
  };
}

function enumOf<const V extends string>(o: Common<V> & { values: readonly V[] }): ParamSpec<V> {
  return {
    valueName: '<name>',
    allowed: `one of ${o.values.join(', ')}`,
    schema: z.enum(o.values as [V, ...V[]]),
    parse: (raw) => raw.trim(),
    format: String,
    description: o.description,
    default: o.default,
    quick: o.quick,
  };
}

function enumList<const V extends string>(o: Common<V[]> & { values: readonly V[] }): ParamSpec<V[]> {
  return {
    valueName: '<list>',
    allowed: `a comma-separated list of ${o.values.join(', ')}`,
    schema: z.array(z.enum(o.values as [V, ...V[]])).min(1),
    parse: splitList,
    format: (v) => v.join(','),
    description: o.description,
    default: o.default,
    quick: o.quick,
  };
}

function string(o: { description: string; default: string; quick?: string; valueName?: string }): ParamSpec<string>;
function string(o: { description: string; default?: undefined; valueName?: string }): ParamSpec<string | undefined>;
function string(o: {
  description: string;
  default?: string;
  quick?: string;
  valueName?: string;
}): ParamSpec<string | undefined> {
  return {
    valueName: o.valueName ?? '<text>',
    allowed: 'any non-empty text',
    schema: z.string().min(1).optional(),
    parse: (raw) => raw,
    format: (v) => v ?? '(none)',
    description: o.description,
    default: o.default,
    quick: o.quick,
  };
}

/** Why `file` cannot be read as an input file, or undefined when it can. */
export function unreadableFile(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return `"${file}" is not a file`;
    accessSync(file, constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `file "${file}" does not exist`;
    if (code === 'ELOOP') return `"${file}" is a symlink loop`;
    if (code === 'EACCES' || code === 'EPERM') return `file "${file}" cannot be read (permission denied)`;
    return `file "${file}" cannot be read (${code ?? String(error)})`;
  }
}

/** An optional path to an existing, readable file (undefined when not given). */
function path(o: { description: string }): ParamSpec<string | undefined> {
  return {
    valueName: '<file>',
    allowed: 'a path to an existing file',
    description: o.description,
    default: undefined,
    schema: z
      .string()
      .min(1)
      .refine((v) => unreadableFile(v) === undefined)
      .optional(),
    parse: (raw) => raw,
    explain: (v) => (v === undefined ? undefined : unreadableFile(v)),
    format: (v) => v ?? '(none)',
  };
}

/** Builders for lab parameters: `p.int({...})`, `p.intList({...})`, `p.bytes({...})` and so on. */
export const p = { int, number, intList, numberList, bytes, bool, enum: enumOf, enumList, string, path };

export const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The options every lab has, before its own. */
export const commonParams = {
  quick: bool({ default: false, description: 'small sizes for a fast run; an explicit parameter still wins' }),
  seed: int({
    default: 1,
    min: 0,
    max: 2 ** 32 - 1,
    description: 'seed for every random choice (same seed, same simulated results)',
  }),
  out: string({ description: 'run folder (default reports/<yyyymmdd-hhmmss>-<host>/)', valueName: '<dir>' }),
  help: bool({ default: false, description: 'show this help and exit' }),
};

export interface ParsedArgs {
  /** Raw text per parameter key (flags without a value get "true"). */
  given: Map<string, string>;
}

/** Splits argv into `--name value` / `--name=value` / bare flags, against the known keys. */
export function parseArgv(argv: readonly string[], specs: ParamSpecs, context: string): ParsedArgs {
  const byFlag = new Map(Object.keys(specs).map((k) => [kebab(k), k]));
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--')) {
      throw new InputError(`${context}: unexpected argument "${token}"; options start with --, see --help`);
    }
    const eq = token.indexOf('=');
    const flag = eq >= 0 ? token.slice(2, eq) : token.slice(2);
    const key = byFlag.get(flag);
    if (key === undefined) {
      const known = [...byFlag.keys()].map((f) => `--${f}`).join(', ');
      throw new InputError(`${context}: unknown option --${flag}; allowed: ${known}`);
    }
    const spec = specs[key] as ParamSpec<unknown>;
    let raw: string;
    if (eq >= 0) raw = token.slice(eq + 1);
    else if (spec.valueName === '') raw = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new InputError(`${context}: option --${flag} needs a value: ${spec.allowed}`);
      }
      raw = next;
      i++;
    }
    // A file given twice reads as "this one too" (--policy-file a.ts --policy-file b.ts), and the last silently
    // winning would measure something the user did not ask for. Any other value given again overrides, as in most
    // command lines (scripts rely on appending an override).
    if (given.has(key) && spec.valueName.includes('<file>')) {
      const hint = spec.valueName.includes(',') ? ` (several take commas: --${flag} a,b)` : '';
      throw new InputError(`${context}: option --${flag} is given twice; give it once${hint}`);
    }
    given.set(key, raw);
  }
  return { given };
}

/** Resolves every parameter: given on the command line, else the quick default under --quick, else the default. */
export function resolveParams<P extends ParamSpecs>(
  specs: P,
  given: Map<string, string>,
  quick: boolean,
): ParamValues<P> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const raw = given.get(key);
    const value: unknown =
      raw !== undefined ? spec.parse(raw) : quick && spec.quick !== undefined ? spec.quick : spec.default;
    const checked = spec.schema.safeParse(value);
    if (!checked.success) {
      const shown = raw ?? JSON.stringify(value);
      const specific = spec.explain?.(value);
      throw new InputError(`--${kebab(key)}: ${specific ?? `"${shown}" is not allowed`}; allowed: ${spec.allowed}`);
    }
    out[key] = checked.data;
  }
  return out as ParamValues<P>;
}

/** The options section of --help, one aligned line per parameter. */
export function helpLines(specs: ParamSpecs): string[] {
  const rows = Object.entries(specs).map(([key, spec]) => {
    const left = `  --${kebab(key)}${spec.valueName ? ` ${spec.valueName}` : ''}`;
    const defaults: string[] = [];
    if (spec.default !== undefined && spec.valueName !== '') defaults.push(`default ${spec.format(spec.default)}`);
    if (spec.quick !== undefined) defaults.push(`quick ${spec.format(spec.quick)}`);
    const right = `${spec.description}${defaults.length ? ` (${defaults.join('; ')})` : ''}. Allowed: ${spec.allowed}.`;
    return [left, right] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, r]) => `${l.padEnd(width)}${r}`);
}
