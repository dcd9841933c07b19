/**
 * Actors: the unit of simulated concurrency. An actor is a named generator; each `yield` is a step
 * boundary, the only place where another actor may run.
 *
 * Invariants:
 * - The code between two yields (a step) runs atomically: no other actor runs inside it. An actor
 *   with n yields has n + 1 steps (the last runs from the last yield to the return).
 * - A yield is either a label (a plain step boundary, named for traces) or a BlockOn: the actor is
 *   not resumed until `until()` is true, and the step after it starts in the same atomic step as
 *   the check that passed, so "wait until the lock is free, then take it" cannot be split.
 * - `until()` observes shared state and changes nothing: the scheduler may call it any number of
 *   times, at any step, so a side effect there would make runs depend on how often it is asked.
 */

/** "I cannot proceed until `until()` is true" (a lock wait, a grace-period wait). */
export interface BlockOn {
  readonly until: () => boolean;
  readonly label: string;
}

export type Yield = string | BlockOn;
export type ActorBody = Generator<Yield, void, void>;

export interface Actor {
  readonly name: string;
  readonly body: ActorBody;
}

/** One executed step: which actor ran, and the label of the yield where it stopped. */
export interface StepRecord {
  readonly step: number;
  readonly actor: number;
  readonly name: string;
  /** The yield's label (for a BlockOn, what it now waits for), or DONE_LABEL when it returned. */
  readonly label: string;
}

export const DONE_LABEL = '(done)';

/** Builds an actor from a generator function: `actor('reader', function* () { ... })`. */
export function actor(name: string, body: () => ActorBody): Actor {
  return { name, body: body() };
}

export function isBlockOn(value: unknown): value is BlockOn {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BlockOn).until === 'function' &&
    typeof (value as BlockOn).label === 'string'
  );
}
