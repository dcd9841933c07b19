/**
 * What may be stored in the tree, and what is an index.
 *
 * Invariant: the tree stores `null` for empty; `undefined` is turned into `null` at the API
 * boundary. Reserved internal values (the kernel's xa_is_internal entries, and maple nodes
 * themselves) are refused at the boundary with -EINVAL, so the tree never holds one in a leaf.
 */
import { MAX_INDEX } from './constants.js';
import { EINVAL } from '../errno.js';

/** A reserved internal value, like the kernel's xa_mk_internal() entries. */
export class MapleInternalEntry {
  constructor(readonly name: string, readonly code: number) {
    Object.freeze(this);
  }
  toString(): string {
    return this.name;
  }
}

/** The kernel's XA_ZERO_ENTRY: reads as NULL but occupies the range. Reserved here. */
export const XA_ZERO_ENTRY = new MapleInternalEntry('XA_ZERO_ENTRY', 257);
/** The kernel's XA_RETRY_ENTRY: tells a reader to re-walk. Reserved here. */
export const XA_RETRY_ENTRY = new MapleInternalEntry('XA_RETRY_ENTRY', 256);

/** Marks maple nodes so the boundary can refuse them without importing node.ts (no cycle). */
export const MAPLE_NODE_BRAND: unique symbol = Symbol('maple-node');

export function isReservedEntry(value: unknown): boolean {
  return (
    value instanceof MapleInternalEntry ||
    (typeof value === 'object' && value !== null && MAPLE_NODE_BRAND in value)
  );
}

/** A valid index: a safe, non-negative integer (MAX_INDEX included). */
export function isValidIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** A valid window size for an empty-area search: 1 ..= 2^53 (the whole index space). */
export function isValidSize(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MAX_INDEX + 1;
}

/** Bad input to an entry-returning call: thrown, typed, and the tree is unchanged. */
export class MapleInputError extends RangeError {
  readonly errno = -EINVAL;
  readonly code = 'EINVAL';
  constructor(message: string) {
    super(message);
    this.name = 'MapleInputError';
  }
}

/**
 * A bad index as an error message shows it. Only requireIndex calls it, and only for a value that
 * is not a valid index: -0 is index 0 (valid), so no number here needs telling apart from its String().
 */
export function describeValue(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x);
  return String(x);
}

/** Throws MapleInputError unless `x` is a valid index. */
export function requireIndex(what: string, x: unknown): number {
  if (!isValidIndex(x)) {
    throw new MapleInputError(
      `Cannot use ${what} ${describeValue(x)}: an index must be an integer in [0, ${MAX_INDEX}]`,
    );
  }
  return x;
}

/** Turns `undefined` into `null`: both mean empty. */
export function normaliseEntry(entry: unknown): unknown {
  return entry === undefined ? null : entry;
}
