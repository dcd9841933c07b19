/**
 * A fuzz campaign: hands this shard's runs (fuzz/run-plan.ts) to an executor (worker threads
 * with a watchdog, fuzz/pool.ts, or this thread, fuzz/executor.ts) until the time budget or the
 * run count is spent, tallies what comes back, and tells its caller about every failure as it
 * arrives and about the whole campaign at the end.
 *
 * Invariants:
 * - run k has the same target and seed whatever the worker count, and its result depends only on
 *   those: the same options give the same per-run outcomes, only in another order;
 * - the budget is checked when a run is handed out: runs in flight when it expires finish (the
 *   watchdog bounds how long that takes);
 * - a hung or crashed run is a finding, not the end: it is recorded as a failure of kind 'hung'
 *   or 'crashed' and the campaign goes on with a fresh worker;
 * - when `signal` aborts (SIGINT, SIGTERM), no further run is handed out, runs in flight are
 *   cancelled (and not counted), and the campaign still ends normally, with `interrupted: true`;
 * - onFailure is called once per failing run, as it arrives; onEnd exactly once, after every
 *   onFailure has settled, with the complete report data. The campaign rejects only when a
 *   worker cannot start at all (after closing the executor), or after onEnd when an onFailure
 *   hook failed.
 */
import type { Variant } from '../properties/variants.js';
import type { CampaignReportData, FoundFailure } from './campaign-data.js';
import { CampaignTally } from './campaign-tally.js';
import { InThreadExecutor, type Executor } from './executor.js';
import type { Shard } from './options.js';
import { WorkerPool } from './pool.js';
import { lostRunFailure, type RunJob } from './run-job.js';
import { RunPlan, runsInShard } from './run-plan.js';
import type { FuzzTarget } from './targets.js';

export { runSeed } from './run-plan.js';
export { replayLine } from './replay-line.js';

const SAMPLE_EVERY_MS = 1000;

export interface CampaignOptions {
  targets: readonly FuzzTarget[];
  variant?: Variant | undefined;
  /** A catalogued bug (impl/bugs) switched on in every run, by name. */
  bug?: string | undefined;
  baseSeed: number;
  /** Time budget: no run is handed out after it. */
  seconds: number;
  /** The campaign's run count, all shards together (Infinity for none). */
  maxRuns: number;
  /** Worker threads; 0 runs in this thread (no watchdog, no crash isolation). */
  workers: number;
  shard?: Shard;
  /** Watchdog limit per run, in seconds (worker threads only). */
  runTimeout: number;
  /** Replay one case: fast-check path of the counterexample (with maxRuns 1 and the run's seed). */
  path?: string | undefined;
  /** With `path`: fc.commands' replay path, printed with the counterexample. */
  commandsPath?: string | undefined;
  stopOnFailure?: boolean;
  /** Aborting it interrupts the campaign (SIGINT, SIGTERM). */
  signal?: AbortSignal;
}

/** What became of one run: the same for the same options, whatever the worker count. */
export interface RunRecord {
  run: number;
  target: string;
  seed: number;
  commands: number;
  kind: 'passed' | FoundFailure['kind'];
  signature: string | null;
}

export interface CampaignProgress {
  startedAtMs: number;
  budgetMs: number;
  /** Runs this shard will make at most (Infinity without --runs). */
  plannedRuns: number;
  runs: number;
  commands: number;
  /** Failing runs, and distinct failures among them (by signature). */
  failures: number;
  distinctFailures: number;
}

export interface CampaignHooks {
  /** Every failing run, as it arrives. May return (or resolve to) the file its trace was saved to. */
  onFailure?(failure: FoundFailure): string | null | void | Promise<string | null | void>;
  /** Once, at the end, with everything the campaign found, interrupted or not. */
  onEnd?(data: CampaignReportData): void | Promise<void>;
  /** Every run, as it comes back (cancelled runs excepted). */
  onRun?(record: RunRecord): void;
  /** After every run, and once at the start. */
  onProgress?(progress: CampaignProgress): void;
}

/** 130 when interrupted (like a shell after SIGINT), 1 when anything failed, else 0. */
export function campaignExitCode(data: CampaignReportData): number {
  if (data.interrupted) return 130;
  return data.failures.length > 0 ? 1 : 0;
}

export async function runCampaign(o: CampaignOptions, hooks: CampaignHooks = {}): Promise<CampaignReportData> {
  const t0 = Date.now();
  const shard = o.shard ?? { index: 0, count: 1 };
  const budgetMs = o.seconds * 1000;
  const planOptions = { targets: o.targets, baseSeed: o.baseSeed, maxRuns: o.maxRuns, shard };
  const plan = new RunPlan(planOptions);
  const plannedRuns = runsInShard(planOptions);
  const workers = Math.min(o.workers, plannedRuns);
  const executor: Executor = workers === 0 ? new InThreadExecutor() : new WorkerPool(workers, o.runTimeout * 1000);
  const tally = new CampaignTally({
    targets: o.targets,
    startedAt: new Date(t0),
    runTimeout: o.runTimeout,
    options: {
      targets: o.targets.map((t) => t.name),
      variant: o.variant?.name,
      ...(o.bug !== undefined ? { bug: o.bug } : {}),
      baseSeed: o.baseSeed,
      seconds: o.seconds,
      runs: o.maxRuns === Infinity ? null : o.maxRuns,
      workers,
      shard,
    },
  });

  let stopping = false;
  let interrupted = false;
  const onAbort = () => {
    interrupted = true;
    stopping = true;
    void executor.close();
  };
  if (o.signal?.aborted === true) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  tally.sample(0);
  const sampler = setInterval(() => tally.sample(Date.now() - t0), SAMPLE_EVERY_MS);
  sampler.unref();

  const progress = () =>
    hooks.onProgress?.({
      startedAtMs: t0,
      budgetMs,
      plannedRuns,
      runs: tally.runs,
      commands: tally.commands,
      failures: tally.failingRuns,
      distinctFailures: tally.distinctFailures,
    });

  const hookWork: Promise<void>[] = [];
  const found = (failure: FoundFailure) => {
    const settled = Promise.resolve()
      .then(() => hooks.onFailure?.(failure))
      .then((file) => {
        if (typeof file === 'string' || file === null) tally.setTrace(failure, file);
      });
    hookWork.push(settled);
  };

  const lane = async (): Promise<void> => {
    for (;;) {
      if (stopping || Date.now() - t0 >= budgetMs) return;
      const next = plan.next();
      if (next === undefined) return;
      const job: RunJob = {
        run: next.run,
        target: next.target.name,
        variant: o.variant?.name,
        ...(o.bug !== undefined ? { bug: o.bug } : {}),
        seed: next.seed,
        baseSeed: o.baseSeed,
        ...(o.path !== undefined ? { path: o.path } : {}),
        ...(o.commandsPath !== undefined ? { replayPath: o.commandsPath } : {}),
      };
      const end = await executor.run(job);
      if (end.kind === 'cancelled') return;
      let failure: FoundFailure | null;
      let commands = 0;
      if (end.kind === 'done') {
        tally.addResult(end.result);
        failure = end.result.failure;
        commands = end.result.commands;
      } else {
        failure = lostRunFailure(job, end.kind, end.detail);
        tally.addLostRun(failure);
      }
      hooks.onRun?.({ run: job.run, target: job.target, seed: job.seed, commands, kind: failure?.kind ?? 'passed', signature: failure?.signature ?? null });
      if (failure !== null) {
        found(failure);
        if (o.stopOnFailure === true) stopping = true;
      }
      progress();
    }
  };

  progress();
  let fatal: unknown;
  const lanes = Array.from({ length: Math.max(1, executor.size) }, () =>
    lane().catch((error: unknown) => {
      fatal ??= error;
      stopping = true;
      void executor.close();
    }),
  );
  try {
    await Promise.all(lanes);
  } finally {
    clearInterval(sampler);
    o.signal?.removeEventListener('abort', onAbort);
    await executor.close();
  }
  if (fatal !== undefined) throw fatal;
  // A failing hook (say, a trace that could not be written) must not cost the summary and the
  // report: they are made first, then the hook's error is raised.
  const hookErrors = (await Promise.allSettled(hookWork)).filter((r) => r.status === 'rejected');
  const elapsedMs = Date.now() - t0;
  tally.sample(elapsedMs);
  const data = tally.report(elapsedMs, interrupted);
  await hooks.onEnd?.(data);
  if (hookErrors.length > 0) throw (hookErrors[0] as PromiseRejectedResult).reason;
  return data;
}
