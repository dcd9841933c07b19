/**
 * What strategies.test.ts leaves open, found by mutation testing: each strategy's describe() text
 * (it goes into failure reports and must name the strategy exactly enough to rebuild it); a lone
 * runnable actor consuming no randomness (so a forced step elsewhere does not shift every later
 * random choice); PCT's accepted depth range (d - 1 change points fit in k steps, so d = k + 1 is
 * the largest), its refusals naming the parameter, and its tie-break by actor index; and
 * ReplayStrategy.consumed counting exactly the steps replayed.
 */
import { describe, expect, it } from 'vitest';
import { SchedulerInputError } from './input-error.js';
import { PctStrategy } from './pct-strategy.js';
import { Sfc32 } from './prng.js';
import { RandomStrategy } from './random-strategy.js';
import { ReplayStrategy } from './replay-strategy.js';
import { runActors } from './scheduler.js';
import { stepsActor } from './test-actors.js';

describe('describe() names the strategy exactly', () => {
  it('random, PCT, replay', () => {
    expect(new RandomStrategy(7).describe()).toBe('random(seed=7)');
    expect(new PctStrategy({ seed: 3, steps: 10 }).describe()).toBe('pct(seed=3, depth=2, steps=10)');
    expect(new PctStrategy({ seed: 3, depth: 4, steps: 10 }).describe()).toBe('pct(seed=3, depth=4, steps=10)');
    expect(new ReplayStrategy([0, 0, 1, 2, 2]).describe()).toBe('replay(0*2,1,2*2)');
  });
});

describe('random', () => {
  it('a lone runnable actor consumes no randomness', () => {
    const choices = [
      [0, 1, 2],
      [0, 1],
      [1, 2],
      [0, 1, 2],
      [0, 2],
    ];
    const plain = new RandomStrategy(5);
    const expected = choices.map((runnable) => plain.pick(runnable));
    const forced = new RandomStrategy(5);
    const got = choices.map((runnable) => {
      expect(forced.pick([2])).toBe(2);
      return forced.pick(runnable);
    });
    expect(got).toEqual(expected);
  });
});

describe('PCT parameters', () => {
  it('depth k + 1 is accepted and puts a change point on every step 1..k', () => {
    expect(new PctStrategy({ seed: 9, depth: 6, steps: 5 }).changes).toEqual([1, 2, 3, 4, 5]);
  });

  it('refusals name the parameter', () => {
    expect(() => new PctStrategy({ seed: 1, steps: 0 })).toThrow(/^PCT steps = 0 /);
    expect(() => new PctStrategy({ seed: 1, depth: 7, steps: 5 })).toThrow(/^PCT depth = 7 /);
    expect(() => new PctStrategy({ seed: 1, depth: 7, steps: 5 })).toThrow(SchedulerInputError);
  });
});

describe('PCT ties', () => {
  it('two actors with equal priority: the lower index runs', () => {
    // With depth 1 nothing is drawn for change points, so actor i's priority is 1 + the i-th u32
    // of the seed's stream; for seed 4 draws 5031 and 33061 are equal (found by search).
    const low = 5031;
    const high = 33061;
    const stream = new Sfc32(4);
    const drawsTo = Array.from({ length: high + 1 }, () => stream.u32());
    expect(drawsTo[low]).toBe(drawsTo[high]);
    expect(new PctStrategy({ seed: 4, depth: 1, steps: 1 }).pick([low, high], 0)).toBe(low);
  });
});

describe('replay', () => {
  it('consumed counts the steps replayed so far', () => {
    const schedule = [0, 1, 1, 0, 1];
    const replay = new ReplayStrategy(schedule);
    expect(replay.consumed).toBe(0);
    expect(replay.length).toBe(5);
    runActors([stepsActor('a', 2), stepsActor('b', 3)], replay);
    expect(replay.consumed).toBe(5);
    const partial = new ReplayStrategy([1, 0, 1]);
    partial.pick([0, 1], 0);
    expect(partial.consumed).toBe(1);
  });
});
