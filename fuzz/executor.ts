/**
 * Where runs execute: the interface the campaign drives (fuzz/pool.ts implements it with worker
 * threads), and the in-thread executor used with --workers 0.
 *
 * Invariants: `run` never rejects for anything the run itself does; it resolves with how the run
 * ended. The in-thread executor has no watchdog and no crash isolation (a hanging run hangs the
 * process, a crashing one ends it): that is what replaying one case in a debugger wants, and why
 * campaigns default to workers. It yields to the event loop before each run, so a signal or a
 * timer is seen between runs.
 */
import { executeJob, type RunJob, type RunResult } from './run-job.js';

export type JobEnd =
  | { kind: 'done'; result: RunResult }
  /** The watchdog terminated the run after the limit. */
  | { kind: 'hung'; detail: string }
  /** The thread running it died (process.exit, an uncaught error, out of memory). */
  | { kind: 'crashed'; detail: string }
  /** The executor was closed while the run was in flight: the run counts for nothing. */
  | { kind: 'cancelled' };

export interface Executor {
  /** How many runs it executes at once. */
  readonly size: number;
  run(job: RunJob): Promise<JobEnd>;
  /** Ends every run in flight (they resolve 'cancelled') and frees the threads. */
  close(): Promise<void>;
}

export class InThreadExecutor implements Executor {
  readonly size = 1;
  private closed = false;

  async run(job: RunJob): Promise<JobEnd> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.closed) return { kind: 'cancelled' };
    return { kind: 'done', result: executeJob(job) };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
