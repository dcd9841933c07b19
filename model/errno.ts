/**
 * Error numbers, the index space and input validation for the reference model.
 *
 * This file is the model's own copy of the contract in docs/semantics.md ("Indices, ranges,
 * entries" and "Errors"). It deliberately imports nothing from impl/: the model is the oracle the
 * real tree is checked against, so sharing code with it would let one bug hide in both.
 *
 * Invariants:
 * - the errno constants are positive; int-returning functions return 0 or their negative;
 * - every index the model hands out is a safe integer in [0, MODEL_MAX_INDEX] and never -0
 *   (`toIndex` turns -0 into 0, so results compare equal with Object.is too);
 * - bad input to an entry-returning function is reported by throwing ModelInputError, whose
 *   `errno` is -EINVAL, before anything is changed.
 */

export const ENOMEM = 12;
export const EBUSY = 16;
export const EEXIST = 17;
export const EINVAL = 22;

/** The largest index; it plays the kernel's ULONG_MAX. Every `x + 1` on an index must check it. */
export const MODEL_MAX_INDEX = Number.MAX_SAFE_INTEGER;

/** The largest window an empty-area search may ask for: the whole index space, 2^53 indices. */
export const MODEL_MAX_SIZE = MODEL_MAX_INDEX + 1;

/** Bad input to an entry-returning model call. Thrown before the model changes anything. */
export class ModelInputError extends RangeError {
  readonly errno = -EINVAL;
  readonly code = 'EINVAL';
  constructor(message: string) {
    super(message);
    this.name = 'ModelInputError';
  }
}

/** A valid index: a safe integer in [0, MODEL_MAX_INDEX]. -0 is accepted (it is 0). */
export function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** A valid empty-area size: an integer in [1, 2^53] (2^53 is exact in a double). */
export function isSize(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MODEL_MAX_SIZE;
}

/** A valid inclusive range: two valid indices with first <= last. */
export function isRange(first: unknown, last: unknown): boolean {
  return isIndex(first) && isIndex(last) && first <= last;
}

/** Turns -0 into 0 so that no index handed out by the model is -0. */
export function toIndex(x: number): number {
  return x === 0 ? 0 : x;
}

/** Readable rendering of a bad argument for error messages (-0 and strings stay recognisable). */
export function describeValue(x: unknown): string {
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'symbol') return x.toString();
  return String(x);
}

/** Throws ModelInputError unless `x` is a valid index; returns it with -0 turned into 0. */
export function requireIndex(what: string, x: unknown): number {
  if (!isIndex(x)) {
    throw new ModelInputError(
      `Bad ${what} ${describeValue(x)}: an index must be an integer in [0, ${MODEL_MAX_INDEX}]`,
    );
  }
  return toIndex(x);
}
