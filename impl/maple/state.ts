/**
 * The maple state: the cursor of the advanced API (the kernel's struct ma_state).
 *
 * Observable fields are `index`, `last`, `status` and `error` (docs/semantics.md). The node and
 * offset are a cache that lets next/prev step without walking from the root; the cache is only
 * trusted while `generation` equals the tree's, so a write through any path invalidates it.
 *
 * Invariants:
 * - status `error` <=> error < 0.
 * - while generation === tree.generation, the cache describes one real slot of the tree as it is:
 *   leaf `node`, `offset`, covering [slotFirst, slotLast] and holding `slotEntry`; node is null
 *   for a tree with no nodes (see walk.ts for its virtual slots).
 */
import type { MapleNode } from './node.js';
import type { MapleTree } from './tree.js';
import { isValidIndex } from './entry.js';
import { EINVAL } from '../errno.js';

export type MaStatus = 'start' | 'active' | 'pause' | 'overflow' | 'underflow' | 'error';

export class MaState {
  status: MaStatus = 'start';
  error = 0;
  /** Cache: the leaf (null for a tree without nodes) and offset of the slot last visited. */
  node: MapleNode | null = null;
  offset = 0;
  /** Cache: the full range and entry of that slot. */
  slotFirst = 0;
  slotLast = 0;
  slotEntry: unknown = null;
  /** The tree generation the cache belongs to; -1 when there is no cache. */
  generation = -1;

  constructor(
    readonly tree: MapleTree,
    public index = 0,
    public last = index,
  ) {}

  toString(): string {
    return `MaState{${this.index}..${this.last} ${this.status}${this.error ? ' ' + this.error : ''}}`;
  }
}

/** MA_STATE(name, mt, first, end) */
export function MA_STATE(tree: MapleTree, first = 0, last = first): MaState {
  return new MaState(tree, first, last);
}

export function mas_set_err(mas: MaState, errno: number): void {
  mas.status = 'error';
  mas.error = errno;
  mas.node = null;
}

export function mas_is_err(mas: MaState): boolean {
  return mas.status === 'error';
}

// Stryker disable next-line BlockStatement: hygiene, not correctness: the cache is only used through mas_range_at, which trusts it only while its generation is the tree's and only for an index inside (or next to) the cached range, and a valid cache describes the tree as it is; so a cache kept across a reset, a pause, a store or an empty-area search gives the same answers (a catalogued bug, stale-state-cache, is what trusts an invalid one)
export function mas_invalidate(mas: MaState): void {
  mas.node = null;
  mas.generation = -1;
}

/** mas_reset: walk again from the root on the next call. */
export function mas_reset(mas: MaState): void {
  mas.status = 'start';
  mas.error = 0;
  mas_invalidate(mas);
}

/**
 * mas_set_range: position the state at [start, last]; bad input leaves it in error holding the bad
 * range, so a store that follows checks that range and refuses it (-EINVAL) instead of writing over
 * the range the state held before.
 */
export function mas_set_range(mas: MaState, start: number, last: number): void {
  mas.index = start;
  mas.last = last;
  if (!isValidIndex(start) || !isValidIndex(last) || start > last) mas_set_err(mas, -EINVAL);
  else mas_reset(mas);
}

export function mas_set(mas: MaState, index: number): void {
  mas_set_range(mas, index, index);
}

/** mas_pause: let the caller drop the lock; the next call resumes after (or before) [index, last]. */
export function mas_pause(mas: MaState): void {
  if (mas.status === 'active') mas.status = 'pause';
  mas_invalidate(mas);
}

/** After a successful store of [index, last] (as widened by the write): the state is on it. */
export function mas_set_stored(mas: MaState, index: number, last: number): void {
  mas.index = index;
  mas.last = last;
  mas.status = 'active';
  mas.error = 0;
  mas_invalidate(mas);
}
