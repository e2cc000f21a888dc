// Plain-JavaScript entry for every worker thread of this lab. On Node 20 a worker does not inherit the main thread's
// tsx hooks, and tsx's own --import entry skips registering inside workers, so this file registers tsx explicitly and
// then imports the TypeScript module named in workerData.tsEntry. Piscina imports this file too and calls its default
// export, the TypeScript module's default export. Tests: test/concurrency/ts-worker.test.ts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const entry = workerData?.tsEntry;
if (typeof entry !== 'string')
  throw new Error('ts-worker-boot.mjs: workerData.tsEntry (a file URL of a .ts module) is missing');
const module = await import(entry);
export default module.default;
