/**
 * The range map every structure of the range-map benchmark is driven through: the maple tree, the
 * reference model, and ordered maps from npm used as range maps. One small adapter per structure
 * implements it (this folder); range-maps.test.ts checks every adapter against the model.
 *
 * The contract is the maple tree's normal API plus its cursor (docs/semantics.md), reduced to what
 * the benchmark times:
 * - the structure maps each index of [0, MAX_INDEX] to at most one entry; an entry covers a range
 *   [first, last]; ranges are disjoint; adjacent ranges are never merged, even with equal entries;
 * - storeRange(first, last, entry) makes every index of [first, last] hold `entry` (null: empty),
 *   trimming or splitting whatever overlapped it (mtree_store_range); returns 0, or -EINVAL for bad
 *   input (indices not integers in [0, MAX_INDEX], first > last) with nothing changed;
 * - load(index) is the entry holding index or null (mtree_load); erase(index) empties the whole
 *   range of the entry holding index and returns that entry, or null with nothing changed
 *   (mtree_erase); a bad index throws RangeMapInputError;
 * - the cursor: seek(index) positions it (mas_set); next() returns the entry holding that index or
 *   the first one after it, and each later next() the entry after the one returned last
 *   (mas_find(MAX_INDEX)); prev() likewise downwards (mas_find_rev(0)); next after prev and prev
 *   after next step from the entry returned last. cursorFirst/cursorLast are the range of that
 *   entry. After a step returned null, or after any write, the cursor must be seek'ed again;
 * - forEach visits every entry with its range, lowest first (the checks use it, never a clock).
 * Entries are any value but null/undefined (undefined stores empty, like null).
 */
import { EINVAL } from '../../impl/errno.js';
import { isValidIndex } from '../../impl/maple/index.js';

export interface RangeMap {
  /** The structure's short name in tables and JSON ('maple', 'model', 'sorted-btree', ...). */
  readonly name: string;
  storeRange(first: number, last: number, entry: unknown): number;
  load(index: number): unknown;
  erase(index: number): unknown;
  seek(index: number): void;
  next(): unknown;
  prev(): unknown;
  readonly cursorFirst: number;
  readonly cursorLast: number;
  forEach(visit: (first: number, last: number, entry: unknown) => void): void;
}

/**
 * Ranges in ascending order, disjoint, with non-null entries: what a structure is prefilled with
 * and what a workload says a structure must hold (read by index, so it can be computed lazily).
 */
export interface RangeSource {
  readonly length: number;
  first(i: number): number;
  last(i: number): number;
  value(i: number): unknown;
}

/** Thrown by an adapter for a bad index (the kernel's BUG_ON is not a result). */
export class RangeMapInputError extends Error {
  override readonly name = 'RangeMapInputError';
}

/** The value an ordered-map adapter keeps under the key `first`: the range's end and its entry. */
export class RangeValue {
  constructor(
    readonly last: number,
    readonly entry: unknown,
  ) {}
}

/** -EINVAL for a bad store range, else 0 (the maple tree's mas_check_store, without reserved values). */
export function checkStoreRange(first: number, last: number): number {
  return isValidIndex(first) && isValidIndex(last) && first <= last ? 0 : -EINVAL;
}

/** The index itself, or a RangeMapInputError naming what was wrong. */
export function requireRangeIndex(what: string, index: number): number {
  if (!isValidIndex(index)) throw new RangeMapInputError(`${what} ${String(index)} is not an integer in [0, 2^53 - 1]`);
  return index;
}

/** Every entry of a range map as [first, last, entry] triples, lowest first (for checks). */
export function rangeMapEntries(map: RangeMap): Array<[number, number, unknown]> {
  const out: Array<[number, number, unknown]> = [];
  map.forEach((first, last, entry) => out.push([first, last, entry]));
  return out;
}

/**
 * Throws unless the map holds exactly the given ranges, in order, with their entries (=== for the
 * entries). O(n); never called while a clock runs.
 */
export function assertHolds(map: RangeMap, want: RangeSource, what: string): void {
  let k = 0;
  map.forEach((first, last, entry) => {
    if (k >= want.length || first !== want.first(k) || last !== want.last(k) || entry !== want.value(k)) {
      const wanted = k < want.length ? `[${want.first(k)}, ${want.last(k)}] = ${String(want.value(k))}` : 'nothing';
      throw new Error(`${what}: ${map.name} entry ${k} is [${first}, ${last}] = ${String(entry)}, wanted ${wanted}`);
    }
    k++;
  });
  if (k !== want.length) throw new Error(`${what}: ${map.name} holds ${k} entries, wanted ${want.length}`);
}
