/**
 * A pool of worker threads executing runs, with a watchdog: each slot owns at most one worker
 * and runs one job at a time on it.
 *
 * Invariants:
 * - a run that takes longer than the limit ends 'hung': its worker is terminated (terminate()
 *   stops even a busy infinite loop) and forgotten at once, so the slot's next run goes to a
 *   fresh worker, never to the dying one (a result that arrives before the thread is gone still
 *   counts as done: the run did finish);
 * - a worker that dies while running a job (process.exit, an uncaught error) ends that run
 *   'crashed' with its exit code and error; the slot starts a fresh worker for its next run;
 * - the watchdog starts when a job is posted to a worker that has said it is ready, so loading
 *   modules into a new thread never counts against a run;
 * - after close(), every run in flight resolves 'cancelled' and no worker is started again;
 * - a worker that dies before it is ready is a broken installation, not a finding: that run()
 *   rejects (the campaign cannot go on), rather than respawning forever.
 */
import { Worker } from 'node:worker_threads';
import type { Executor, JobEnd } from './executor.js';
import type { RunJob } from './run-job.js';
import type { WorkerMessage } from './worker.js';

const BOOT = new URL('./worker-boot.mjs', import.meta.url);

interface Pending {
  /** The worker the job was posted to: only its answer or its death settles the job. */
  worker: Worker;
  resolve(end: JobEnd): void;
  timer: NodeJS.Timeout;
  hung: boolean;
}

class Slot {
  private worker: Worker | undefined;
  private ready: Promise<Worker> | undefined;
  private pending: Pending | undefined;
  private closed = false;

  constructor(private readonly timeoutMs: number) {}

  async run(job: RunJob): Promise<JobEnd> {
    if (this.closed) return { kind: 'cancelled' };
    let worker: Worker;
    try {
      worker = await (this.ready ??= this.spawn());
    } catch (error) {
      if (this.closed) return { kind: 'cancelled' };
      throw error;
    }
    if (this.closed) return { kind: 'cancelled' };
    return new Promise<JobEnd>((resolve) => {
      const pending: Pending = {
        worker,
        resolve,
        hung: false,
        timer: setTimeout(() => {
          pending.hung = true;
          // Forget the worker now, not at its exit: the next run must not be posted to it.
          this.forget(worker);
          void worker.terminate();
        }, this.timeoutMs),
      };
      this.pending = pending;
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.pending;
    const workers = [this.worker, pending?.worker].filter((w): w is Worker => w !== undefined);
    await Promise.all([...new Set(workers)].map((w) => w.terminate()));
  }

  private spawn(): Promise<Worker> {
    // execArgv [] so the thread does not inherit the parent's loader flags; it registers tsx itself.
    const worker = new Worker(BOOT, { execArgv: [] });
    this.worker = worker;
    let lastError: Error | undefined;
    return new Promise<Worker>((resolveReady, rejectReady) => {
      let started = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          started = true;
          resolveReady(worker);
          return;
        }
        // A result that beats the watchdog's terminate() still counts: the run did finish.
        this.take(worker)?.resolve({ kind: 'done', result: message.result });
      });
      worker.on('error', (error) => {
        lastError = error;
      });
      worker.on('exit', (code) => {
        this.forget(worker);
        const error = lastError === undefined ? '' : `: ${lastError.name}: ${lastError.message.split('\n')[0]}`;
        if (!started) {
          rejectReady(new Error(`fuzz worker thread died while starting (exit code ${code})${error}`));
          return;
        }
        const pending = this.take(worker);
        if (pending === undefined) return;
        if (this.closed) pending.resolve({ kind: 'cancelled' });
        else if (pending.hung) pending.resolve({ kind: 'hung', detail: `run did not finish within ${this.timeoutMs / 1000}s` });
        else pending.resolve({ kind: 'crashed', detail: `worker thread exited with code ${code}${error}` });
      });
    });
  }

  /** The slot stops using this worker; its next run starts a fresh one. */
  private forget(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.ready = undefined;
  }

  /** The job in flight on this worker, if any, now settled (its watchdog stopped). */
  private take(worker: Worker): Pending | undefined {
    const pending = this.pending;
    if (pending === undefined || pending.worker !== worker) return undefined;
    this.pending = undefined;
    clearTimeout(pending.timer);
    return pending;
  }
}

export class WorkerPool implements Executor {
  private readonly slots: Slot[];
  private readonly idle: Slot[];

  constructor(
    readonly size: number,
    runTimeoutMs: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`WorkerPool needs at least one worker, got ${size}`);
    this.slots = Array.from({ length: size }, () => new Slot(runTimeoutMs));
    this.idle = [...this.slots];
  }

  /** Runs `job` on an idle slot; the caller keeps at most `size` runs in flight. */
  async run(job: RunJob): Promise<JobEnd> {
    const slot = this.idle.pop();
    if (slot === undefined) throw new Error(`WorkerPool: more than ${this.size} runs in flight`);
    try {
      return await slot.run(job);
    } finally {
      this.idle.push(slot);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.close()));
  }
}
