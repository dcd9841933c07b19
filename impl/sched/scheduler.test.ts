/**
 * The scheduler: steps are whole and counted as documented, each run error (deadlock, step
 * limit, actor error) is raised with a schedule that replays it, and bad input is refused with a
 * typed error instead of a confusing run.
 */
import { describe, expect, it } from 'vitest';
import { actor, DONE_LABEL, type Actor } from './actor.js';
import { SchedulerInputError } from './input-error.js';
import { RandomStrategy } from './random-strategy.js';
import { ReplayStrategy } from './replay-strategy.js';
import { ActorError, DeadlockError, StepLimitError, StrategyError } from './run-errors.js';
import { replayScenario } from './scenario.js';
import { runActors, Scheduler } from './scheduler.js';
import type { Strategy } from './strategy.js';
import { stepsActor } from './test-actors.js';

const first: Strategy = { pick: (r) => r[0], describe: () => 'first' };

describe('scheduler', () => {
  it('runs every actor to the end; an actor with n yields takes n + 1 steps', () => {
    const log: string[] = [];
    const result = runActors([stepsActor('a', 2, log), stepsActor('b', 3, log)], first);
    expect(result.steps).toBe(5);
    expect(log).toEqual(['a:1', 'a:2', 'b:1', 'b:2', 'b:3']);
    expect(result.schedule).toEqual([0, 0, 1, 1, 1]);
    expect(result.trace.map((s) => s.label)).toEqual(['a step 1', DONE_LABEL, 'b step 1', 'b step 2', DONE_LABEL]);
  });

  it('a blocked actor is not runnable until its condition holds, then runs', () => {
    let flag = false;
    const waiter = actor('waiter', function* () {
      yield { until: () => flag, label: 'wait for flag' };
    });
    const setter = actor('setter', function* () {
      yield 'before';
      flag = true;
    });
    const s = new Scheduler([waiter, setter], first);
    s.step(); // waiter blocks
    expect(s.runnable()).toEqual([1]);
    s.step();
    s.step(); // setter sets the flag and finishes
    expect(s.runnable()).toEqual([0]);
    expect(s.run().schedule).toEqual([0, 1, 1, 0]);
  });

  it('reports a deadlock with the blocked actors and a schedule that replays it', () => {
    const make = (): Actor[] => [
      actor('x', function* () {
        yield { until: () => false, label: 'never' };
      }),
      stepsActor('y', 2),
    ];
    let error: unknown;
    try {
      runActors(make(), new RandomStrategy(7));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    const deadlock = error as DeadlockError;
    expect(deadlock.blocked.map((b) => [b.name, b.label])).toEqual([['x', 'never']]);
    expect(deadlock.message).toMatch(/schedule: /);
    const replayed = replayScenario({ actors: make() }, deadlock.schedule);
    expect(replayed.ok === false && replayed.error).toBeInstanceOf(DeadlockError);
  });

  it('caps the steps of a run that never ends', () => {
    const spinner = actor('spin', function* () {
      for (;;) yield 'spin';
    });
    const run = () => runActors([spinner], first, { maxSteps: 50 });
    expect(run).toThrow(StepLimitError);
  });

  it('an actor that throws ends the run; the error keeps the cause and the throwing step', () => {
    const boom = new TypeError('boom');
    const make = (): Actor[] => [
      stepsActor('calm', 3),
      actor('thrower', function* () {
        yield 'one';
        throw boom;
      }),
    ];
    let error: unknown;
    try {
      runActors(make(), new RandomStrategy(3));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ActorError);
    const failure = error as ActorError;
    expect(failure.cause).toBe(boom);
    expect(failure.actor).toBe('thrower');
    expect(failure.schedule.filter((i) => i === 1)).toHaveLength(2);
    expect(failure.schedule[failure.schedule.length - 1]).toBe(1);
    const replayed = replayScenario({ actors: make() }, failure.schedule);
    expect(replayed.ok === false && (replayed.error as ActorError).cause).toBe(boom);
  });

  it('an until() that throws is the actor failing', () => {
    const bad = actor('bad', function* () {
      yield {
        until: () => {
          throw new Error('no');
        },
        label: 'bad wait',
      };
    });
    expect(() => runActors([bad], first)).toThrow(ActorError);
  });

  it('spawn adds an actor mid-run; it then takes part like any other', () => {
    const log: string[] = [];
    let s: Scheduler;
    const parent = actor('parent', function* () {
      s.spawn(stepsActor('child', 2, log));
      yield 'spawned';
    });
    s = new Scheduler([parent], first);
    const result = s.run();
    expect(log).toEqual(['child:1', 'child:2']);
    expect(result.steps).toBe(4);
  });

  it('refuses bad input with a typed error', () => {
    expect(() => new Scheduler([stepsActor('a', 1), stepsActor('a', 1)], first)).toThrow(SchedulerInputError);
    expect(() => new Scheduler([stepsActor('', 1)], first)).toThrow(SchedulerInputError);
    expect(() => new Scheduler([{ name: 'n', body: 3 as never }], first)).toThrow(SchedulerInputError);
    expect(() => new Scheduler([], first, { maxSteps: 0 })).toThrow(SchedulerInputError);
    expect(() => new Scheduler([], first, { maxSteps: 1.5 })).toThrow(SchedulerInputError);
    const reused = stepsActor('r', 2);
    runActors([reused], first);
    expect(() => runActors([reused], first)).toThrow(/already run/);
    const badYield = { name: 'y', body: (function* () { yield 42; })() } as unknown as Actor;
    expect(() => runActors([badYield], first)).toThrow(SchedulerInputError);
  });

  it('a strategy that picks a non-runnable actor is caught', () => {
    const wrong: Strategy = { pick: () => 5, describe: () => 'wrong' };
    expect(() => runActors([stepsActor('a', 1)], wrong)).toThrow(StrategyError);
  });

  it('refuses to step again after a run failed', () => {
    const s = new Scheduler([actor('x', function* () { yield { until: () => false, label: 'never' }; })], first);
    expect(() => s.run()).toThrow(DeadlockError);
    expect(() => s.step()).toThrow(SchedulerInputError);
  });

  it('replay of a finished run follows it exactly', () => {
    const logA: string[] = [];
    const logB: string[] = [];
    const a = runActors([stepsActor('p', 4, logA), stepsActor('q', 4, logA)], new RandomStrategy(11));
    const b = runActors([stepsActor('p', 4, logB), stepsActor('q', 4, logB)], new ReplayStrategy(a.schedule));
    expect(logB).toEqual(logA);
    expect(b.trace).toEqual(a.trace);
  });
});
