/**
 * Exhaustive exploration: it runs every interleaving exactly once (the count is the multinomial
 * coefficient for independent actors), it says when it was cut short, and it refuses a scenario
 * factory that does not build the same scenario every time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actor } from './actor.js';
import { explore, NondeterministicScenarioError } from './explore.js';
import { SchedulerInputError } from './input-error.js';
import { replayScenario } from './scenario.js';
import { multinomial, stepsActor } from './test-actors.js';

/** Independent actors with the given step counts; records each run's interleaving. */
function independent(steps: readonly number[], seen: Set<string>) {
  return () => {
    const log: string[] = [];
    return {
      actors: steps.map((n, i) => stepsActor(`a${i}`, n, log)),
      check: () => void seen.add(log.join(' ')),
    };
  };
}

describe('explore', () => {
  it.each([
    [[2, 3], 10],
    [[1, 1, 1], 6],
    [[3, 3], 20],
    [[2, 2, 2], 90],
    [[4, 4, 1], 630],
    [[5], 1],
  ])('actors with %j steps: exactly %i interleavings, all distinct', (steps, expected) => {
    const seen = new Set<string>();
    const result = explore(independent(steps, seen));
    expect(multinomial(steps)).toBe(expected);
    expect(result).toMatchObject({ schedules: expected, complete: true, failures: 0, firstFailure: null });
    expect(seen.size).toBe(expected);
  });

  it('the count is the multinomial coefficient for any small step counts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), (steps) => {
        const seen = new Set<string>();
        const result = explore(independent(steps, seen));
        return result.complete && result.schedules === multinomial(steps) && seen.size === result.schedules;
      }),
      { seed: 20261123, numRuns: 40 },
    );
  });

  it('a check that fails in some interleavings: every failing one is counted, the first replays', () => {
    // a writes twice; b reads once; the check rejects b seeing the half-way value 1.
    const make = () => {
      let x = 0;
      let seenByB = -1;
      return {
        actors: [
          actor('a', function* () {
            x = 1;
            yield 'x = 1';
            x = 2;
          }),
          actor('b', function* () {
            seenByB = x;
          }),
        ],
        check: () => seenByB !== 1,
      };
    };
    const all = explore(make, { stopOnFailure: false });
    expect(all).toMatchObject({ schedules: 3, complete: true, failures: 1 });
    const first = explore(make);
    expect(first.complete).toBe(false);
    expect(first.firstFailure?.schedule).toEqual([0, 1, 0]);
    expect(replayScenario(make(), first.firstFailure!.schedule).ok).toBe(false);
  });

  it('maxSchedules bounds the search and complete says so', () => {
    const result = explore(independent([3, 3], new Set()), { maxSchedules: 7 });
    expect(result).toMatchObject({ schedules: 7, complete: false });
  });

  it('refuses a factory that builds a different scenario each time', () => {
    let calls = 0;
    const unstable = () => {
      calls++;
      return { actors: [stepsActor('a', 2), stepsActor('b', 2), ...(calls > 1 ? [] : [stepsActor('c', 1)])] };
    };
    expect(() => explore(unstable)).toThrow(NondeterministicScenarioError);
  });

  it('refuses bad bounds', () => {
    expect(() => explore(independent([1], new Set()), { maxSchedules: 0 })).toThrow(SchedulerInputError);
    expect(() => explore(independent([1], new Set()), { maxSteps: -1 })).toThrow(SchedulerInputError);
  });
});
