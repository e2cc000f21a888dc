// --policies with libCacheSim-style parameters: splitting on commas with the "=" rule, defaults filled in, resolved
// text that names every value, and one clear error per kind of mistake.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { builtinPolicies } from '../../src/cache/policies/index.js';
import {
  choiceText,
  parsePolicyList,
  policyFilesParam,
  policyListParam,
  splitPolicyRequests,
} from '../../src/cache/policy-spec.js';

describe('splitting', () => {
  it('a token with "=" belongs to the policy before it', () => {
    expect(splitPolicyRequests('s3fifo:small=0.2,threshold=1,lru', 'x')).toEqual([
      { name: 's3fifo', given: { small: '0.2', threshold: '1' } },
      { name: 'lru', given: {} },
    ]);
  });
  it('refuses a parameter before any policy, an empty value and a repeated parameter', () => {
    expect(() => splitPolicyRequests('small=0.2,lru', 'x')).toThrow(/"small=0.2" is a parameter before any policy/);
    expect(() => splitPolicyRequests('s3fifo:small=', 'x')).toThrow(/must be name=value/);
    expect(() => splitPolicyRequests('s3fifo:small=0.2,small=0.3', 'x')).toThrow(/"small" of s3fifo is given twice/);
  });
});

describe('resolving', () => {
  it("fills in libCacheSim's defaults and labels only what changed", () => {
    const [s3, lru] = parsePolicyList('s3fifo:threshold=1,lru', builtinPolicies);
    expect(s3.params).toEqual({ small: 0.1, ghost: 0.9, threshold: 1 });
    expect(s3.paramText).toBe('small=0.1,ghost=0.9,threshold=1');
    expect(s3.label).toBe('s3fifo:threshold=1');
    expect(choiceText(s3)).toBe('s3fifo:small=0.1,ghost=0.9,threshold=1');
    expect([lru.paramText, lru.label, choiceText(lru)]).toEqual(['', 'lru', 'lru']);
  });
  it('the resolved text parses back to the same choice', () => {
    const once = parsePolicyList('s3fifo:small=0.25,opt:bypass=0', builtinPolicies).map(choiceText);
    expect(parsePolicyList(once.join(','), builtinPolicies).map(choiceText)).toEqual(once);
  });
  it('one line per mistake, as InputError', () => {
    const bad = (text: string) => () => parsePolicyList(text, builtinPolicies);
    expect(bad('lru,belady')).toThrow(InputError);
    expect(bad('lru,belady')).toThrow(/unknown policy "belady"; allowed: fifo, lru/);
    expect(bad('s3fifo:size=3')).toThrow(/s3fifo has no parameter "size"; its parameters are small, ghost, threshold/);
    expect(bad('lru:k=1')).toThrow(/lru has no parameter "k"; it takes no parameters/);
    expect(bad('s3fifo:threshold=1.5')).toThrow(
      /s3fifo:threshold=1.5 is not allowed; allowed: an integer from 1 to 255/,
    );
    expect(bad('s3fifo:small=2')).toThrow(/allowed: a number from 0 to 1/);
    expect(bad('s3fifo:small=x')).toThrow(/small=x is not allowed/);
    expect(bad('lru,fifo,lru')).toThrow(/lru is given twice/);
  });
  it('the same policy twice with different parameters is allowed', () => {
    expect(parsePolicyList('s3fifo,s3fifo:threshold=1', builtinPolicies).map((c) => c.label)).toEqual([
      's3fifo',
      's3fifo:threshold=1',
    ]);
  });
});

describe('the lab parameters', () => {
  it('--policies defaults to every built-in with its parameters, and --help explains the syntax', () => {
    const spec = policyListParam(builtinPolicies, 'd');
    expect(spec.default).toContain('s3fifo:small=0.1,ghost=0.9,threshold=2');
    expect(spec.default).toContain('opt:bypass=1');
    expect(spec.default).toHaveLength(9);
    expect(spec.allowed).toMatch(/a token with "=" belongs to the policy before it/);
    expect(spec.parse('lru,s3fifo:threshold=1')).toEqual(['lru', 's3fifo:small=0.1,ghost=0.9,threshold=1']);
  });
  it('--policy-file takes several files and refuses missing ones and parameters', () => {
    const spec = policyFilesParam('d');
    expect(spec.parse('package.json,tsconfig.json')).toEqual(['package.json', 'tsconfig.json']);
    expect(() => spec.parse('package.json,nope.ts')).toThrow(/--policy-file: file "nope.ts" does not exist/);
    expect(() => spec.parse('package.json:k=1')).toThrow(/package.json is given parameters/);
  });
});
