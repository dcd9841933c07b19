/**
 * IntervalMap: the reference model of a maple tree's normal API (docs/semantics.md, "Normal API"
 * and "Empty-area search"), kept as a plain sorted array of intervals.
 *
 * It is an oracle, so it is written to be obviously right rather than fast: every operation is a
 * linear scan (O(n) in the number of stored entries), and no operation is cleverer than that.
 *
 * Invariants of `list` (checked by `assertInvariants`):
 * - sorted by `first`, pairwise disjoint: list[k].last < list[k + 1].first;
 * - every interval has valid indices with first <= last and a value that is neither null nor
 *   undefined nor reserved (only non-empty ranges are stored);
 * - adjacent intervals are never merged, even when their values are equal: each one is exactly a
 *   range it was stored with, clipped by later stores;
 * - the interval objects in `list` are never mutated (surgery builds new ones) and never handed
 *   out: callers get copies, so they cannot corrupt the model. Values themselves are kept by
 *   identity, never copied.
 * Empty ranges are not stored: they are the gaps between intervals, computed on demand, which
 * makes them maximal by construction (two gaps are never adjacent).
 *
 * Input handling follows the contract: `undefined` means the same as `null` (empty); bad input
 * makes int-returning calls return -EINVAL and entry-returning calls throw ModelInputError, and in
 * both cases the map is left unchanged because validation happens before any change.
 */
import {
  EBUSY,
  EEXIST,
  EINVAL,
  MODEL_MAX_INDEX,
  ModelInputError,
  describeValue,
  isRange,
  isSize,
  requireIndex,
  toIndex,
} from './errno.js';

/** A stored (non-empty) range. */
export interface Interval {
  first: number;
  last: number;
  value: unknown;
}

/** A range of the partition of [0, MODEL_MAX_INDEX]: an entry's range, or (value null) a gap. */
export interface ModelRange {
  first: number;
  last: number;
  value: unknown | null;
}

export interface IntervalMapOptions {
  /** The tree was made with the alloc-range flag (MT_FLAGS_ALLOC_RANGE): alloc_range works. */
  allocRange?: boolean;
  /** Recognises the tree's reserved internal values, which are refused as bad input. */
  isReserved?: (v: unknown) => boolean;
}

/** `undefined` and `null` both mean empty; the model only ever holds `null` for empty. */
function normaliseEntry(entry: unknown): unknown {
  return entry === undefined ? null : entry;
}

function copyOf(iv: Interval): Interval {
  return { first: iv.first, last: iv.last, value: iv.value };
}

export class IntervalMap {
  /** Sorted, disjoint, non-empty intervals (see the header for the invariants). */
  private list: Interval[] = [];
  /** Whether alloc_range / alloc_rrange are allowed (the kernel's mt_is_alloc()). */
  readonly isAllocTree: boolean;
  private readonly reservedPredicate: (v: unknown) => boolean;

  constructor(options: IntervalMapOptions = {}) {
    this.isAllocTree = options.allocRange === true;
    this.reservedPredicate = options.isReserved ?? (() => false);
  }

  // ---------------------------------------------------------------------------------------------
  // Inspection helpers (used by the cursor and the tests; none of them changes the map).

  /** Number of stored entries (non-empty ranges). */
  get size(): number {
    return this.list.length;
  }

  /** A sorted copy of the stored entries. */
  entries(): Interval[] {
    return this.list.map(copyOf);
  }

  /** The whole partition of [0, MODEL_MAX_INDEX] in order: entries and the maximal gaps between. */
  ranges(): ModelRange[] {
    const out: ModelRange[] = [];
    let next = 0; // the lowest index not yet covered by `out`
    for (const iv of this.list) {
      if (iv.first > next) out.push({ first: next, last: iv.first - 1, value: null });
      out.push(copyOf(iv));
      // Nothing can follow an entry that ends at MAX_INDEX (and next would leave the index space).
      if (iv.last === MODEL_MAX_INDEX) return out;
      next = iv.last + 1;
    }
    out.push({ first: next, last: MODEL_MAX_INDEX, value: null });
    return out;
  }

  /** True for a value the tree must refuse (null and undefined are empty, never reserved). */
  isReserved(entry: unknown): boolean {
    return entry !== null && entry !== undefined && this.reservedPredicate(entry) === true;
  }

  /** The entry's range at `i`, or the maximal empty range containing `i`. Bad `i` throws. */
  rangeAt(i: number): ModelRange {
    const index = requireIndex('index', i);
    let gapStart = 0; // one past the end of the last entry seen below index
    for (const iv of this.list) {
      if (iv.last < index) {
        gapStart = iv.last + 1; // iv.last < index <= MAX_INDEX, so no overflow
        continue;
      }
      if (iv.first <= index) return copyOf(iv);
      return { first: gapStart, last: iv.first - 1, value: null };
    }
    return { first: gapStart, last: MODEL_MAX_INDEX, value: null };
  }

  /** The entry whose range contains `i`, or null. `i` must be a valid index. */
  entryAt(i: number): Interval | null {
    const index = requireIndex('index', i);
    const iv = this.list.find((x) => x.first <= index && index <= x.last);
    return iv === undefined ? null : copyOf(iv);
  }

  /** The lowest entry with `last >= p` (the one containing p, else the next one), or null. */
  entryAtOrAfter(p: number): Interval | null {
    const index = requireIndex('index', p);
    const iv = this.list.find((x) => x.last >= index);
    return iv === undefined ? null : copyOf(iv);
  }

  /** The highest entry with `first <= p` (the one containing p, else the previous one), or null. */
  entryAtOrBefore(p: number): Interval | null {
    const index = requireIndex('index', p);
    // A plain backward scan (Array.prototype.findLast is not in the ES2022 lib).
    for (let k = this.list.length - 1; k >= 0; k--) {
      if (this.list[k].first <= index) return copyOf(this.list[k]);
    }
    return null;
  }

  /**
   * True when (min, max, size) are good arguments for an empty-area search: valid indices,
   * min <= max, 1 <= size <= 2^53 and size - 1 <= max - min (the window fits in [min, max]).
   */
  checkArgsEmptyArea(min: number, max: number, size: number): boolean {
    // size - 1 and max - min are both exact in a double, unlike min + size - 1 could be.
    return isRange(min, max) && isSize(size) && size - 1 <= max - min;
  }

  /**
   * The lowest s >= min with s + size - 1 <= max and [s, s + size - 1] all empty, or null.
   * Bad arguments (see checkArgsEmptyArea) throw ModelInputError.
   */
  lowestEmpty(min: number, max: number, size: number): number | null {
    this.requireEmptyAreaArgs(min, max, size);
    for (const gap of this.gaps()) {
      // The part of the gap inside [min, max]; the lowest window in it starts at its start.
      const lo = Math.max(gap.first, min);
      const hi = Math.min(gap.last, max);
      if (lo <= hi && hi - lo >= size - 1) return toIndex(lo);
    }
    return null;
  }

  /**
   * The highest e <= max with e - size + 1 >= min and [e - size + 1, e] all empty, or null.
   * Bad arguments (see checkArgsEmptyArea) throw ModelInputError.
   */
  highestEmpty(min: number, max: number, size: number): number | null {
    this.requireEmptyAreaArgs(min, max, size);
    const gaps = this.gaps();
    for (let k = gaps.length - 1; k >= 0; k--) {
      // The part of the gap inside [min, max]; the highest window in it ends at its end.
      const lo = Math.max(gaps[k].first, min);
      const hi = Math.min(gaps[k].last, max);
      if (lo <= hi && hi - lo >= size - 1) return toIndex(hi);
    }
    return null;
  }

  /** Throws unless the invariants in the header hold. For tests; O(n). */
  assertInvariants(): void {
    for (let k = 0; k < this.list.length; k++) {
      const iv = this.list[k];
      if (!isRange(iv.first, iv.last)) throw new Error(`bad interval [${iv.first}, ${iv.last}]`);
      if (iv.value === null || iv.value === undefined) throw new Error('empty value stored');
      if (this.isReserved(iv.value)) throw new Error('reserved value stored');
      if (k > 0 && this.list[k - 1].last >= iv.first) throw new Error('intervals overlap/unsorted');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Normal API (docs/semantics.md, the "Normal API" table).

  /** The entry at `i`, or null. Bad `i` throws. */
  load(i: number): unknown | null {
    const iv = this.entryAt(i);
    return iv === null ? null : iv.value;
  }

  /** Stores `entry` (or empty) over [first, last]: 0, or -EINVAL for bad input. */
  storeRange(first: number, last: number, entry: unknown): number {
    const value = normaliseEntry(entry);
    if (!isRange(first, last) || this.isReserved(value)) return -EINVAL;
    this.write(toIndex(first), toIndex(last), value);
    return 0;
  }

  /** storeRange(i, i, entry). */
  store(i: number, entry: unknown): number {
    return this.storeRange(i, i, entry);
  }

  /**
   * -EINVAL for bad input; -EEXIST if any index of [first, last] holds an entry (checked even when
   * `entry` is empty); else stores `entry` (an empty one stores nothing) and returns 0.
   */
  insertRange(first: number, last: number, entry: unknown): number {
    const value = normaliseEntry(entry);
    if (!isRange(first, last) || this.isReserved(value)) return -EINVAL;
    const overlapping = this.entryAtOrAfter(first);
    if (overlapping !== null && overlapping.first <= last) return -EEXIST;
    if (value !== null) this.write(toIndex(first), toIndex(last), value);
    return 0;
  }

  /** insertRange(i, i, entry). */
  insert(i: number, entry: unknown): number {
    return this.insertRange(i, i, entry);
  }

  /** Empties the whole range of the entry at `i` and returns it; null (no change) if empty. */
  erase(i: number): unknown | null {
    const iv = this.entryAt(i);
    if (iv === null) return null;
    this.write(iv.first, iv.last, null);
    return iv.value;
  }

  /**
   * mt_find: the lowest entry with last >= box.index and first <= max. On success box.index moves
   * one past the entry (wrapping to 0 past MAX_INDEX, as the kernel's unsigned long does); on
   * null it is unchanged. Bad box.index or max throws (checked before box.index > max).
   */
  find(box: { index: number }, max: number): unknown | null {
    const index = requireIndex('box.index', box.index);
    const limit = requireIndex('max', max);
    return this.findFrom(box, index, limit);
  }

  /** mt_find_after: null if box.index is 0 (the previous find wrapped), else find. */
  findAfter(box: { index: number }, max: number): unknown | null {
    // Validate first so that bad input throws whatever box.index is.
    const index = requireIndex('box.index', box.index);
    const limit = requireIndex('max', max);
    if (index === 0) return null;
    return this.findFrom(box, index, limit);
  }

  /** mtree_alloc_range: store `entry` over the lowest empty window of `size` in [min, max]. */
  allocRange(box: { start: number }, entry: unknown, size: number, min: number, max: number): number {
    const value = normaliseEntry(entry);
    if (!this.isAllocTree || this.isReserved(value) || !this.checkArgsEmptyArea(min, max, size)) {
      return -EINVAL;
    }
    const start = this.lowestEmpty(min, max, size);
    if (start === null) return -EBUSY;
    this.write(start, start + (size - 1), value); // <= max, so no overflow
    box.start = start;
    return 0;
  }

  /** mtree_alloc_rrange: the same with the highest empty window. */
  allocRRange(box: { start: number }, entry: unknown, size: number, min: number, max: number): number {
    const value = normaliseEntry(entry);
    if (!this.isAllocTree || this.isReserved(value) || !this.checkArgsEmptyArea(min, max, size)) {
      return -EINVAL;
    }
    const end = this.highestEmpty(min, max, size);
    if (end === null) return -EBUSY;
    const start = toIndex(end - (size - 1)); // >= min, so no underflow
    this.write(start, end, value);
    box.start = start;
    return 0;
  }

  /** The tree becomes empty. */
  destroy(): void {
    this.list = [];
  }

  // ---------------------------------------------------------------------------------------------
  // Internals.

  private findFrom(box: { index: number }, index: number, limit: number): unknown | null {
    if (index > limit) return null;
    const iv = this.entryAtOrAfter(index);
    if (iv === null || iv.first > limit) return null;
    box.index = iv.last === MODEL_MAX_INDEX ? 0 : iv.last + 1;
    return iv.value;
  }

  /** The maximal empty ranges, in order: the gaps before, between and after the entries. */
  private gaps(): ModelRange[] {
    const out: ModelRange[] = [];
    let next = 0; // the lowest index not covered by an entry seen so far
    for (const iv of this.list) {
      if (iv.first > next) out.push({ first: next, last: iv.first - 1, value: null });
      if (iv.last === MODEL_MAX_INDEX) return out; // no gap can follow
      next = iv.last + 1;
    }
    out.push({ first: next, last: MODEL_MAX_INDEX, value: null });
    return out;
  }

  private requireEmptyAreaArgs(min: number, max: number, size: number): void {
    if (!this.checkArgsEmptyArea(min, max, size)) {
      throw new ModelInputError(
        `Bad empty-area arguments min=${describeValue(min)} max=${describeValue(max)} ` +
          `size=${describeValue(size)}: need valid indices min <= max and an integer ` +
          `1 <= size <= 2^53 with size - 1 <= max - min`,
      );
    }
  }

  /**
   * The one piece of interval surgery: make [first, last] hold `value` (null = empty), clipping
   * whatever overlapped it. Arguments are already validated. O(n).
   *
   * The intervals overlapping [first, last] form one run list[lo..hi-1] of the sorted list. Only
   * the first of them can stick out on the left and only the last on the right (a single one
   * sticking out on both sides is split in two); the run is replaced by those stubs, as new
   * objects, around the new interval.
   */
  private write(first: number, last: number, value: unknown): void {
    let lo = 0;
    while (lo < this.list.length && this.list[lo].last < first) lo++;
    let hi = lo;
    while (hi < this.list.length && this.list[hi].first <= last) hi++;
    const replacement: Interval[] = [];
    if (lo < hi && this.list[lo].first < first) {
      replacement.push({ first: this.list[lo].first, last: first - 1, value: this.list[lo].value });
    }
    if (value !== null) replacement.push({ first, last, value });
    if (lo < hi && this.list[hi - 1].last > last) {
      const right = this.list[hi - 1];
      replacement.push({ first: last + 1, last: right.last, value: right.value });
    }
    this.list.splice(lo, hi - lo, ...replacement);
  }
}
