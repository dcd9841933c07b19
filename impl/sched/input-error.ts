/**
 * The error for bad input to the scheduler and its helpers (a bad seed, step limit, schedule text,
 * actor name or yield value): a RangeError subclass, so callers can catch it by either name.
 *
 * Invariant: it is thrown before anything runs, or at the step that received the bad value, and
 * its message names the value and what was expected.
 */
export class SchedulerInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'SchedulerInputError';
  }
}

/** Throws unless `value` is a safe integer in [min, max]. */
export function requireInt(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new SchedulerInputError(`${name} = ${value} must be an integer in [${min}, ${max}]`);
  }
  return value;
}
