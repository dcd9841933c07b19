/**
 * The deterministic scheduler: repeatedly asks a strategy which runnable actor goes next and
 * advances it by exactly one step, until every actor has finished.
 *
 * Invariants:
 * - Every interleaving decision is the strategy's; the scheduler itself chooses nothing. So a run
 *   is a function of (actors, strategy), and `schedule` (the actor index of every step) replays
 *   it exactly through ReplayStrategy.
 * - An actor is runnable when it has not finished and is not blocked: it has not started, stopped
 *   at a label, or stopped at a BlockOn whose `until()` is now true.
 * - No runnable actor while some are unfinished is a deadlock (DeadlockError); reaching maxSteps
 *   with actors unfinished is a StepLimitError; an actor that throws ends the run with ActorError.
 *   Each carries the schedule so far. After any of them the scheduler refuses to step again.
 * - A generator is run by at most one scheduler: reusing an actor's body (for example a scenario
 *   factory returning the same actors twice) is refused, because a half-consumed generator would
 *   silently give a different run.
 */
import { DONE_LABEL, isBlockOn, type Actor, type BlockOn, type StepRecord } from './actor.js';
import { SchedulerInputError, requireInt } from './input-error.js';
import { ActorError, DeadlockError, StepLimitError, StrategyError, type BlockedActor } from './run-errors.js';
import type { Strategy } from './strategy.js';

export const DEFAULT_MAX_STEPS = 100_000;

export interface RunOptions {
  /** Steps after which an unfinished run is a StepLimitError (default DEFAULT_MAX_STEPS). */
  readonly maxSteps?: number;
  /** Keep a StepRecord per step (default true); turn off for long runs where only speed counts. */
  readonly recordTrace?: boolean;
}

export interface RunResult {
  readonly steps: number;
  readonly schedule: readonly number[];
  readonly trace: readonly StepRecord[];
}

interface Slot {
  readonly actor: Actor;
  done: boolean;
  /** The condition the actor stopped at, or null when it stopped at a label (or has not started). */
  wait: BlockOn | null;
}

/** Bodies already handed to a scheduler (module-wide, so reuse across schedulers is caught too). */
const claimedBodies = new WeakSet<object>();

export class Scheduler {
  private readonly slots: Slot[] = [];
  private readonly names = new Set<string>();
  private readonly maxSteps: number;
  private readonly recordTrace: boolean;
  private readonly scheduleList: number[] = [];
  private readonly traceList: StepRecord[] = [];
  private failed = false;

  constructor(
    actors: readonly Actor[],
    private readonly strategy: Strategy,
    options: RunOptions = {},
  ) {
    this.maxSteps = requireInt('maxSteps', options.maxSteps ?? DEFAULT_MAX_STEPS, 1);
    this.recordTrace = options.recordTrace ?? true;
    for (const a of actors) this.spawn(a);
  }

  /** Adds an actor (also from inside a step, e.g. a reader started mid-run); returns its index. */
  spawn(actor: Actor): number {
    if (typeof actor?.name !== 'string' || actor.name === '') {
      throw new SchedulerInputError(`an actor needs a non-empty name (got ${String(actor?.name)})`);
    }
    if (this.names.has(actor.name)) throw new SchedulerInputError(`two actors are named "${actor.name}"`);
    const body = actor.body as unknown;
    if (typeof body !== 'object' || body === null || typeof (body as { next?: unknown }).next !== 'function') {
      throw new SchedulerInputError(`actor "${actor.name}" has no generator body`);
    }
    if (claimedBodies.has(body)) {
      throw new SchedulerInputError(`actor "${actor.name}"'s generator was already run; make fresh actors per run`);
    }
    claimedBodies.add(body);
    this.names.add(actor.name);
    this.slots.push({ actor, done: false, wait: null });
    return this.slots.length - 1;
  }

  get steps(): number {
    return this.scheduleList.length;
  }

  get schedule(): readonly number[] {
    return this.scheduleList;
  }

  get trace(): readonly StepRecord[] {
    return this.traceList;
  }

  get finished(): boolean {
    return this.slots.every((s) => s.done);
  }

  actorName(index: number): string {
    return this.slots[index].actor.name;
  }

  /** Indices of the actors that may run now, ascending. */
  runnable(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot.done && (slot.wait === null || this.holds(i, slot.wait))) out.push(i);
    }
    return out;
  }

  /** Runs one step. Returns false (running nothing) once every actor has finished. */
  step(): boolean {
    if (this.failed) throw new SchedulerInputError('this run already failed; start a new scheduler');
    const runnable = this.runnable();
    if (runnable.length === 0) {
      if (this.finished) return false;
      this.failed = true;
      throw new DeadlockError(this.blocked(), [...this.scheduleList], [...this.traceList]);
    }
    if (this.steps >= this.maxSteps) {
      this.failed = true;
      throw new StepLimitError(this.maxSteps, [...this.scheduleList], [...this.traceList]);
    }
    const pick = this.strategy.pick(runnable, this.steps);
    if (!runnable.includes(pick)) {
      this.failed = true;
      throw new StrategyError(
        `${this.strategy.describe()} picked ${pick} at step ${this.steps}; runnable: ${runnable.join(',')}`,
      );
    }
    this.advance(pick);
    return true;
  }

  /** Steps until every actor has finished (or a run error is thrown). */
  run(): RunResult {
    while (this.step());
    return { steps: this.steps, schedule: [...this.scheduleList], trace: [...this.traceList] };
  }

  private advance(index: number): void {
    const slot = this.slots[index];
    const stepIndex = this.steps;
    // Recorded before running, so a step that throws is part of the schedule that replays it.
    this.scheduleList.push(index);
    let result: IteratorResult<unknown, void>;
    try {
      result = slot.actor.body.next();
    } catch (e) {
      this.failed = true;
      this.record(stepIndex, index, `threw ${e instanceof Error ? e.name : String(e)}`);
      throw new ActorError(slot.actor.name, e, [...this.scheduleList], [...this.traceList]);
    }
    if (result.done) {
      slot.done = true;
      slot.wait = null;
      this.record(stepIndex, index, DONE_LABEL);
      return;
    }
    const value = result.value;
    if (typeof value === 'string') {
      slot.wait = null;
      this.record(stepIndex, index, value);
    } else if (isBlockOn(value)) {
      slot.wait = value;
      this.record(stepIndex, index, value.label);
    } else {
      this.failed = true;
      throw new SchedulerInputError(
        `actor "${slot.actor.name}" yielded ${String(value)}: expected a label or { until, label }`,
      );
    }
  }

  private holds(index: number, wait: BlockOn): boolean {
    try {
      return wait.until() === true;
    } catch (e) {
      this.failed = true;
      throw new ActorError(this.slots[index].actor.name, e, [...this.scheduleList], [...this.traceList]);
    }
  }

  private blocked(): BlockedActor[] {
    return this.slots.flatMap((s, i) =>
      s.done || s.wait === null ? [] : [{ actor: i, name: s.actor.name, label: s.wait.label }],
    );
  }

  private record(step: number, actor: number, label: string): void {
    if (this.recordTrace) this.traceList.push({ step, actor, name: this.slots[actor].actor.name, label });
  }
}

/** Runs `actors` to completion under `strategy`. */
export function runActors(actors: readonly Actor[], strategy: Strategy, options: RunOptions = {}): RunResult {
  return new Scheduler(actors, strategy, options).run();
}
