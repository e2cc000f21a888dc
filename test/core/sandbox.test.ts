// The sandbox: user code in a worker under a per-call deadline that names the method, partial reports, and the
// synchronous and asynchronous serve modes; a worker that overran is gone and the next call says so.
import { describe, expect, it } from 'vitest';
import { AsyncSandbox, runSandboxed, SyncSandbox } from '../../src/core/sandbox.js';

const entry = new URL('./fixtures/sandbox-entry.ts', import.meta.url);
const options = { label: 'test file "t.ts"', callMs: 300, runMs: 60_000 };

describe('runSandboxed', () => {
  it('returns the result and passes on each partial report in order', async () => {
    const reports: unknown[] = [];
    const result = await runSandboxed(entry, { mode: 'run' }, { ...options, onReport: (v) => reports.push(v) });
    expect(result).toBe('done');
    expect(reports).toEqual([0, 1, 4]);
  });

  it('stops a guarded method that loops, naming it, after the reports made before', async () => {
    const reports: unknown[] = [];
    await expect(
      runSandboxed(entry, { mode: 'run', loopAt: 2 }, { ...options, onReport: (v) => reports.push(v) }),
    ).rejects.toThrow('test file "t.ts": step() did not return within 300 ms; is there an endless loop?');
    expect(reports).toEqual([0, 1]);
  });
});

describe('SyncSandbox', () => {
  it('answers synchronously, names a throwing handler, and stops a looping one', async () => {
    const sandbox = await SyncSandbox.start(entry, { mode: 'serve' }, options);
    try {
      expect(sandbox.call('double', 21)).toBe(42);
      expect(() => sandbox.call('fail')).toThrow('test file "t.ts": fail() threw: nope');
      expect(() => sandbox.call('spin')).toThrow('test file "t.ts": spin() did not return within 300 ms');
      expect(() => sandbox.call('double', 1)).toThrow('its worker was already stopped');
    } finally {
      sandbox.close();
    }
  });
});

describe('AsyncSandbox', () => {
  it('answers promises, names a throwing handler, and stops a looping one', async () => {
    const sandbox = await AsyncSandbox.start(entry, { mode: 'serve' }, options);
    try {
      expect(await sandbox.call('later', 41)).toBe(42);
      await expect(sandbox.call('fail')).rejects.toThrow('test file "t.ts": fail() threw: nope');
      await expect(sandbox.call('spin')).rejects.toThrow('test file "t.ts": spin() did not return within 300 ms');
      await expect(sandbox.call('double', 1)).rejects.toThrow('spin() did not return');
    } finally {
      await sandbox.close();
    }
  });
});
