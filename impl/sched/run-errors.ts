/**
 * The errors that end a run: deadlock, step limit, an actor throwing. Each carries the schedule
 * up to the failure, so `ReplayStrategy` re-runs exactly the same interleaving to the same error.
 *
 * Invariants:
 * - `schedule` holds every step that ran, including the one that threw (an actor error) and none
 *   after it; the message ends with the schedule in formatSchedule form, ready for a replay line.
 * - `trace` is the recorded trace (empty if the scheduler was told not to record one); the
 *   message quotes only its tail, so a long run still gives a readable error.
 * - ActorError keeps the actor's own error as `cause`, unchanged, so a test can ask whether it was
 *   a UseAfterFreeError (or any other typed bug) rather than parse a message.
 */
import type { StepRecord } from './actor.js';
import { formatSchedule } from './schedule-format.js';

const TRACE_TAIL = 12;

export abstract class RunFailure extends Error {
  readonly schedule: readonly number[];
  readonly trace: readonly StepRecord[];

  constructor(what: string, schedule: readonly number[], trace: readonly StepRecord[]) {
    const tail = trace.slice(-TRACE_TAIL).map((s) => `  #${s.step} ${s.name}: ${s.label}`);
    const traceText = tail.length === 0 ? '' : `\nlast steps:\n${tail.join('\n')}`;
    super(`${what} after ${schedule.length} steps${traceText}\nschedule: ${formatSchedule(schedule)}`);
    this.schedule = schedule;
    this.trace = trace;
  }
}

export interface BlockedActor {
  readonly actor: number;
  readonly name: string;
  readonly label: string;
}

/** No actor can run and some have not finished. */
export class DeadlockError extends RunFailure {
  constructor(
    readonly blocked: readonly BlockedActor[],
    schedule: readonly number[],
    trace: readonly StepRecord[],
  ) {
    super(`deadlock: ${blocked.map((b) => `${b.name} waits: ${b.label}`).join('; ')}`, schedule, trace);
    this.name = 'DeadlockError';
  }
}

/** The run reached maxSteps with actors still unfinished (a livelock, or a limit set too low). */
export class StepLimitError extends RunFailure {
  constructor(
    readonly maxSteps: number,
    schedule: readonly number[],
    trace: readonly StepRecord[],
  ) {
    super(`step limit ${maxSteps} reached`, schedule, trace);
    this.name = 'StepLimitError';
  }
}

/** An actor's step (or its `until` condition) threw; `cause` is what it threw. */
export class ActorError extends RunFailure {
  constructor(
    readonly actor: string,
    override readonly cause: unknown,
    schedule: readonly number[],
    trace: readonly StepRecord[],
  ) {
    super(`actor ${actor} threw ${describe(cause)}`, schedule, trace);
    this.name = 'ActorError';
  }
}

/** A strategy picked an actor that was not runnable (a bug in the strategy). */
export class StrategyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrategyError';
  }
}

/** A replayed schedule does not fit the run (the scenario changed, or the schedule is wrong). */
export class ReplayDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayDivergedError';
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
