/**
 * Preallocation helpers over mas_preallocate for the maple vmalloc designs: nodes taken before the
 * store (outside the vmap lock, possibly sleeping) and the check, at store time, that they still
 * cover the store (another CPU may have changed the tree in between: seeds/004's DRM GPUVA case).
 *
 * Invariant: a state returned by preallocate() holds its nodes until mas_store_prealloc or
 * mas_destroy; heldSuffices() is true only when mas_store_prealloc cannot run short.
 */
import type { Gfp } from '../../alloc/node-allocator.js';
import { MA_STATE, mas_preallocate, mas_prealloc_record, type MapleTree, type MaState } from '../../maple/index.js';

/**
 * Preallocation for a store into `tree`: `exact` gives the refined count for storing entry over
 * [first, last] as the tree is now; otherwise the worst case for the tree's height (for a caller
 * that preallocates before it knows the range, outside the lock). Null when the allocator refused.
 */
export function preallocate(tree: MapleTree, entry: unknown, gfp: Gfp, range: { first: number; last: number } | null): MaState | null {
  const mas = MA_STATE(tree, range?.first ?? 0, range?.last ?? 0);
  return mas_preallocate(mas, entry, gfp, range === null) === 0 ? mas : null;
}

/**
 * Do the nodes held still cover a store into the tree as it is now? A worst-case count covers any
 * store while the tree is no taller; a refined count covers the store it was made for while the
 * tree has not changed.
 */
export function heldSuffices(mas: MaState): boolean {
  const record = mas_prealloc_record(mas);
  if (record === null) return false;
  if (record.policy === 'worst case') return mas.tree.height <= record.height;
  return record.generation === mas.tree.generation;
}
