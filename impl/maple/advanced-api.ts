/**
 * The advanced API: walks, searches and writes through a maple state (docs/semantics.md, section
 * "Advanced API"). Each call works from the state's index, last and status only; the state's node
 * cache (walk.ts) makes consecutive next/prev calls O(1) but never changes a result.
 *
 * Invariants:
 * - A search that finds nothing leaves index and last alone and sets overflow/underflow.
 * - A search that finds a range sets index/last to its full extent and status active.
 * - Bad limits or ranges set status error (-EINVAL) and change nothing else.
 * - Writes return 0 or a negative errno, and on error the tree is unchanged.
 */
import { ACTIVE_BUG } from '../bugs/switch.js';
import { EINVAL } from '../errno.js';
import type { Gfp } from '../alloc/node-allocator.js';
import { MAX_INDEX } from './constants.js';
import { isReservedEntry, isValidIndex, normaliseEntry } from './entry.js';
import { mas_set_err, mas_set_stored, type MaState } from './state.js';
import { mas_range_at, mas_step_next, mas_step_prev, mas_walk_index } from './walk.js';
import { mas_wr_store } from './write.js';

function setFound(mas: MaState): unknown {
  mas.index = mas.slotFirst;
  mas.last = mas.slotLast;
  mas.status = 'active';
  return mas.slotEntry;
}

/** mas_walk: the entry at index; index/last become the range holding it. */
export function mas_walk(mas: MaState): unknown {
  if (mas.status === 'error') return null;
  mas_walk_index(mas, mas.index);
  return setFound(mas);
}

type ForwardForm = 'find' | 'next';

/** Where a forward search starts, or null when there is nothing after the state's range. */
function forwardStart(mas: MaState, form: ForwardForm): number | null {
  if (mas.status === 'start') {
    if (form === 'find') return mas.index;
    const here = mas_walk_index(mas, mas.index);
    // Stryker disable next-line ConditionalExpression: without the guard p = MAX_INDEX + 1 (2^53, exact), mas_range_at leaves the cache on the last range and forwardSearch's `max(slotFirst, p) <= max` check fails for every valid max, giving the same overflow with index/last untouched
    return here.slotLast === MAX_INDEX ? null : here.slotLast + 1;
  }
  // Stryker disable next-line ConditionalExpression: without the guard p = MAX_INDEX + 1 (2^53, exact), mas_range_at leaves the cache on the last range and forwardSearch's `max(slotFirst, p) <= max` check fails for every valid max, giving the same overflow with index/last untouched
  return mas.last === MAX_INDEX ? null : mas.last + 1;
}

function backwardStart(mas: MaState, form: ForwardForm): number | null {
  if (mas.status === 'start') {
    if (form === 'find') return mas.index;
    const here = mas_walk_index(mas, mas.index);
    // Stryker disable next-line ConditionalExpression: without the guard p = -1, mas_range_at leaves the cache on the first range and backwardSearch's `min(slotLast, p) >= min` check fails for every valid min, giving the same underflow with index/last untouched (only the catalogued prev-underflow-state bug, off outside bug runs, would see the difference)
    return here.slotFirst === 0 ? null : here.slotFirst - 1;
  }
  // Stryker disable next-line ConditionalExpression: without the guard p = -1, mas_range_at leaves the cache on the first range and backwardSearch's `min(slotLast, p) >= min` check fails for every valid min, giving the same underflow with index/last untouched (only the catalogued prev-underflow-state bug, off outside bug runs, would see the difference)
  return mas.index === 0 ? null : mas.index - 1;
}

function forwardSearch(mas: MaState, max: number, form: ForwardForm, entriesOnly: boolean): unknown {
  if (mas.status === 'error') return null;
  if (!isValidIndex(max)) {
    mas_set_err(mas, -EINVAL);
    return null;
  }
  const p = forwardStart(mas, form);
  if (p !== null) {
    mas_range_at(mas, p);
    let found = true;
    if (entriesOnly) {
      // Stops on an entry, or with found false on the empty range at the end of the index space.
      while (mas.slotEntry === null && found) found = mas_step_next(mas);
    }
    if (found && Math.max(mas.slotFirst, p) <= max) return setFound(mas);
  }
  mas.status = 'overflow';
  return null;
}

function backwardSearch(mas: MaState, min: number, form: ForwardForm, entriesOnly: boolean): unknown {
  if (mas.status === 'error') return null;
  if (!isValidIndex(min)) {
    mas_set_err(mas, -EINVAL);
    return null;
  }
  const p = backwardStart(mas, form);
  if (p !== null) {
    mas_range_at(mas, p);
    let found = true;
    if (entriesOnly) {
      // Stops on an entry, or with found false on the empty range at the start of the index space.
      while (mas.slotEntry === null && found) found = mas_step_prev(mas);
    }
    if (found && Math.min(mas.slotLast, p) >= min) return setFound(mas);
    // Bug catalogue: prev-underflow-state pauses the state at [min, min] instead of leaving it be.
    if (ACTIVE_BUG === 'prev-underflow-state') {
      mas.index = mas.last = min;
      mas.status = 'pause';
      return null;
    }
  }
  mas.status = 'underflow';
  return null;
}

/** mas_find: the first entry at or after index (start) or after last, up to `max`. */
export function mas_find(mas: MaState, max: number): unknown {
  return forwardSearch(mas, max, 'find', true);
}

/** mas_next: the next entry after the range at index (start) or after last, up to `max`. */
export function mas_next(mas: MaState, max: number): unknown {
  return forwardSearch(mas, max, 'next', true);
}

/** mas_find_range: like mas_find, but empty ranges are results too. */
export function mas_find_range(mas: MaState, max: number): unknown {
  return forwardSearch(mas, max, 'find', false);
}

/** mas_next_range: like mas_next, but empty ranges are results too. */
export function mas_next_range(mas: MaState, max: number): unknown {
  return forwardSearch(mas, max, 'next', false);
}

/** mas_find_rev: the last entry at or before index (start) or before index, down to `min`. */
export function mas_find_rev(mas: MaState, min: number): unknown {
  return backwardSearch(mas, min, 'find', true);
}

/** mas_prev: the previous entry before the range at index (start) or before index. */
export function mas_prev(mas: MaState, min: number): unknown {
  return backwardSearch(mas, min, 'next', true);
}

/** mas_find_range_rev: like mas_find_rev, but empty ranges are results too. */
export function mas_find_range_rev(mas: MaState, min: number): unknown {
  return backwardSearch(mas, min, 'find', false);
}

/** mas_prev_range: like mas_prev, but empty ranges are results too. */
export function mas_prev_range(mas: MaState, min: number): unknown {
  return backwardSearch(mas, min, 'next', false);
}

/** Checks a store's arguments: -EINVAL or 0. */
export function mas_check_store(index: number, last: number, entry: unknown): number {
  if (!isValidIndex(index) || !isValidIndex(last) || index > last || isReservedEntry(entry)) return -EINVAL;
  return 0;
}

/**
 * mas_store_gfp: stores `entry` over [index, last]. 0, -EINVAL or -ENOMEM (tree unchanged).
 * Afterwards index/last are the stored range, widened to the whole empty range for an empty store.
 */
export function mas_store_gfp(mas: MaState, entry: unknown, gfp: Gfp = 'GFP_KERNEL'): number {
  const value = normaliseEntry(entry);
  const bad = mas_check_store(mas.index, mas.last, value);
  if (bad !== 0) {
    mas_set_err(mas, bad);
    return bad;
  }
  const outcome = mas_wr_store(mas.tree, mas.index, mas.last, value, gfp);
  if (outcome.ret !== 0) {
    mas_set_err(mas, outcome.ret);
    return outcome.ret;
  }
  const plan = outcome.plan as NonNullable<typeof outcome.plan>;
  mas_set_stored(mas, plan.index, plan.last);
  return 0;
}

/**
 * mas_store: like mas_store_gfp, returning the entry that was at index (errors: null, status
 * error). Like the kernel's, it may not sleep: its nodes come from GFP_NOWAIT requests only, so
 * callers that cannot tolerate -ENOMEM preallocate (mas_preallocate / mas_store_prealloc).
 */
export function mas_store(mas: MaState, entry: unknown): unknown {
  const old = isValidIndex(mas.index) ? mas_walk_index(mas, mas.index).slotEntry : null;
  return mas_store_gfp(mas, entry, 'GFP_NOWAIT') === 0 ? old : null;
}

/**
 * mas_erase: empties the whole range of the entry at index and returns it; index/last become the
 * maximal empty range now there. An empty index returns null and positions the state on it.
 * If the nodes cannot be had (-ENOMEM), the entry is still returned, as the kernel does, but the
 * tree is unchanged and the state is left in error status with -ENOMEM.
 */
export function mas_erase(mas: MaState, gfp: Gfp = 'GFP_KERNEL'): unknown {
  if (!isValidIndex(mas.index)) {
    mas_set_err(mas, -EINVAL);
    return null;
  }
  mas_walk_index(mas, mas.index);
  const entry = mas.slotEntry;
  mas.index = mas.slotFirst;
  mas.last = mas.slotLast;
  mas.status = 'active';
  mas.error = 0;
  if (entry === null) return null;
  mas_store_gfp(mas, null, gfp);
  return entry;
}
