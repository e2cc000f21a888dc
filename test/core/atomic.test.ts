// Atomic files and staged folders: a reader sees the old content or the new, never a part; leftovers of killed runs
// are swept up by the next run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishDir, stageDir, sweepLeftovers, swapDir, writeFileAtomic } from '../../src/core/atomic.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'syslab-atomic-'));

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary file', () => {
    const dir = tmp();
    const file = path.join(dir, 'a', 'report.json');
    writeFileAtomic(file, 'old');
    writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(path.dirname(file))).toEqual(['report.json']);
  });
});

describe('stageDir and publishDir', () => {
  it('publishes a staged folder over an older one', () => {
    const dir = tmp();
    const target = path.join(dir, '03-x');
    mkdirSync(target);
    writeFileSync(path.join(target, 'old.txt'), 'old');
    const staged = stageDir(target);
    expect(path.basename(staged)).toMatch(new RegExp(`^\\.03-x\\.tmp-${process.pid}-`));
    writeFileSync(path.join(staged, 'new.txt'), 'new');
    publishDir(staged, target);
    expect(readdirSync(target)).toEqual(['new.txt']);
    expect(readdirSync(dir)).toEqual(['03-x']);
  });

  it("removes staging folders of runs whose process is gone, but not a live process's", () => {
    const dir = tmp();
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid; // exited: its pid names no process now
    const dead = path.join(dir, `.03-x.tmp-${deadPid}-abc123`);
    const live = path.join(dir, `.03-x.tmp-${process.pid}-def456`);
    mkdirSync(dead);
    mkdirSync(live);
    const staged = stageDir(path.join(dir, '03-x'));
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(staged)).toBe(true);
  });
});

describe('swapDir and sweepLeftovers', () => {
  it('rolls a swap back: the old folder returns and the new one goes back to its staging name', () => {
    const dir = tmp();
    const target = path.join(dir, '03-x');
    mkdirSync(target);
    writeFileSync(path.join(target, 'old.txt'), 'old');
    const staged = stageDir(target);
    writeFileSync(path.join(staged, 'new.txt'), 'new');
    const swap = swapDir(staged, target);
    expect(readdirSync(target)).toEqual(['new.txt']);
    swap.rollback();
    expect(readdirSync(target)).toEqual(['old.txt']);
    expect(readdirSync(staged)).toEqual(['new.txt']);
    expect(readdirSync(dir).sort()).toEqual([path.basename(staged), '03-x'].sort());
  });

  it('puts back a folder whose swap was cut short, and removes a replaced one whose swap finished', () => {
    const dir = tmp();
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    // Killed between the two renames: 03-x is missing, its old content waits under the hidden name.
    mkdirSync(path.join(dir, `.03-x.old-${deadPid}-aaaaaa`));
    writeFileSync(path.join(dir, `.03-x.old-${deadPid}-aaaaaa`, 'report.json'), '{}');
    // Killed after both renames: 04-y is in place, the hidden old one is only waste.
    mkdirSync(path.join(dir, '04-y'));
    mkdirSync(path.join(dir, `.04-y.old-${deadPid}-bbbbbb`));
    writeFileSync(path.join(dir, `.index.html.tmp-${deadPid}-cccccc`), 'partial');
    sweepLeftovers(dir);
    expect(readdirSync(dir).sort()).toEqual(['03-x', '04-y']);
    expect(readdirSync(path.join(dir, '03-x'))).toEqual(['report.json']);
  });
});
