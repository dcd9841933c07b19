/**
 * The normal API (mtree_* and mt_*): each call makes a maple state, does one advanced operation,
 * and returns the kernel's result (docs/semantics.md, section "Normal API").
 *
 * Invariants: int results are 0 or a negative errno; entry results are an entry or null, and bad
 * input to them throws MapleInputError; no call changes the tree when it fails.
 */
import { publishRoot } from './publish.js';
import { EEXIST, EINVAL } from '../errno.js';
import { ACTIVE_BUG } from '../bugs/switch.js';
import type { Gfp } from '../alloc/node-allocator.js';
import { MAX_INDEX } from './constants.js';
import { isReservedEntry, normaliseEntry, requireIndex } from './entry.js';
import { mas_check_store, mas_erase, mas_find } from './advanced-api.js';
import { mas_empty_area, mas_empty_area_rev } from './gap.js';
import { MapleNode } from './node.js';
import { mas_free_subtree } from './node-pool.js';
import { MA_STATE, mas_reset } from './state.js';
import { mt_is_alloc, type MapleTree } from './tree.js';
import { MapleValidationError } from './validate.js';
import { mtree_lookup_walk } from './walk.js';
import { mas_wr_store, mas_wr_store_chosen, type WriteTarget } from './write.js';

/** mtree_load: the entry at `index`, or null. */
export function mtree_load(mt: MapleTree, index: number): unknown {
  // Stryker disable next-line StringLiteral: 'index' only words MapleInputError's message; the contract is its type and errno (as stryker/error-message-ignorer.js)
  return mtree_lookup_walk(mt, requireIndex('index', index));
}

/** mtree_store_range: 0, -EINVAL or -ENOMEM. */
export function mtree_store_range(mt: MapleTree, first: number, last: number, entry: unknown, gfp: Gfp = 'GFP_KERNEL'): number {
  const value = normaliseEntry(entry);
  const bad = mas_check_store(first, last, value);
  if (bad !== 0) return bad;
  return mt.lock.locked(() => mas_wr_store(mt, first, last, value, gfp).ret);
}

export function mtree_store(mt: MapleTree, index: number, entry: unknown, gfp: Gfp = 'GFP_KERNEL'): number {
  return mtree_store_range(mt, index, index, entry, gfp);
}

/** True when some index of [first, last] holds an entry. */
function rangeOccupied(mt: MapleTree, first: number, last: number): boolean {
  const mas = MA_STATE(mt, first, first);
  return mas_find(mas, last) !== null;
}

/** mtree_insert_range: like store, but -EEXIST if anything is already there. */
export function mtree_insert_range(mt: MapleTree, first: number, last: number, entry: unknown, gfp: Gfp = 'GFP_KERNEL'): number {
  const value = normaliseEntry(entry);
  const bad = mas_check_store(first, last, value);
  if (bad !== 0) return bad;
  // Checked again on every attempt: mas_nomem may drop the lock and let another writer in.
  let checked: WriteTarget | null = null;
  const choose = (): WriteTarget => {
    // Bug catalogue: insert-stale-check keeps the answer of the first attempt.
    if (ACTIVE_BUG === 'insert-stale-check' && checked !== null) return checked;
    return (checked = rangeOccupied(mt, first, last) ? -EEXIST : { index: first, last });
  };
  if (value === null) return mt.lock.locked(() => (rangeOccupied(mt, first, last) ? -EEXIST : 0));
  return mt.lock.locked(() => mas_wr_store_chosen(mt, value, gfp, choose).ret);
}

export function mtree_insert(mt: MapleTree, index: number, entry: unknown, gfp: Gfp = 'GFP_KERNEL'): number {
  return mtree_insert_range(mt, index, index, entry, gfp);
}

/** mtree_erase: empties the range of the entry at `index` and returns it (null if none). */
export function mtree_erase(mt: MapleTree, index: number): unknown {
  // Stryker disable next-line StringLiteral: 'index' only words MapleInputError's message; the contract is its type and errno (as stryker/error-message-ignorer.js)
  const mas = MA_STATE(mt, requireIndex('index', index));
  return mt.lock.locked(() => mas_erase(mas));
}

/** The kernel's `unsigned long *index` argument of mt_find. */
export interface IndexBox {
  index: number;
}

/**
 * mt_find: the first entry at or after box.index, up to max. On success box.index moves past it
 * (wrapping to 0 after MAX_INDEX, as the kernel's unsigned long does).
 */
export function mt_find(mt: MapleTree, box: IndexBox, max: number): unknown {
  // Stryker disable next-line StringLiteral: 'index' only words MapleInputError's message; the contract is its type and errno (as stryker/error-message-ignorer.js)
  const start = requireIndex('index', box.index);
  // Stryker disable next-line StringLiteral: 'max' only words MapleInputError's message; the contract is its type and errno (as stryker/error-message-ignorer.js)
  requireIndex('max', max);
  // Stryker disable next-line ConditionalExpression: performance only: mas_find below refuses a result starting above max, so start > max gives null with box.index untouched either way
  if (start > max) return null;
  const mas = MA_STATE(mt, start);
  const entry = mas_find(mas, max);
  if (entry !== null) box.index = mas.last === MAX_INDEX ? 0 : mas.last + 1;
  return entry;
}

/** mt_find_after: mt_find, except that a wrapped box.index of 0 means "done". */
export function mt_find_after(mt: MapleTree, box: IndexBox, max: number): unknown {
  // Stryker disable next-line StringLiteral: 'index' only words MapleInputError's message; the contract is its type and errno (as stryker/error-message-ignorer.js)
  requireIndex('index', box.index);
  // Stryker disable next-line StringLiteral: 'max' only words MapleInputError's message; the contract is its type and errno (as stryker/error-message-ignorer.js)
  requireIndex('max', max);
  if (box.index === 0) return null;
  return mt_find(mt, box, max);
}

/** mt_for_each: every entry in [start, max] with its range, lowest first. */
export function* mt_for_each(mt: MapleTree, start = 0, max = MAX_INDEX): Generator<{ first: number; last: number; entry: unknown }> {
  // Stryker disable next-line StringLiteral: 'start' only words MapleInputError's message; the contract is its type and errno (as stryker/error-message-ignorer.js)
  const mas = MA_STATE(mt, requireIndex('start', start));
  // Stryker disable next-line StringLiteral: 'max' only words MapleInputError's message; the contract is its type and errno (as stryker/error-message-ignorer.js)
  requireIndex('max', max);
  // Each range found must start past the last one yielded. Sound code always advances; a search
  // that does not would make every `[...mt_for_each()]` grow without end, and fail by running out
  // of memory minutes later instead of here at once.
  let yieldedUpTo = -1;
  for (;;) {
    const entry = mas_find(mas, max);
    if (entry === null) return;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a guard against a bug in mas_find (a search that does not advance); sound code never trips it, mt-for-each-progress.test.ts trips it with a broken mas_find
    if (mas.index <= yieldedUpTo) throw new MapleValidationError(`mt_for_each did not advance: found [${mas.index}, ${mas.last}] after yielding up to ${yieldedUpTo}`);
    yield { first: mas.index, last: mas.last, entry };
    yieldedUpTo = mas.last;
  }
}

/** The kernel's `unsigned long *startp` argument of mtree_alloc_range. */
export interface StartBox {
  start: number;
}

function allocRange(
  mt: MapleTree,
  box: StartBox,
  entry: unknown,
  size: number,
  min: number,
  max: number,
  gfp: Gfp,
  highest: boolean,
): number {
  const value = normaliseEntry(entry);
  if (!mt_is_alloc(mt) || isReservedEntry(value)) return -EINVAL;
  const mas = MA_STATE(mt);
  // Searched again on every attempt: while mas_nomem slept without the lock, another writer may
  // have taken the window (two allocators must never get the same range: seeds/000).
  let found: WriteTarget | null = null;
  const choose = (): WriteTarget => {
    // Bug catalogue: alloc-range-stale-window keeps the window of the first attempt.
    if (ACTIVE_BUG === 'alloc-range-stale-window' && found !== null) return found;
    mas_reset(mas);
    const ret = highest ? mas_empty_area_rev(mas, min, max, size) : mas_empty_area(mas, min, max, size);
    if (ret !== 0) return ret; // -EBUSY or -EINVAL, as the kernel passes mas_empty_area's on
    return (found = { index: mas.index, last: mas.last });
  };
  const stored = mt.lock.locked(() => mas_wr_store_chosen(mt, value, gfp, choose).ret);
  if (stored !== 0) return stored;
  box.start = mas.index;
  return 0;
}

/** mtree_alloc_range: stores `entry` over the lowest empty window of `size` in [min, max]. */
export function mtree_alloc_range(mt: MapleTree, box: StartBox, entry: unknown, size: number, min: number, max: number, gfp: Gfp = 'GFP_KERNEL'): number {
  return allocRange(mt, box, entry, size, min, max, gfp, false);
}

/** mtree_alloc_rrange: the same with the highest window. */
export function mtree_alloc_rrange(mt: MapleTree, box: StartBox, entry: unknown, size: number, min: number, max: number, gfp: Gfp = 'GFP_KERNEL'): number {
  return allocRange(mt, box, entry, size, min, max, gfp, true);
}

/** mtree_destroy: frees every node; the tree is empty afterwards. */
export function mtree_destroy(mt: MapleTree): void {
  mt.lock.locked(() => mt_destroy_locked(mt));
}

function mt_destroy_locked(mt: MapleTree): void {
  const root = mt.root;
  publishRoot(mt, null);
  mt.height = 0;
  mt.generation++;
  if (root instanceof MapleNode) mas_free_subtree(mt, root);
}

