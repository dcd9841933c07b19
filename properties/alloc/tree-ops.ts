/**
 * The tree operations the allocation-failure properties drive, gathered in one object so an
 * oracle test can substitute a deliberately broken one (for example a store that half-applies
 * before reporting -ENOMEM) without touching impl/.
 *
 * Invariant: DEFAULT_OPS calls impl/maple exactly as a kernel caller would: the normal API for
 * single writes, mas_preallocate then mas_store_prealloc for preallocated ones.
 */
import type { Gfp } from '../../impl/alloc/node-allocator.js';
import {
  MA_STATE,
  mas_destroy,
  mas_preallocate,
  mas_store_prealloc,
  mtree_alloc_range,
  mtree_alloc_rrange,
  mtree_erase,
  mtree_insert_range,
  mtree_store_range,
  type MaState,
  type MapleTree,
  type StartBox,
} from '../../impl/maple/index.js';

export interface TreeOps {
  store(tree: MapleTree, first: number, last: number, entry: unknown, gfp: Gfp): number;
  insert(tree: MapleTree, first: number, last: number, entry: unknown, gfp: Gfp): number;
  erase(tree: MapleTree, index: number): unknown;
  allocRange(tree: MapleTree, box: StartBox, entry: unknown, size: number, min: number, max: number, highest: boolean, gfp: Gfp): number;
  /** mas_preallocate on a fresh state for [first, last]; the state is returned for the store. */
  preallocate(tree: MapleTree, first: number, last: number, entry: unknown, gfp: Gfp, worstCase: boolean): { ret: number; mas: MaState };
  storePrealloc(mas: MaState, entry: unknown): number;
  destroy(mas: MaState): void;
}

export const DEFAULT_OPS: TreeOps = {
  store: (tree, first, last, entry, gfp) => mtree_store_range(tree, first, last, entry, gfp),
  insert: (tree, first, last, entry, gfp) => mtree_insert_range(tree, first, last, entry, gfp),
  erase: (tree, index) => mtree_erase(tree, index),
  allocRange: (tree, box, entry, size, min, max, highest, gfp) =>
    (highest ? mtree_alloc_rrange : mtree_alloc_range)(tree, box, entry, size, min, max, gfp),
  preallocate: (tree, first, last, entry, gfp, worstCase) => {
    const mas = MA_STATE(tree, first, last);
    return { ret: mas_preallocate(mas, entry, gfp, worstCase), mas };
  },
  storePrealloc: (mas, entry) => mas_store_prealloc(mas, entry),
  destroy: (mas) => mas_destroy(mas),
};
