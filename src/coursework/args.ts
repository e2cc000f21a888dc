// Command-line options of the coursework commands (check, questions, submit, verify, grade): `--name value` pairs and
// positionals, each name checked against the command's list, so a typo is one line naming what is allowed.
// Tests: test/coursework/check.test.ts.
import { InputError } from '../core/errors.js';

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string>;
}

/** Splits `args` into positionals and `--name value` options; `flags` take no value. */
export function parseArgs(
  command: string,
  args: readonly string[],
  allowed: readonly string[],
  flags: readonly string[] = [],
): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.includes(name)) {
      options.set(name, 'true');
      continue;
    }
    if (!allowed.includes(name))
      throw new InputError(
        `${command}: unknown option --${name}; allowed: ${[...allowed, ...flags].map((a) => `--${a}`).join(', ')}`,
      );
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new InputError(`${command}: --${name} needs a value`);
    options.set(name, value);
  }
  return { positionals, options };
}

/** A lab given as 3, 03 or a slug: its two-digit id. */
export function labId(
  command: string,
  value: string | undefined,
  known: readonly { id: string; slug: string }[],
): string {
  if (value === undefined) throw new InputError(`${command}: which lab? allowed: ${known.map((k) => k.id).join(', ')}`);
  const hit = known.find(
    (k) => k.slug === value || k.id === value || (/^\d+$/.test(value) && Number(value) === Number(k.id)),
  );
  if (!hit)
    throw new InputError(
      `${command}: unknown lab "${value}"; allowed: ${known.map((k) => `${k.id} (${k.slug})`).join(', ')}`,
    );
  return hit.id;
}
