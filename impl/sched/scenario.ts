/**
 * A scenario: fresh actors plus a check of the end state. Running one under a strategy gives an
 * Outcome: passed, or failed with the error and the schedule that reproduces it.
 *
 * Invariants:
 * - A run fails when an actor throws, the run deadlocks or hits its step limit, or the check
 *   throws or returns false. Those are findings and come back as an Outcome; misuse of the
 *   harness itself (bad input, a strategy or replay that does not fit) is thrown, never reported
 *   as a finding, so a broken harness cannot pass for a found bug.
 * - The schedule of a failure replays the failure: replayScenario(make(), failure.schedule) fails
 *   the same way, and replayScenario insists the whole schedule was used.
 */
import type { Actor } from './actor.js';
import { requireInt } from './input-error.js';
import { ReplayStrategy } from './replay-strategy.js';
import { ReplayDivergedError, RunFailure } from './run-errors.js';
import { Scheduler, type RunOptions } from './scheduler.js';
import type { Strategy } from './strategy.js';

export interface Scenario {
  readonly actors: readonly Actor[];
  /** Runs after every actor finished; throw (or return false) to report a violated guarantee. */
  readonly check?: () => void | boolean;
}

export type ScenarioFactory = () => Scenario;

/** The check returned false. */
export class CheckFailedError extends Error {
  constructor(readonly schedule: readonly number[]) {
    super('the scenario check returned false');
    this.name = 'CheckFailedError';
  }
}

export type Outcome =
  | { readonly ok: true; readonly steps: number; readonly schedule: readonly number[] }
  | { readonly ok: false; readonly error: unknown; readonly schedule: readonly number[] };

export function runScenario(scenario: Scenario, strategy: Strategy, options: RunOptions = {}): Outcome {
  const scheduler = new Scheduler(scenario.actors, strategy, options);
  try {
    scheduler.run();
  } catch (e) {
    if (e instanceof RunFailure) return { ok: false, error: e, schedule: e.schedule };
    throw e;
  }
  const schedule = scheduler.schedule;
  try {
    if (scenario.check?.() === false) return { ok: false, error: new CheckFailedError(schedule), schedule };
  } catch (e) {
    return { ok: false, error: e, schedule };
  }
  return { ok: true, steps: schedule.length, schedule };
}

/** Re-runs exactly `schedule`; throws ReplayDivergedError if the run does not use all of it. */
export function replayScenario(scenario: Scenario, schedule: readonly number[], options: RunOptions = {}): Outcome {
  const replay = new ReplayStrategy(schedule);
  const outcome = runScenario(scenario, replay, options);
  if (outcome.schedule.length !== schedule.length) {
    throw new ReplayDivergedError(`the run ended after ${outcome.schedule.length} of ${schedule.length} scheduled steps`);
  }
  return outcome;
}

export interface SampleOptions extends RunOptions {
  readonly runs: number;
  /** Stop at the first failing run (default true). */
  readonly stopOnFailure?: boolean;
}

export interface SampleFailure {
  /** 0-based run number: makeStrategy(run) rebuilds the strategy that found it. */
  readonly run: number;
  readonly strategy: string;
  readonly schedule: readonly number[];
  readonly error: unknown;
}

export interface SampleResult {
  readonly runs: number;
  readonly failures: number;
  readonly firstFailure: SampleFailure | null;
}

/** Runs a fresh scenario under makeStrategy(0), makeStrategy(1), ... (e.g. one seed per run). */
export function sampleSchedules(
  makeScenario: ScenarioFactory,
  makeStrategy: (run: number) => Strategy,
  options: SampleOptions,
): SampleResult {
  requireInt('runs', options.runs, 0);
  let failures = 0;
  let firstFailure: SampleFailure | null = null;
  let run = 0;
  for (; run < options.runs; run++) {
    const strategy = makeStrategy(run);
    const outcome = runScenario(makeScenario(), strategy, options);
    if (outcome.ok) continue;
    failures++;
    firstFailure ??= { run, strategy: strategy.describe(), schedule: outcome.schedule, error: outcome.error };
    if (options.stopOnFailure ?? true) return { runs: run + 1, failures, firstFailure };
  }
  return { runs: run, failures, firstFailure };
}
