// Policies and their parameters on the command line, libCacheSim-style: `--policies s3fifo:small=0.2,threshold=1,lru`.
// A comma separates both policies and parameters; a token holding "=" (and no ":") is one more parameter of the
// policy before it, any other token starts a new policy. So "s3fifo:small=0.2,threshold=1,lru" is S3-FIFO with two
// parameters set, then LRU. Parameters not given keep the policy's declared default, and the resolved text names
// every parameter ("s3fifo:small=0.2,ghost=0.9,threshold=1"), so a report records what actually ran.
// Tests: test/cache/policy-spec.test.ts.
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import type { ParamSpec } from '../core/params.js';
import { InputError } from '../core/errors.js';
import { defaultParams, type PolicyDefinition } from './policy.js';

/** One policy as the command line asked for it, before its definition is looked up. */
export interface PolicyRequest {
  /** The policy name, or for a policy file its path. */
  name: string;
  /** Parameters given, by name, as text. */
  given: Record<string, string>;
}

/** A policy ready to simulate: its definition, every parameter's value, and how reports name it. */
export interface PolicyChoice {
  definition: PolicyDefinition;
  params: Record<string, number>;
  /** Every parameter as `k=v` joined by commas ("" when the policy declares none): a row key in reports. */
  paramText: string;
  /** The name, plus the parameters that differ from their defaults ("s3fifo:threshold=1"): legends and findings. */
  label: string;
}

/** Splits "a:k=1,j=2,b" into requests; `what` names the option in error messages. */
export function splitPolicyRequests(text: string, what: string): PolicyRequest[] {
  const out: PolicyRequest[] = [];
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    const colon = token.lastIndexOf(':');
    const startsPolicy = !token.includes('=') || (colon > 0 && token.slice(colon + 1).includes('='));
    if (startsPolicy) {
      const name = token.includes('=') ? token.slice(0, colon) : token;
      out.push({ name, given: {} });
      if (token.includes('=')) addParam(out[out.length - 1], token.slice(colon + 1), what);
    } else {
      const current = out.at(-1);
      if (!current)
        throw new InputError(`${what}: "${token}" is a parameter before any policy; write policy:name=value`);
      addParam(current, token, what);
    }
  }
  if (out.length === 0) throw new InputError(`${what}: no policy given`);
  return out;
}

function addParam(request: PolicyRequest, token: string, what: string): void {
  const eq = token.indexOf('=');
  const key = token.slice(0, eq).trim();
  const value = token.slice(eq + 1).trim();
  if (key === '' || value === '') throw new InputError(`${what}: "${token}" for ${request.name} must be name=value`);
  if (key in request.given) throw new InputError(`${what}: parameter "${key}" of ${request.name} is given twice`);
  request.given[key] = value;
}

/** Checks the given parameters against what `definition` declares and fills in the defaults. */
export function choosePolicy(definition: PolicyDefinition, given: Record<string, string>, what: string): PolicyChoice {
  const declared = definition.params ?? {};
  const params = defaultParams(definition);
  for (const [key, text] of Object.entries(given)) {
    const spec = declared[key];
    const names = Object.keys(declared);
    if (!spec) {
      const allowed = names.length ? `its parameters are ${names.join(', ')}` : 'it takes no parameters';
      throw new InputError(`${what}: ${definition.name} has no parameter "${key}"; ${allowed}`);
    }
    const value = Number(text);
    const kind = spec.integer ? 'an integer' : 'a number';
    if (!Number.isFinite(value) || (spec.integer && !Number.isInteger(value)) || value < spec.min || value > spec.max)
      throw new InputError(
        `${what}: ${definition.name}:${key}=${text} is not allowed; allowed: ${kind} from ${spec.min} to ${spec.max}`,
      );
    params[key] = value;
  }
  const paramText = Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const changed = Object.entries(params).filter(([k, v]) => v !== declared[k].default);
  const label = changed.length
    ? `${definition.name}:${changed.map(([k, v]) => `${k}=${v}`).join(',')}`
    : definition.name;
  return { definition, params, paramText, label };
}

/** The resolved text of a choice, as --policies takes it back: "lru" or "s3fifo:small=0.1,ghost=0.9,threshold=2". */
export const choiceText = (c: PolicyChoice): string =>
  c.paramText ? `${c.definition.name}:${c.paramText}` : c.definition.name;

/** Parses --policies against the built-in `definitions`; every policy at most once per parameter setting. */
export function parsePolicyList(text: string, definitions: Readonly<Record<string, PolicyDefinition>>): PolicyChoice[] {
  const choices = splitPolicyRequests(text, '--policies').map(({ name, given }) => {
    const definition = definitions[name];
    if (!definition)
      throw new InputError(
        `--policies: unknown policy "${name}"; allowed: ${Object.keys(definitions).join(', ')} (parameters as s3fifo:threshold=1)`,
      );
    return choosePolicy(definition, given, '--policies');
  });
  assertDistinct(choices, '--policies');
  return choices;
}

/** Refuses the same policy with the same parameters twice: its report rows would collide. */
export function assertDistinct(choices: readonly PolicyChoice[], what: string): void {
  const seen = new Set<string>();
  for (const c of choices) {
    const text = choiceText(c);
    if (seen.has(text)) throw new InputError(`${what}: ${text} is given twice`);
    seen.add(text);
  }
}

const SYNTAX =
  'comma-separated policies, each optionally followed by :name=value parameters (a token with "=" belongs to the ' +
  'policy before it), e.g. s3fifo:small=0.2,threshold=1,lru';

/** The --policies parameter: built-in policies with their parameters, resolved to text that names every value. */
export function policyListParam(
  definitions: Readonly<Record<string, PolicyDefinition>>,
  description: string,
): ParamSpec<string[]> {
  const all = Object.values(definitions).map((d) => choiceText(choosePolicy(d, {}, '--policies')));
  return {
    valueName: '<list>',
    description,
    default: all,
    allowed: `${SYNTAX}; policies: ${Object.values(definitions)
      .map((d) => d.name + paramHelp(d))
      .join(', ')}`,
    schema: z.array(z.string()).min(1),
    parse: (raw) => parsePolicyList(raw, definitions).map(choiceText),
    format: (v) => v.join(','),
  };
}

function paramHelp(d: PolicyDefinition): string {
  const entries = Object.entries(d.params ?? {});
  if (!entries.length) return '';
  return ` (${entries.map(([k, s]) => `${k}: ${s.description}, ${s.min}..${s.max}, default ${s.default}`).join('; ')})`;
}

/**
 * The --policy-file parameter: one or more student policy files, comma-separated; each is checked to exist here and
 * loaded by the experiment. A file's policy runs with the defaults of the parameters it declares.
 */
export function policyFilesParam(description: string): ParamSpec<string[]> {
  const isFile = (f: string) => existsSync(f) && statSync(f).isFile();
  return {
    valueName: '<file>[,<file>]',
    description,
    default: [],
    allowed: 'paths to existing .ts files, comma-separated',
    schema: z.array(z.string()),
    parse: (raw) =>
      splitPolicyRequests(raw, '--policy-file').map((r) => {
        if (Object.keys(r.given).length)
          throw new InputError(
            `--policy-file: ${r.name} is given parameters; a policy file runs with the defaults it declares`,
          );
        if (!isFile(r.name))
          throw new InputError(
            `--policy-file: ${existsSync(r.name) ? `"${r.name}" is not a file` : `file "${r.name}" does not exist`}`,
          );
        return r.name;
      }),
    format: (v) => (v.length ? v.join(',') : '(none)'),
  };
}
