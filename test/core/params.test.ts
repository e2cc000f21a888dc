// Parameters: one declaration gives parsing, quick defaults, validation messages and help.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { helpLines, p, parseArgv, resolveParams } from '../../src/core/params.js';
import { parseBytes } from '../../src/core/units.js';

const specs = {
  sizes: p.intList({ default: [10, 100], quick: [10], min: 1, max: 1000, description: 'sizes' }),
  alpha: p.number({ default: 0.9, min: 0, max: 5, description: 'skew' }),
  mode: p.enum({ values: ['a', 'b'], default: 'a', description: 'mode' }),
  keepFiles: p.bool({ default: false, description: 'keep' }),
  blockSize: p.bytes({ default: 1024, min: 1, max: 1 << 30, description: 'block' }),
  trace: p.path({ description: 'trace' }),
};
const resolve = (argv: string[], quick = false) => resolveParams(specs, parseArgv(argv, specs, 'lab 99').given, quick);

describe('parameters', () => {
  it('uses defaults, quick defaults, and lets an explicit value beat --quick', () => {
    expect(resolve([])).toMatchObject({
      sizes: [10, 100],
      alpha: 0.9,
      mode: 'a',
      keepFiles: false,
      blockSize: 1024,
      trace: undefined,
    });
    expect(resolve([], true).sizes).toEqual([10]);
    expect(resolve(['--sizes', '5,50'], true).sizes).toEqual([5, 50]);
  });
  it('parses --flag value, --flag=value, bare booleans, kebab-case and units', () => {
    expect(resolve(['--alpha=1.5', '--keep-files', '--mode', 'b', '--block-size', '64KiB'])).toMatchObject({
      alpha: 1.5,
      keepFiles: true,
      mode: 'b',
      blockSize: 65536,
    });
  });
  it('rejects an out-of-range value naming the parameter, the value and what is allowed', () => {
    expect(() => resolve(['--sizes', '0,5'])).toThrow(InputError);
    expect(() => resolve(['--sizes', '0,5'])).toThrow(
      '--sizes: "0,5" is not allowed; allowed: a comma-separated list of integers from 1 to 1000',
    );
    expect(() => resolve(['--alpha', 'x'])).toThrow('--alpha: "x" is not allowed; allowed: a number from 0 to 5');
    expect(() => resolve(['--mode', 'c'])).toThrow('allowed: one of a, b');
  });
  it('rejects unknown options, stray words, a missing value and a missing file', () => {
    expect(() => resolve(['--nope'])).toThrow(/lab 99: unknown option --nope; allowed: --sizes, --alpha/);
    expect(() => resolve(['stray'])).toThrow(/unexpected argument "stray"/);
    expect(() => resolve(['--alpha'])).toThrow(/option --alpha needs a value/);
    expect(() => resolve(['--trace', '/no/such/file.txt'])).toThrow(
      '--trace: file "/no/such/file.txt" does not exist; allowed: a path to an existing file',
    );
  });
  it('refuses a file given twice, and lets any other value given again override', () => {
    expect(() => resolve(['--trace', 'package.json', '--trace', 'README.md'])).toThrow(
      'lab 99: option --trace is given twice; give it once',
    );
    expect(resolve(['--alpha', '3', '--alpha', '4']).alpha).toBe(4);
    expect(resolve(['--sizes=3', '--sizes', '4']).sizes).toEqual([4]);
  });

  it('takes integers in plain decimal only, and numbers in decimal with an optional exponent', () => {
    const intSpecs = { seed: p.int({ default: 1, min: 0, max: 2 ** 32 - 1, description: 'seed' }) };
    const seed = (raw: string) => resolveParams(intSpecs, new Map([['seed', raw]]), false).seed;
    expect(seed('16')).toBe(16);
    expect(seed('1_000')).toBe(1000);
    expect(seed('+7')).toBe(7);
    for (const raw of ['0x10', '1e3', '0b11', '0o7', '1.5', 'Infinity', '', ' ', '1_', '12a']) {
      expect(() => seed(raw), raw).toThrow(`--seed: "${raw}" is not allowed; allowed: an integer from 0 to 4294967295`);
    }
    expect(resolve(['--alpha', '1e-1']).alpha).toBe(0.1);
    expect(resolve(['--alpha', '.5']).alpha).toBe(0.5);
    expect(() => resolve(['--alpha', '0x1'])).toThrow('--alpha: "0x1" is not allowed');
    expect(() => resolve(['--sizes', '10,0x10'])).toThrow('--sizes: "10,0x10" is not allowed');
  });
  it('prints one help line per parameter with defaults and range', () => {
    const lines = helpLines(specs);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(
      /--sizes <list>\s+sizes \(default 10,100; quick 10\)\. Allowed: a comma-separated list of integers from 1 to 1000\./,
    );
  });
});

describe('byte sizes', () => {
  it('reads plain bytes and binary and decimal units', () => {
    expect(parseBytes('1048576')).toBe(1048576);
    expect(parseBytes('1MiB')).toBe(1048576);
    expect(parseBytes('64 KiB')).toBe(65536);
    expect(parseBytes('1.5GB')).toBe(1_500_000_000);
    expect(parseBytes('12 parsecs')).toBeUndefined();
    expect(parseBytes('-5')).toBeUndefined();
  });
});
