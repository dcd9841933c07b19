/**
 * Strategies: the same seed gives the same interleaving, always; different seeds give different
 * ones; PCT runs the highest-priority actor and needs a change point to switch; replay follows a
 * schedule or says where it diverged. The determinism check is shown catching a strategy that
 * leaks randomness between runs.
 */
import { describe, expect, it } from 'vitest';
import { SchedulerInputError } from './input-error.js';
import { PctStrategy } from './pct-strategy.js';
import { Sfc32 } from './prng.js';
import { RandomStrategy } from './random-strategy.js';
import { ReplayStrategy } from './replay-strategy.js';
import { ReplayDivergedError } from './run-errors.js';
import { replayScenario } from './scenario.js';
import { formatSchedule, parseSchedule } from './schedule-format.js';
import { runActors } from './scheduler.js';
import type { Strategy } from './strategy.js';
import { stepsActor } from './test-actors.js';

const threeActors = () => [stepsActor('a', 6), stepsActor('b', 6), stepsActor('c', 6)];
const scheduleOf = (strategy: Strategy): string => formatSchedule(runActors(threeActors(), strategy).schedule);

/** Runs each strategy twice, from fresh construction, and says whether the schedules agree. */
function deterministic(make: () => Strategy): boolean {
  return scheduleOf(make()) === scheduleOf(make());
}

/** A deliberately broken strategy: its generator is shared by every instance, so runs differ. */
const leaked = new Sfc32(1);
class LeakyStrategy implements Strategy {
  pick(runnable: readonly number[]): number {
    return runnable[leaked.int(runnable.length)];
  }
  describe(): string {
    return 'leaky';
  }
}

describe('seeded PRNG', () => {
  it('same seed, same stream; other seed, other stream', () => {
    const draw = (seed: number) => Array.from({ length: 8 }, ((p) => () => p.u32())(new Sfc32(seed)));
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });
  it('int(n) stays in range and hits every value', () => {
    const p = new Sfc32(9);
    const seen = new Set(Array.from({ length: 600 }, () => p.int(6)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
  it.each([-1, 2 ** 32, 0.5, NaN])('refuses seed %s', (seed) => expect(() => new Sfc32(seed)).toThrow(SchedulerInputError));
});

describe('determinism', () => {
  it('random: same seed gives the same interleaving, for many seeds', () => {
    for (let seed = 0; seed < 50; seed++) expect(deterministic(() => new RandomStrategy(seed))).toBe(true);
  });
  it('PCT: same seed gives the same interleaving, for many seeds', () => {
    for (let seed = 0; seed < 50; seed++) {
      expect(deterministic(() => new PctStrategy({ seed, depth: 3, steps: 18 }))).toBe(true);
    }
  });
  it('the determinism check catches a strategy that leaks randomness between runs', () => {
    expect(deterministic(() => new LeakyStrategy())).toBe(false);
  });
  it('different seeds give different interleavings', () => {
    const random = new Set(Array.from({ length: 40 }, (_, seed) => scheduleOf(new RandomStrategy(seed))));
    expect(random.size).toBeGreaterThanOrEqual(38);
    const pct = new Set(Array.from({ length: 40 }, (_, seed) => scheduleOf(new PctStrategy({ seed, steps: 18 }))));
    expect(pct.size).toBeGreaterThanOrEqual(10);
  });
});

describe('PCT', () => {
  it('depth 1 has no change points: each actor runs to the end in priority order', () => {
    for (let seed = 0; seed < 20; seed++) {
      const schedule = runActors(threeActors(), new PctStrategy({ seed, depth: 1, steps: 18 })).schedule;
      const switches = schedule.filter((a, i) => i > 0 && a !== schedule[i - 1]).length;
      expect(switches).toBe(2);
    }
  });
  it('depth d draws d - 1 distinct change points in 1..k', () => {
    const pct = new PctStrategy({ seed: 4, depth: 5, steps: 10 });
    expect(pct.changes).toHaveLength(4);
    expect(pct.changes.every((c) => c >= 1 && c <= 10)).toBe(true);
  });
  it('at a change point the running actor drops below the others', () => {
    const pct = new PctStrategy({ seed: 4, depth: 2, steps: 10 });
    const [change] = pct.changes;
    const schedule = runActors([stepsActor('a', 12), stepsActor('b', 12)], pct).schedule;
    expect(schedule[change]).not.toBe(schedule[change - 1]);
    expect(schedule.filter((a, i) => i > 0 && a !== schedule[i - 1])).toHaveLength(change < 12 ? 2 : 1);
  });
  it('each demotion goes below all earlier ones: after the last change point its actor runs last', () => {
    for (let seed = 0; seed < 60; seed++) {
      const pct = new PctStrategy({ seed, depth: 4, steps: 24 });
      const schedule = runActors(threeActors(), pct).schedule;
      const last = pct.changes[pct.changes.length - 1];
      const demoted = schedule[last - 1];
      const after = schedule.slice(last);
      const firstOwn = after.indexOf(demoted);
      if (firstOwn >= 0) expect(after.slice(firstOwn).every((a) => a === demoted)).toBe(true);
    }
  });
  it('refuses bad parameters', () => {
    expect(() => new PctStrategy({ seed: 1, steps: 0 })).toThrow(SchedulerInputError);
    expect(() => new PctStrategy({ seed: 1, depth: 0, steps: 5 })).toThrow(SchedulerInputError);
    expect(() => new PctStrategy({ seed: 1, depth: 7, steps: 5 })).toThrow(SchedulerInputError);
    expect(() => new PctStrategy({ seed: -3, steps: 5 })).toThrow(SchedulerInputError);
  });
});

describe('replay', () => {
  it('reproduces a recorded schedule, step for step', () => {
    for (let seed = 0; seed < 10; seed++) {
      const recorded = runActors(threeActors(), new RandomStrategy(seed));
      const replayed = runActors(threeActors(), new ReplayStrategy(recorded.schedule));
      expect(replayed.trace).toEqual(recorded.trace);
    }
  });
  it('through its text form too', () => {
    const recorded = runActors(threeActors(), new RandomStrategy(77));
    const text = formatSchedule(recorded.schedule);
    expect(parseSchedule(text)).toEqual(recorded.schedule);
    expect(runActors(threeActors(), new ReplayStrategy(parseSchedule(text))).trace).toEqual(recorded.trace);
  });
  it('says where a schedule diverges: a finished actor, too few steps, too many', () => {
    const recorded = [...runActors(threeActors(), new RandomStrategy(1)).schedule];
    const finishedEarly = [0, 0, 0, 0, 0, 0, 0, ...recorded.slice(7)];
    expect(() => runActors(threeActors(), new ReplayStrategy(finishedEarly))).toThrow(ReplayDivergedError);
    expect(() => runActors(threeActors(), new ReplayStrategy(recorded.slice(0, -1)))).toThrow(ReplayDivergedError);
    expect(() => replayScenario({ actors: threeActors() }, [...recorded, 0])).toThrow(ReplayDivergedError);
  });
  it('schedule text: run-length form, and bad text refused', () => {
    expect(formatSchedule([0, 0, 0, 1, 1, 0])).toBe('0*3,1*2,0');
    expect(parseSchedule('0*3,1*2,0')).toEqual([0, 0, 0, 1, 1, 0]);
    expect(parseSchedule('')).toEqual([]);
    for (const bad of ['a', '1*0', '1,,2', '-1', '1*2*3']) expect(() => parseSchedule(bad)).toThrow(SchedulerInputError);
  });
});
