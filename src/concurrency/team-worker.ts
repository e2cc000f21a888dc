// Entry of a team worker thread: runs jobs (jobs.ts) one at a time, as the main thread's Team sends them.
// Tests: test/concurrency/team.test.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type Job } from './jobs.js';

interface Request {
  id: number;
  job: Job;
  timeoutMs: number;
}

const port = parentPort!;
async function answer({ id, job, timeoutMs }: Request): Promise<void> {
  try {
    port.postMessage({ id, ok: true, result: await runJob(job, timeoutMs) });
  } catch (error) {
    port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (request: Request) => void answer(request));
port.postMessage({ ready: true, index: (workerData as { index?: number }).index });
