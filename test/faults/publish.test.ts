// Fault case 6 of issue 12 and issue 10's permissions: a lab publishes completely or not at all, whatever else is in
// --out (a corrupt or foreign sibling report.json is listed in the index, not fatal; an index that cannot be written
// leaves the previous state byte for byte), and what it publishes is readable by others under the usual umask.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefused, runCli, snapshot, tempDir } from './harness.js';

const small = ['--quick', '--workloads', 'zipf', '--requests', '2000', '--throughput-requests', '2000'];
const lab03 = '03-cache-policies';

describe('publishing a lab', () => {
  it('publishes beside a corrupt and a foreign sibling report, listing them in the index (case 6)', async () => {
    const out = tempDir('publish');
    mkdirSync(path.join(out, '05-protobuf'));
    writeFileSync(path.join(out, '05-protobuf', 'report.json'), '{"schema": "syslab.report/1", "lab": {"id"');
    mkdirSync(path.join(out, '07-redis'));
    writeFileSync(path.join(out, '07-redis', 'report.json'), '{"results": {}}');
    const siblings = [snapshot(path.join(out, '05-protobuf')), snapshot(path.join(out, '07-redis'))];
    const r = await runCli(['run', '03', ...small, '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.scratchLeft).toEqual([]);
    expect(readdirSync(path.join(out, lab03))).toContain('report.json');
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain(`${lab03}/report.md`);
    expect(index).toContain('05-protobuf');
    expect(index).toContain('report.json is not valid JSON');
    expect(index).toContain('07-redis');
    expect(index).toContain('report.json is not a syslab report (no lab {id, title})');
    expect([snapshot(path.join(out, '05-protobuf')), snapshot(path.join(out, '07-redis'))]).toEqual(siblings);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('leaves the previous report and index untouched when the index cannot be written', async () => {
    const out = tempDir('publish');
    expect((await runCli(['run', '03', ...small, '--seed', '1', '--out', out])).code).toBe(0);
    // index.html turned into a folder: the new index cannot be renamed over it.
    rmSync(path.join(out, 'index.html'));
    mkdirSync(path.join(out, 'index.html'));
    writeFileSync(path.join(out, 'index.html', 'keep.txt'), 'x');
    const before = snapshot(out);
    const r = await runCli(['run', '03', ...small, '--seed', '2', '--out', out]);
    expect(expectRefused(r)).toMatch(
      /^error: cannot publish the report in .*: EISDIR on .*index\.html; nothing was changed/,
    );
    expect(snapshot(out)).toEqual(before);
    const report = JSON.parse(readFileSync(path.join(out, lab03, 'report.json'), 'utf8')) as {
      params: { seed: number };
    };
    expect(report.params.seed).toBe(1);
  });
});

describe('permissions of what is published (issue 10)', () => {
  const modes = (out: string) =>
    snapshot(out).map((line) => {
      const name = line.split(' ')[0];
      return `${name} ${(statSync(path.join(out, name)).mode & 0o777).toString(8)}`;
    });

  it.each([
    [0o022, '755', '644'],
    [0o077, '700', '600'],
  ])('under umask %s, folders are %s and files %s', async (umask, dirMode, fileMode) => {
    const out = path.join(tempDir('modes'), 'run');
    const r = await runCli(['run', '03', ...small, '--out', out], { umask });
    expect(r.code).toBe(0);
    expect((statSync(out).mode & 0o777).toString(8)).toBe(dirMode);
    const listed = modes(out);
    expect(listed.length).toBeGreaterThan(3);
    for (const line of listed) {
      const [name, mode] = line.split(' ');
      expect(`${name} ${mode}`).toBe(`${name} ${statSync(path.join(out, name)).isDirectory() ? dirMode : fileMode}`);
    }
    expect(listed).toContain(`index.html ${fileMode}`);
    expect(listed).toContain(`${lab03} ${dirMode}`);
    expect(listed).toContain(`${lab03}/report.json ${fileMode}`);
  });
});
