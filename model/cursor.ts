/**
 * ModelCursor: the reference model of a maple state (MaState), docs/semantics.md sections
 * "Advanced API: the maple state" and "Empty-area search", over an IntervalMap.
 *
 * The kernel's maple state also caches a node and an offset; those are never observable, so the
 * model keeps only what is: `index`, `last`, `status` and `error`. Every call works from those
 * fields alone and re-reads the map, because the map may change between calls (through this cursor,
 * another cursor or the normal API) and the contract fixes one meaning for that case.
 *
 * Invariants (all public fields are observable and compared with the real tree):
 * - `error` is 0 unless `status` is 'error'; in 'error' it is a negative errno (-EINVAL or -EBUSY).
 *   Any call that leaves the error status (set, setRange, reset, a write, a successful empty-area
 *   search) clears it.
 * - `index` and `last` are valid indices with index <= last whenever the cursor set them, except
 *   after set/setRange with bad input: then they hold that bad range (status 'error'), so a write
 *   that follows refuses it (-EINVAL) rather than writing over the range held before; any other
 *   failed call leaves them unchanged.
 * - 'error' is sticky for walks and searches (they return null and change nothing) but not for
 *   writes and empty-area searches, which work from index and last whatever the status.
 * - A search that finds nothing leaves index and last unchanged and sets 'overflow' (forward) or
 *   'underflow' (backward); a later search continues from the unchanged index and last.
 */
import {
  EBUSY,
  EINVAL,
  MODEL_MAX_INDEX,
  ModelInputError,
  describeValue,
  isIndex,
  isRange,
  toIndex,
} from './errno.js';
import type { IntervalMap, ModelRange } from './interval-list.js';

export type ModelStatus = 'start' | 'active' | 'pause' | 'overflow' | 'underflow' | 'error';

/** Whether a search starts at index (`find` forms) or just beyond the range at index (`next`). */
type Origin = 'find' | 'next';

export class ModelCursor {
  index: number;
  last: number;
  status: ModelStatus = 'start';
  /** 0, or the negative errno that put the cursor in the 'error' status. */
  error = 0;

  /** MA_STATE(mas, tree, index, last): status 'start'. Bad index/last throw ModelInputError. */
  constructor(
    readonly map: IntervalMap,
    index = 0,
    last = index,
  ) {
    // A constructor cannot return an errno, so bad input is thrown like any entry-returning call.
    if (!isRange(index, last)) {
      throw new ModelInputError(
        `Bad cursor range [${describeValue(index)}, ${describeValue(last)}]: ` +
          `need valid indices with index <= last`,
      );
    }
    this.index = toIndex(index);
    this.last = toIndex(last);
  }

  // ---------------------------------------------------------------------------------------------
  // Positioning.

  /** mas_set(i): index = last = i, status 'start'. Bad i: status 'error' (index = last = i). */
  set(i: number): void {
    this.setRange(i, i);
  }

  /**
   * mas_set_range(a, b): index = a, last = b, status 'start'. Bad input: index = a, last = b,
   * status 'error' (-EINVAL), so a following write refuses the bad range.
   */
  setRange(a: number, b: number): void {
    this.index = toIndex(a);
    this.last = toIndex(b);
    if (isRange(a, b)) this.enter('start');
    else this.fail(-EINVAL);
  }

  /** mas_reset(): status 'start' (index and last kept). */
  reset(): void {
    this.enter('start');
  }

  /** mas_pause(): 'active' becomes 'pause'; every other status stays as it is. */
  pause(): void {
    if (this.status === 'active') this.status = 'pause';
  }

  // ---------------------------------------------------------------------------------------------
  // Walks and searches: all return null, changing nothing, while the status is 'error'.

  /** mas_walk(): the entry at index (or null); index/last become the range at index; 'active'. */
  walk(): unknown | null {
    if (this.status === 'error') return null;
    if (!this.hasValidRange()) return this.failNull(-EINVAL);
    return this.land(this.map.rangeAt(this.index));
  }

  /** mas_find(max): the lowest entry with last >= p, found if max(first, p) <= max. */
  find(max: number): unknown | null {
    return this.searchForward(max, 'find', false);
  }

  /** mas_next(max): mas_find with the `next` starting point. */
  next(max: number): unknown | null {
    return this.searchForward(max, 'next', false);
  }

  /** mas_find_range(max): the range at p (entry or empty), found if max(first, p) <= max. */
  findRange(max: number): unknown | null {
    return this.searchForward(max, 'find', true);
  }

  /** mas_next_range(max): mas_find_range with the `next` starting point. */
  nextRange(max: number): unknown | null {
    return this.searchForward(max, 'next', true);
  }

  /** mas_find_rev(min): the highest entry with first <= p, found if min(last, p) >= min. */
  findRev(min: number): unknown | null {
    return this.searchBackward(min, 'find', false);
  }

  /** mas_prev(min): mas_find_rev with the `prev` starting point. */
  prev(min: number): unknown | null {
    return this.searchBackward(min, 'next', false);
  }

  /** mas_find_range_rev(min): the range at p (entry or empty), found if min(last, p) >= min. */
  findRangeRev(min: number): unknown | null {
    return this.searchBackward(min, 'find', true);
  }

  /** mas_prev_range(min): mas_find_range_rev with the `prev` starting point. */
  prevRange(min: number): unknown | null {
    return this.searchBackward(min, 'next', true);
  }

  // ---------------------------------------------------------------------------------------------
  // Writes: they work from index and last whatever the status, 'error' included.

  /**
   * mas_store_gfp(entry): stores over [index, last], returns 0, status 'active'; index/last stay
   * [index, last] for an entry and become the maximal empty range for an empty store. Bad range
   * or reserved entry: -EINVAL, status 'error', nothing changed. (The model never runs out of
   * memory, so it never returns -ENOMEM.)
   */
  storeGfp(entry: unknown): number {
    const value = entry === undefined ? null : entry;
    if (!this.hasValidRange() || this.map.isReserved(value)) return this.fail(-EINVAL);
    this.writeRange(value);
    return 0;
  }

  /**
   * mas_store(entry): as storeGfp, returning the entry that was at index before (or null).
   * Bad range or reserved entry: null, status 'error' (-EINVAL), nothing changed.
   */
  store(entry: unknown): unknown | null {
    const value = entry === undefined ? null : entry;
    if (!this.hasValidRange() || this.map.isReserved(value)) return this.failNull(-EINVAL);
    const previous = this.map.load(this.index);
    this.writeRange(value);
    return previous;
  }

  /**
   * mas_erase(): empties the whole range of the entry at index and returns that entry (null if
   * index was empty). Either way index/last become the maximal empty range now covering index,
   * status 'active'.
   */
  erase(): unknown | null {
    if (!isIndex(this.index)) return this.failNull(-EINVAL);
    // The map's erase already empties the entry's whole range and returns null when index is empty.
    const erased = this.map.erase(this.index);
    this.land(this.map.rangeAt(this.index));
    return erased;
  }

  // ---------------------------------------------------------------------------------------------
  // Empty-area search: a fresh search of the whole window from any status, 'error' included.

  /**
   * mas_empty_area(min, max, size): the lowest empty window of `size` in [min, max]: index/last
   * become it, status 'active', 0. None: -EBUSY, status 'error', index/last unchanged. Bad
   * arguments: -EINVAL and the cursor is left exactly as it was (unlike a bad search limit).
   */
  emptyArea(min: number, max: number, size: number): number {
    if (!this.map.checkArgsEmptyArea(min, max, size)) return -EINVAL;
    const start = this.map.lowestEmpty(min, max, size);
    if (start === null) return this.fail(-EBUSY);
    this.land({ first: start, last: start + (size - 1), value: null });
    return 0;
  }

  /** mas_empty_area_rev(min, max, size): the same with the highest window. */
  emptyAreaRev(min: number, max: number, size: number): number {
    if (!this.map.checkArgsEmptyArea(min, max, size)) return -EINVAL;
    const end = this.map.highestEmpty(min, max, size);
    if (end === null) return this.fail(-EBUSY);
    this.land({ first: toIndex(end - (size - 1)), last: end, value: null });
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Internals.

  /** Forward search skeleton shared by find / next / findRange / nextRange. */
  private searchForward(max: number, origin: Origin, wholeRanges: boolean): unknown | null {
    if (this.status === 'error') return null;
    if (!isIndex(max) || !this.hasValidRange()) return this.failNull(-EINVAL);
    const p = this.forwardStart(origin);
    if (p === null) return this.runOff('overflow');
    const candidate: ModelRange | null = wholeRanges
      ? this.map.rangeAt(p)
      : this.map.entryAtOrAfter(p);
    if (candidate === null || Math.max(candidate.first, p) > max) return this.runOff('overflow');
    return this.land(candidate);
  }

  /** Backward search skeleton shared by findRev / prev / findRangeRev / prevRange. */
  private searchBackward(min: number, origin: Origin, wholeRanges: boolean): unknown | null {
    if (this.status === 'error') return null;
    if (!isIndex(min) || !this.hasValidRange()) return this.failNull(-EINVAL);
    const p = this.backwardStart(origin);
    if (p === null) return this.runOff('underflow');
    const candidate: ModelRange | null = wholeRanges
      ? this.map.rangeAt(p)
      : this.map.entryAtOrBefore(p);
    if (candidate === null || Math.min(candidate.last, p) < min) return this.runOff('underflow');
    return this.land(candidate);
  }

  /**
   * The forward starting point p, or null when the starting range ends at MAX_INDEX (overflow).
   * From 'start', the find forms begin at index itself and the next forms one past the range at
   * index; from any other status the search continues one past last.
   */
  private forwardStart(origin: Origin): number | null {
    if (this.status === 'start') {
      if (origin === 'find') return this.index;
      const here = this.map.rangeAt(this.index);
      return here.last === MODEL_MAX_INDEX ? null : here.last + 1;
    }
    return this.last === MODEL_MAX_INDEX ? null : this.last + 1;
  }

  /**
   * The backward starting point p, or null when the starting range starts at 0 (underflow).
   * From 'start', the find_rev forms begin at index itself and the prev forms one before the range
   * at index; from any other status the search continues one before index.
   */
  private backwardStart(origin: Origin): number | null {
    if (this.status === 'start') {
      if (origin === 'find') return this.index;
      const here = this.map.rangeAt(this.index);
      return here.first === 0 ? null : here.first - 1;
    }
    return this.index === 0 ? null : this.index - 1;
  }

  /** Stores over [index, last] (already validated) and positions the cursor as the contract says. */
  private writeRange(value: unknown): void {
    this.map.storeRange(this.index, this.last, value);
    if (value === null) {
      // An empty store merges with the empty neighbours: report the whole maximal empty range.
      this.land(this.map.rangeAt(this.index));
    } else {
      this.enter('active');
    }
  }

  /** A search or walk found `range`: index/last become the full range, status 'active'. */
  private land(range: ModelRange): unknown | null {
    this.index = toIndex(range.first);
    this.last = toIndex(range.last);
    this.enter('active');
    return range.value;
  }

  /** A search found nothing: index and last stay, status 'overflow' or 'underflow'. */
  private runOff(status: 'overflow' | 'underflow'): null {
    this.enter(status);
    return null;
  }

  /** Moves to a non-error status, clearing the error. */
  private enter(status: Exclude<ModelStatus, 'error'>): void {
    this.status = status;
    this.error = 0;
  }

  /** Moves to the error status with `errno` (negative) and returns it. */
  private fail(errno: number): number {
    this.status = 'error';
    this.error = errno;
    return errno;
  }

  private failNull(errno: number): null {
    this.fail(errno);
    return null;
  }

  /**
   * index and last are fields anyone may assign, so the calls that use them check them rather
   * than trust them (a bad range is the contract's "bad range": -EINVAL, status 'error').
   */
  private hasValidRange(): boolean {
    return isRange(this.index, this.last);
  }
}
