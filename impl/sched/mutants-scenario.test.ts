/**
 * What the scenario tests (ordering-bug.test.ts) leave open, found by mutation testing (npm run
 * mutate): sampleSchedules stops after the first failing run by default, reporting how many runs it
 * made, and runs them all with stopOnFailure: false; a bad run count is refused naming `runs`; a
 * check returning false is a CheckFailedError by name, carrying the schedule.
 */
import { describe, expect, it } from 'vitest';
import { actor } from './actor.js';
import { SchedulerInputError } from './input-error.js';
import { CheckFailedError, runScenario, sampleSchedules } from './scenario.js';
import type { Strategy } from './strategy.js';

/** a and b write their names in the order they run; the check wants a first. */
const aFirst = () => {
  const order: string[] = [];
  return {
    actors: [actor('a', function* () { order.push('a'); }), actor('b', function* () { order.push('b'); })],
    check: () => order[0] === 'a',
  };
};
const firstRunnable: Strategy = { pick: (r) => r[0], describe: () => 'first' };
const lastRunnable: Strategy = { pick: (r) => r[r.length - 1], describe: () => 'last' };
/** Even runs pass (a first), odd runs fail (b first). */
const alternating = (run: number): Strategy => (run % 2 === 0 ? firstRunnable : lastRunnable);

describe('sampleSchedules', () => {
  it('stops after the first failing run by default', () => {
    expect(sampleSchedules(aFirst, alternating, { runs: 6 })).toMatchObject({
      runs: 2,
      failures: 1,
      firstFailure: { run: 1, strategy: 'last', schedule: [1, 0] },
    });
  });

  it('runs every run with stopOnFailure: false, keeping the first failure', () => {
    expect(sampleSchedules(aFirst, alternating, { runs: 6, stopOnFailure: false })).toMatchObject({
      runs: 6,
      failures: 3,
      firstFailure: { run: 1 },
    });
  });

  it('refuses a bad run count, naming it', () => {
    expect(() => sampleSchedules(aFirst, alternating, { runs: -1 })).toThrow(SchedulerInputError);
    expect(() => sampleSchedules(aFirst, alternating, { runs: -1 })).toThrow(/runs/);
  });
});

describe('CheckFailedError', () => {
  it('names itself and carries the failing schedule', () => {
    const outcome = runScenario(aFirst(), lastRunnable);
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: unknown }).error as CheckFailedError;
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(error.name).toBe('CheckFailedError');
    expect(error.schedule).toEqual([1, 0]);
  });
});
