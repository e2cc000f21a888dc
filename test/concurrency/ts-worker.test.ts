// Workers load TypeScript through tsx whether the parent runs under tsx or vitest; tsx's own flags are not passed on.
import { describe, expect, it } from 'vitest';
import { startTsWorker, TimeoutError, withTimeout, workerExecArgv } from '../../src/concurrency/ts-worker.js';

describe('workerExecArgv', () => {
  it("drops tsx's preflight and loader, keeps other flags", () => {
    const parent = [
      '--require',
      '/p/node_modules/tsx/dist/preflight.cjs',
      '--import',
      'file:///p/node_modules/tsx/dist/loader.mjs',
      '--max-old-space-size=512',
      '--import',
      'tsx',
      '--conditions',
      'dev',
      '--import=file:///p/node_modules/tsx/dist/loader.mjs',
    ];
    expect(workerExecArgv(parent)).toEqual(['--max-old-space-size=512', '--conditions', 'dev']);
  });
});

describe('startTsWorker', () => {
  it('runs a .ts entry with TypeScript-only syntax and gets its workerData', async () => {
    const worker = startTsWorker(new URL('./fixtures/typed-worker.ts', import.meta.url), { input: 21 });
    const message = await withTimeout(
      new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
      30_000,
      'typed worker',
      () => void worker.terminate(),
    );
    await worker.terminate();
    expect(message).toEqual({ doubled: 42, answer: 42, greeting: 'hello worker' });
  });
});

describe('withTimeout', () => {
  it('rejects with TimeoutError and calls onTimeout', async () => {
    let called = false;
    const never = new Promise(() => {});
    await expect(
      withTimeout(never, 20, 'waiting', () => {
        called = true;
      }),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(called).toBe(true);
    await expect(withTimeout(Promise.resolve(5), 1000, 'quick')).resolves.toBe(5);
  });
});
