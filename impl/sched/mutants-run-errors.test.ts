/**
 * A failed run's error is its replay ticket (found open by mutation testing): RunFailure's message
 * ends with the schedule in formatSchedule form and quotes the last 12 trace steps (none when no
 * trace was recorded), so every printed failure says what replays it and what just happened. Pinned
 * here exactly, with each error's name and typed fields (what a caller acts on), on errors built
 * directly and on ones the scheduler throws.
 */
import { describe, expect, it } from 'vitest';
import { actor, type StepRecord } from './actor.js';
import { ReplayStrategy } from './replay-strategy.js';
import { ActorError, DeadlockError, ReplayDivergedError, StepLimitError, StrategyError } from './run-errors.js';
import { runActors } from './scheduler.js';

const record = (step: number): StepRecord => ({ step, actor: step % 2, name: step % 2 ? 'b' : 'a', label: `at ${step}` });

describe('RunFailure message', () => {
  it('a long trace: only its last 12 steps are quoted, then the schedule', () => {
    const trace = Array.from({ length: 14 }, (_, i) => record(i));
    const schedule = trace.map((s) => s.actor);
    const e = new StepLimitError(14, schedule, trace);
    const lastSteps = trace.slice(2).map((s) => `  #${s.step} ${s.name}: at ${s.step}`);
    expect(e.message).toBe(
      ['step limit 14 reached after 14 steps', 'last steps:', ...lastSteps, 'schedule: 0,1,0,1,0,1,0,1,0,1,0,1,0,1'].join('\n'),
    );
  });

  it('a short trace is quoted whole', () => {
    const e = new StepLimitError(2, [0, 0], [record(0), record(1)]);
    expect(e.message).toBe('step limit 2 reached after 2 steps\nlast steps:\n  #0 a: at 0\n  #1 b: at 1\nschedule: 0*2');
  });

  it('no trace recorded: no trace section', () => {
    expect(new StepLimitError(3, [1, 1, 1], []).message).toBe('step limit 3 reached after 3 steps\nschedule: 1*3');
  });
});

describe('names and fields', () => {
  it('errors built directly', () => {
    const blocked = [{ actor: 1, name: 'b', label: 'lock' }];
    const deadlock = new DeadlockError(blocked, [0, 1], [record(0)]);
    expect(deadlock.name).toBe('DeadlockError');
    expect(deadlock.blocked).toEqual(blocked);
    expect(deadlock.schedule).toEqual([0, 1]);
    expect(deadlock.trace).toEqual([record(0)]);
    const limit = new StepLimitError(9, [0], []);
    expect([limit.name, limit.maxSteps]).toEqual(['StepLimitError', 9]);
    const cause = new TypeError('boom');
    const actorError = new ActorError('a', cause, [0], []);
    expect([actorError.name, actorError.actor, actorError.cause]).toEqual(['ActorError', 'a', cause]);
    expect(new StrategyError('x').name).toBe('StrategyError');
    expect(new ReplayDivergedError('x').name).toBe('ReplayDivergedError');
  });

  it('errors the scheduler throws: the schedule up to the failure, including the step that threw', () => {
    const cause = new RangeError('bad');
    const thrower = actor('t', function* () {
      yield 'first';
      throw cause;
    });
    let error: unknown;
    try {
      runActors([thrower], new ReplayStrategy([0, 0]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ActorError);
    const e = error as ActorError;
    expect([e.name, e.actor, e.cause, e.schedule]).toEqual(['ActorError', 't', cause, [0, 0]]);
    expect(e.message.endsWith('\nlast steps:\n  #0 t: first\n  #1 t: threw RangeError\nschedule: 0*2')).toBe(true);

    const waiter = actor('w', function* () {
      yield { until: () => false, label: 'never' };
    });
    let deadlock: unknown;
    try {
      runActors([waiter], new ReplayStrategy([0]), { recordTrace: false });
    } catch (d) {
      deadlock = d;
    }
    expect(deadlock).toBeInstanceOf(DeadlockError);
    const d = deadlock as DeadlockError;
    expect([d.name, d.blocked, d.schedule, d.trace]).toEqual(['DeadlockError', [{ actor: 0, name: 'w', label: 'never' }], [0], []]);
  });
});
