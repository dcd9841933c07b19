/**
 * Bounded exhaustive enumeration: every interleaving of a scenario, by depth-first search over
 * its choice points, re-running the scenario from scratch with a forced prefix of choices.
 *
 * Invariants:
 * - A choice point is a step with two or more runnable actors; steps with one are not choices.
 *   Each complete run is one distinct interleaving, and when `complete` is true every
 *   interleaving was run exactly once (for independent actors with s1, s2, ... steps that is the
 *   multinomial (s1 + s2 + ...)! / (s1! s2! ...)).
 * - The scenario factory must be deterministic: the same choices give the same runnable sets.
 *   A re-run whose choice point offers a different number of actors than last time throws
 *   NondeterministicScenarioError instead of exploring a tree that is not there.
 * - `complete` is false when the search stopped early (maxSchedules, or the first failure when
 *   stopOnFailure): it never claims a proof it did not finish.
 */
import { requireInt } from './input-error.js';
import { runScenario, type ScenarioFactory } from './scenario.js';
import { DEFAULT_MAX_STEPS } from './scheduler.js';
import type { Strategy } from './strategy.js';

export const DEFAULT_MAX_SCHEDULES = 100_000;

export interface ExploreOptions {
  readonly maxSchedules?: number;
  readonly maxSteps?: number;
  /** Stop at the first failing interleaving (default true). */
  readonly stopOnFailure?: boolean;
  /** Called with every failing interleaving (to classify failures without stopping). */
  readonly onFailure?: (failure: ExploreFailure) => void;
  /** Keep per-step traces, so a failure's message shows its last steps (default true). */
  readonly recordTrace?: boolean;
}

export interface ExploreFailure {
  /** 1-based number of the interleaving, in DFS order. */
  readonly index: number;
  readonly schedule: readonly number[];
  readonly error: unknown;
}

export interface ExploreResult {
  readonly schedules: number;
  readonly complete: boolean;
  readonly failures: number;
  readonly firstFailure: ExploreFailure | null;
  /** The most choice points seen in one run. */
  readonly maxChoices: number;
}

export class NondeterministicScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NondeterministicScenarioError';
  }
}

/** Follows a forced prefix of choices, then always takes the first runnable actor. */
class DfsStrategy implements Strategy {
  readonly choices: number[] = [];
  readonly options: number[] = [];

  constructor(
    private readonly prefix: readonly number[],
    private readonly prefixOptions: readonly number[],
  ) {}

  pick(runnable: readonly number[], stepIndex: number): number {
    if (runnable.length === 1) return runnable[0];
    const at = this.choices.length;
    let choice = 0;
    if (at < this.prefix.length) {
      if (this.prefixOptions[at] !== runnable.length) {
        throw new NondeterministicScenarioError(
          `choice point ${at} (step ${stepIndex}) offered ${this.prefixOptions[at]} actors before and ` +
            `${runnable.length} now: the scenario factory must build the same scenario every time`,
        );
      }
      choice = this.prefix[at];
    }
    this.choices.push(choice);
    this.options.push(runnable.length);
    return runnable[choice];
  }

  describe(): string {
    // Stryker disable next-line StringLiteral: read only by the scheduler's StrategyError, which DfsStrategy cannot cause (pick always returns an element of runnable)
    return `dfs(prefix=${this.prefix.join('.')})`;
  }
}

export function explore(makeScenario: ScenarioFactory, options: ExploreOptions = {}): ExploreResult {
  const maxSchedules = requireInt('maxSchedules', options.maxSchedules ?? DEFAULT_MAX_SCHEDULES, 1);
  const maxSteps = requireInt('maxSteps', options.maxSteps ?? DEFAULT_MAX_STEPS, 1);
  const stopOnFailure = options.stopOnFailure ?? true;
  let prefix: number[] = [];
  let prefixOptions: number[] = [];
  let schedules = 0;
  let failures = 0;
  let maxChoices = 0;
  let firstFailure: ExploreFailure | null = null;
  for (;;) {
    const dfs = new DfsStrategy(prefix, prefixOptions);
    // recordTrace left undefined takes the scheduler's own default (true), as ExploreOptions documents.
    const outcome = runScenario(makeScenario(), dfs, { maxSteps, recordTrace: options.recordTrace });
    schedules++;
    if (dfs.choices.length < prefix.length) {
      throw new NondeterministicScenarioError(
        `a re-run ended after ${dfs.choices.length} of ${prefix.length} forced choices: the scenario factory ` +
          'must build the same scenario every time',
      );
    }
    maxChoices = Math.max(maxChoices, dfs.choices.length);
    if (!outcome.ok) {
      failures++;
      const failure = { index: schedules, schedule: outcome.schedule, error: outcome.error };
      firstFailure ??= failure;
      options.onFailure?.(failure);
      if (stopOnFailure) return { schedules, complete: false, failures, firstFailure, maxChoices };
    }
    // Backtrack: the deepest choice point with an untried alternative.
    let i = dfs.choices.length - 1;
    // Stryker disable next-line ConditionalExpression: at i = -1, choices[-1] is undefined and NaN >= undefined is false, so the loop stops there without the guard (kept for the reader)
    while (i >= 0 && dfs.choices[i] + 1 >= dfs.options[i]) i--;
    if (i < 0) return { schedules, complete: true, failures, firstFailure, maxChoices };
    if (schedules >= maxSchedules) return { schedules, complete: false, failures, firstFailure, maxChoices };
    prefix = [...dfs.choices.slice(0, i), dfs.choices[i] + 1];
    // Stryker disable next-line MethodExpression: DfsStrategy reads prefixOptions only below prefix.length (i + 1), so entries past the slice are never read
    prefixOptions = dfs.options.slice(0, i + 1);
  }
}
