/**
 * A fuzz worker thread (loaded by fuzz/worker-boot.mjs): says it is ready once its modules are
 * loaded, then executes the jobs it is sent, one at a time, and posts each result back.
 *
 * Invariants: it holds no state between jobs (each run starts from fresh coverage), so which
 * worker runs a job never changes its result; the 'ready' message comes after every module is
 * loaded, so the main thread's watchdog times the run and never the start-up.
 */
import { parentPort } from 'node:worker_threads';
import { executeJob, type RunJob, type RunResult } from './run-job.js';

export type WorkerMessage = { type: 'ready' } | { type: 'result'; result: RunResult };

const port = parentPort;
if (port === null) throw new Error('fuzz/worker.ts runs only as a worker thread (see fuzz/pool.ts)');
port.on('message', (job: RunJob) => {
  port.postMessage({ type: 'result', result: executeJob(job) } satisfies WorkerMessage);
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
