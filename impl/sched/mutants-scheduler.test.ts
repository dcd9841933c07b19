/**
 * What scheduler.test.ts leaves open, found by mutation testing (npm run mutate): every run error
 * (deadlock, step limit, actor error from a step or from an until()) carries the whole schedule
 * and trace up to it, the step limit is exact (maxSteps steps run, not one more), after ANY failure
 * (including a strategy error and a bad yield) the scheduler refuses to step again, spawn returns
 * the new actor's index, recordTrace: false keeps no trace, and malformed actors (no object, a
 * non-string name, a body without next) are refused up front with a SchedulerInputError naming
 * what is wrong.
 */
import { describe, expect, it } from 'vitest';
import { actor, DONE_LABEL, type Actor } from './actor.js';
import { SchedulerInputError } from './input-error.js';
import { ActorError, DeadlockError, StepLimitError, StrategyError } from './run-errors.js';
import { ReplayStrategy } from './replay-strategy.js';
import { runActors, Scheduler } from './scheduler.js';
import type { Strategy } from './strategy.js';
import { stepsActor } from './test-actors.js';

const first: Strategy = { pick: (r) => r[0], describe: () => 'first' };

/** Runs `s` to its end and returns what it threw (failing the test if it threw nothing). */
function failureOf(s: Scheduler): unknown {
  try {
    s.run();
  } catch (e) {
    return e;
  }
  throw new Error('the run did not fail');
}

const labels = (s: Scheduler): string[] => s.trace.map((r) => `${r.name}:${r.label}`);

describe('run errors carry the schedule and trace up to the failure', () => {
  it('deadlock', () => {
    const s = new Scheduler(
      [stepsActor('a', 2), actor('x', function* () { yield { until: () => false, label: 'never' }; })],
      first,
    );
    const error = failureOf(s) as DeadlockError;
    expect(error).toBeInstanceOf(DeadlockError);
    expect(error.schedule).toEqual([0, 0, 1]);
    expect(error.trace.map((r) => r.label)).toEqual(['a step 1', DONE_LABEL, 'never']);
  });

  it('step limit: exactly maxSteps steps run, and the scheduler stays failed', () => {
    const s = new Scheduler([actor('spin', function* () { for (;;) yield 'spin'; })], first, { maxSteps: 4 });
    const error = failureOf(s) as StepLimitError;
    expect(error).toBeInstanceOf(StepLimitError);
    expect(error.maxSteps).toBe(4);
    expect(error.schedule).toEqual([0, 0, 0, 0]);
    expect(error.trace).toHaveLength(4);
    expect(() => s.step()).toThrow(SchedulerInputError);
  });

  it('a run of exactly maxSteps steps finishes', () => {
    expect(runActors([stepsActor('a', 4)], first, { maxSteps: 4 }).steps).toBe(4);
  });

  it('an actor throwing: the throwing step is traced as "threw <name>", and the scheduler stays failed', () => {
    const s = new Scheduler(
      [stepsActor('calm', 1), actor('thrower', function* () { yield 'one'; throw new TypeError('boom'); })],
      first,
    );
    const error = failureOf(s) as ActorError;
    expect(error).toBeInstanceOf(ActorError);
    expect(error.schedule).toEqual([0, 1, 1]);
    expect(labels(s)).toEqual(['calm:(done)', 'thrower:one', 'thrower:threw TypeError']);
    expect(error.trace).toEqual(s.trace);
    expect(() => s.step()).toThrow(SchedulerInputError);
  });

  it('an until() throwing: the error carries the steps so far, and the scheduler stays failed', () => {
    let armed = false;
    const s = new Scheduler(
      [
        actor('bad', function* () {
          yield {
            until: () => {
              if (armed) throw new Error('no');
              return false;
            },
            label: 'bad wait',
          };
        }),
        actor('arm', function* () {
          yield 'arming';
          armed = true;
        }),
      ],
      first,
    );
    const error = failureOf(s) as ActorError;
    expect(error).toBeInstanceOf(ActorError);
    expect(error.actor).toBe('bad');
    expect(error.schedule).toEqual([0, 1, 1]);
    expect(error.trace.map((r) => r.label)).toEqual(['bad wait', 'arming', DONE_LABEL]);
    expect(() => s.step()).toThrow(SchedulerInputError);
  });
});

describe('after any failure the scheduler refuses to step again', () => {
  it('a strategy error', () => {
    const s = new Scheduler([stepsActor('a', 1)], { pick: () => 5, describe: () => 'wrong' });
    expect(() => s.step()).toThrow(StrategyError);
    expect(() => s.step()).toThrow(SchedulerInputError);
  });

  it('a bad yield', () => {
    const badYield = { name: 'y', body: (function* () { yield 42; })() } as unknown as Actor;
    const s = new Scheduler([badYield], first);
    expect(() => s.step()).toThrow(SchedulerInputError);
    expect(() => s.step()).toThrow(/already failed/);
  });
});

describe('spawn and trace recording', () => {
  it('spawn returns the index the new actor runs under', () => {
    const s = new Scheduler([stepsActor('a', 1)], first);
    const index = s.spawn(stepsActor('b', 1));
    expect(index).toBe(1);
    expect(s.actorName(index)).toBe('b');
    expect(s.run().schedule).toEqual([0, 1]);
  });

  it('recordTrace: false keeps the schedule but no trace, also in a run error', () => {
    const ok = runActors([stepsActor('a', 2), stepsActor('b', 1)], new ReplayStrategy([0, 1, 0]), { recordTrace: false });
    expect(ok.schedule).toEqual([0, 1, 0]);
    expect(ok.trace).toEqual([]);
    const s = new Scheduler([actor('x', function* () { yield 'one'; throw new Error('x'); })], first, { recordTrace: false });
    const error = failureOf(s) as ActorError;
    expect(error.schedule).toEqual([0, 0]);
    expect(error.trace).toEqual([]);
  });
});

describe('malformed actors are refused before anything runs', () => {
  const body = (): Actor['body'] => stepsActor('unused', 1).body;
  it.each([
    ['no actor at all', undefined],
    ['a non-string name', { name: 7, body: body() }],
    ['a body without next()', { name: 'n', body: {} }],
    ['a body whose next is not a function', { name: 'n', body: { next: 1 } }],
  ])('%s', (_what, bad) => {
    expect(() => new Scheduler([bad as unknown as Actor], first)).toThrow(SchedulerInputError);
  });

  it('the step-limit error names the parameter', () => {
    expect(() => new Scheduler([], first, { maxSteps: 0 })).toThrow(/maxSteps/);
  });
});
