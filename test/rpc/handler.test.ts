// The --handler plug-in, end to end on real servers: a right handler (in the project or anywhere on disk) runs on
// every table asked for; a file that does not compile is named with the compiler's position; a handler that
// answers x + y, throws, never answers, or is not a function ends the run with one line naming the file and what went
// wrong (InputError: exit 2, no report), and no server process is left.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, runLab } from '../../src/core/index.js';
import lab from '../../labs/08-rpc.js';
import { serverChildrenOf } from './helpers.js';

const fixture = (name: string) => `test/rpc/fixtures/${name}.ts`;
const base = ['--quick', '--stacks', 'tcp,grpc,rest', '--tables', 'unary', '--calls', '10'];
const run = (extra: string[]) =>
  runLab(lab, [...base, ...extra], { out: mkdtempSync(path.join(os.tmpdir(), 'syslab-08-')), log: () => undefined });

describe('--handler', () => {
  it('runs a right handler on every stack', async () => {
    const outcome = await run(['--handler', fixture('good-handler')]);
    expect(outcome!.report.results.tables.unary.rows.map((r) => r.stack)).toEqual(['tcp', 'grpc', 'rest']);
    expect(serverChildrenOf()).toEqual([]);
  });

  it('runs a handler from outside the project, and names a file that does not compile', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-08-handler-'));
    const good = path.join(dir, 'my-mult.ts');
    writeFileSync(
      good,
      'export default async (req: { x: number; y: number }) => ({ product: BigInt(req.x * req.y) });\n',
    );
    expect((await run(['--handler', good]))!.report.results.tables.unary.rows).toHaveLength(3);
    const bad = path.join(dir, 'bad.ts');
    writeFileSync(bad, 'export default function (\n');
    await expect(run(['--handler', bad])).rejects.toThrow(/handler file ".*bad\.ts" failed to compile: .*bad\.ts:2:0/);
    expect(serverChildrenOf()).toEqual([]);
  });

  it.each([
    ['wrong-handler', /--handler .*wrong-handler\.ts: tcp: Mult\(\d+, 7\) answered \d+, not \d+/],
    [
      'throwing-handler',
      /--handler .*throwing-handler\.ts: tcp: .* \(server: handler error: student handler exploded\)/,
    ],
    ['silent-handler', /--handler .*silent-handler\.ts: tcp: no answer within 300 ms/],
    ['not-a-handler', /not-a-handler\.ts: its default export must be a function/],
  ])('%s: one line naming the file and the problem', async (name, message) => {
    const attempt = run(['--handler', fixture(name), '--timeout', '300']);
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(message);
    expect(serverChildrenOf()).toEqual([]);
  });
});
