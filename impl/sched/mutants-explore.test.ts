/**
 * What explore.test.ts leaves open, found by mutation testing (npm run mutate): maxChoices is the
 * largest number of real choice points (steps with two or more runnable actors) in one run; the
 * step limit and the trace option reach every run; and both nondeterminism checks fire on their
 * own: a choice point offering a different number of actors (even when the forced choice would
 * still fit), and a re-run that ends before its forced choices are used up. Bad bounds are refused
 * with messages naming the bound.
 */
import { describe, expect, it } from 'vitest';
import { actor } from './actor.js';
import { explore, NondeterministicScenarioError } from './explore.js';
import { ActorError, StepLimitError } from './run-errors.js';
import { stepsActor } from './test-actors.js';

/** A factory whose first call builds `firstActors` steps and every later call `laterActors`. */
function changing(firstActors: readonly number[], laterActors: readonly number[]) {
  let calls = 0;
  return () => {
    const steps = calls++ === 0 ? firstActors : laterActors;
    return { actors: steps.map((n, i) => stepsActor(`a${i}`, n)) };
  };
}

function nondeterminismOf(run: () => unknown): NondeterministicScenarioError {
  expect(run).toThrow(NondeterministicScenarioError);
  try {
    run();
  } catch (e) {
    return e as NondeterministicScenarioError;
  }
  throw new Error('unreachable');
}

describe('explore: maxChoices counts only real choice points', () => {
  it.each([
    // a(2), b(3): both stay runnable for at most 4 steps (e.g. b b a, then a finishing 4th).
    [[2, 3], 4],
    [[1, 1, 1], 2],
    // One actor never has a choice.
    [[5], 0],
  ])('actors with %j steps: at most %i choice points', (steps, expected) => {
    const make = () => ({ actors: steps.map((n, i) => stepsActor(`a${i}`, n)) });
    expect(explore(make).maxChoices).toBe(expected);
  });
});

describe('explore: options reach every run', () => {
  it('maxSteps bounds each run; the failure is a StepLimitError at that limit', () => {
    const make = () => ({ actors: [stepsActor('a', 3), stepsActor('b', 3)] });
    const result = explore(make, { maxSteps: 5 });
    const error = result.firstFailure?.error as StepLimitError;
    expect(error).toBeInstanceOf(StepLimitError);
    expect(error.maxSteps).toBe(5);
    expect(result.firstFailure?.schedule).toHaveLength(5);
  });

  it('a failure keeps its trace by default, and none with recordTrace: false', () => {
    const make = () => ({ actors: [actor('t', function* () { yield 'before'; throw new Error('t'); })] });
    const traced = explore(make).firstFailure?.error as ActorError;
    expect(traced.trace.map((r) => r.label)).toEqual(['before', 'threw Error']);
    const untraced = explore(make, { recordTrace: false }).firstFailure?.error as ActorError;
    expect(untraced.trace).toEqual([]);
  });
});

describe('explore: a factory that changes between runs is refused', () => {
  it('a choice point offering more actors than before, although the forced choice still fits', () => {
    // First run: a0, a1 (one choice point, 2 options). The re-run forces choice 1 of 3 actors.
    const error = nondeterminismOf(() => explore(changing([1, 1], [1, 1, 1])));
    expect(error.name).toBe('NondeterministicScenarioError');
    expect(error.message).toMatch(/offered 2 actors before and 3 now/);
  });

  it('a re-run with fewer choice points than its forced prefix', () => {
    // First run: a0(2) first, so 2 choice points; the re-run forces [0, 1] but a0 now has 1 step.
    const error = nondeterminismOf(() => explore(changing([2, 2], [1, 2])));
    expect(error.message).toMatch(/ended after 1 of 2 forced choices/);
  });
});

describe('explore: bad bounds name themselves', () => {
  const make = () => ({ actors: [stepsActor('a', 1)] });
  it.each([
    [{ maxSchedules: 0 }, /maxSchedules/],
    [{ maxSteps: 0 }, /maxSteps/],
  ])('%j', (options, message) => {
    expect(() => explore(make, options)).toThrow(message);
  });
});
