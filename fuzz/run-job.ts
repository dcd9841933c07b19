/**
 * One run as a unit of work: the job the main thread hands out, the result that comes back, and
 * the function that turns one into the other (in a worker thread, or in the main thread with
 * --workers 0). Also the failure recorded for a run that never came back (hung or crashed).
 *
 * Invariants:
 * - jobs and results are plain JSON (targets and variants travel by name), so they cross
 *   worker threads by structured clone;
 * - a result depends only on its job: each run gets fresh coverage, so the coverage it reports is
 *   that run's alone, and merging the runs' coverage gives the same totals whatever worker ran
 *   which run and in what order.
 */
import type { FoundFailure, TargetSummary } from './campaign-data.js';
import { UnknownNameError, failureSignature, namedRunRequest, runOne, type RunRequest } from './run-one.js';
import type { TargetCoverage } from './targets.js';

export interface RunJob {
  run: number;
  target: string;
  variant: string | undefined;
  /** A catalogued bug to switch on for the run (impl/bugs), by name. */
  bug?: string;
  seed: number;
  baseSeed: number;
  /** Replay only: fast-check's counterexample path and fc.commands' replay path. */
  path?: string;
  replayPath?: string;
}

export interface RunResult {
  run: number;
  target: string;
  seed: number;
  commands: number;
  failure: FoundFailure | null;
  /** This run's coverage alone, to be merged into the campaign's. */
  coverage: TargetCoverage;
  /** The same coverage as the target summarises it. */
  summary: TargetSummary;
}

export function executeJob(job: RunJob): RunResult {
  let request: RunRequest;
  try {
    request = namedRunRequest(job);
  } catch (error) {
    if (error instanceof UnknownNameError) throw new Error(`fuzz job names ${error.message}`);
    throw error;
  }
  const coverage = request.target.newCoverage();
  const outcome = runOne(request, coverage);
  // fast-check counts every property execution, shrinking included; a campaign counts runs.
  coverage.runs = 1;
  const f = outcome.failure;
  return {
    run: job.run,
    target: job.target,
    seed: job.seed,
    commands: outcome.commands,
    failure:
      f === null
        ? null
        : {
            target: job.target,
            variant: job.variant,
            ...(job.bug !== undefined ? { bug: job.bug } : {}),
            seed: job.seed,
            path: f.path,
            replayPath: f.replayPath,
            commands: f.commands,
            errorName: f.errorName,
            errorMessage: f.errorMessage,
            report: f.report,
            signature: f.signature,
            kind: 'failed',
            campaign: { baseSeed: job.baseSeed, run: job.run },
            firstFailure: f.firstFailure,
          },
    coverage,
    summary: {
      runs: coverage.runs,
      commands: coverage.commands,
      mix: { ...coverage.mix },
      figures: request.target.figures(coverage),
      line: request.target.summarise(coverage),
    },
  };
}

/**
 * The failure of a run whose worker never answered: no counterexample, no shrinking (the
 * property never returned), so its replay is the whole run from its seed.
 */
export function lostRunFailure(job: RunJob, kind: 'hung' | 'crashed', detail: string): FoundFailure {
  const errorName = kind === 'hung' ? 'Hung' : 'Crashed';
  const why =
    kind === 'hung'
      ? 'the watchdog terminated its worker; a hung run cannot be shrunk'
      : 'its worker thread died; a crashed run cannot be shrunk';
  return {
    target: job.target,
    variant: job.variant,
    ...(job.bug !== undefined ? { bug: job.bug } : {}),
    seed: job.seed,
    path: undefined,
    replayPath: undefined,
    commands: [],
    errorName,
    errorMessage: detail,
    report: `${errorName}: ${detail}\n(${why}; replay the whole run from its seed)`,
    signature: failureSignature(job.target, job.variant, errorName, detail, job.bug),
    kind,
    campaign: { baseSeed: job.baseSeed, run: job.run },
  };
}
