/**
 * How many nodes a write asks for before it starts (mas_prealloc_calc and the older worst case).
 *
 * Two policies, as in the kernel's history (seeds/004, patch 14 "Refine mas_preallocate() node
 * calculations"):
 * - worst case: 1 + 3 * height for any write into a tree of nodes, whatever it will do;
 * - refined: per store type, the most that type can take here: none for writes done in place
 *   (exact fit, append, slot store, node store outside RCU mode), one for a rewritten leaf in RCU
 *   mode or a new root leaf, 2h + 1 for a split (two new nodes per level and a new root), 2h - 1
 *   for a rebalance (two per level below the root, which only shrinks), 3h + 1 for a spanning store
 *   (three per level and a new root, as the kernel still counts it).
 * - Neither count survives a change of the tree between mas_preallocate and the store: the worst
 *   case is computed from the height at preallocation time, and a tree that grew a level since can
 *   need more (a split at height h + 1 needs 2h + 3 > 3h + 1 for h = 1). mas_store_prealloc
 *   catches every such shortfall before writing.
 *
 * Invariants: a policy's count depends only on the plan and the tree's height and flags at the
 * time of the call; the refined count is never above the worst case for the same tree; the write
 * path takes every node it uses from the preallocated pool, so a count that is too small is caught
 * (PreallocExhaustedError) rather than papered over.
 */
import { ACTIVE_BUG } from '../bugs/switch.js';
import { MT_FLAGS_USE_RCU } from './constants.js';
import type { MapleTree } from './tree.js';
import type { StoreType, WritePlan } from './write.js';

export interface PreallocPolicy {
  readonly name: string;
  /** Nodes to have in hand before executing `plan` on `mt` as it is now. */
  count(plan: WritePlan, mt: MapleTree): number;
}

/** The refined count for a store type on a tree of `height` (mas_prealloc_calc). */
export function mas_prealloc_calc(type: StoreType, height: number, rcu: boolean): number {
  switch (type) {
    case 'wr_new_root':
    case 'wr_store_root':
      return 1;
    case 'wr_exact_fit':
      return 0;
    case 'wr_append':
    case 'wr_slot_store':
    case 'wr_node_store':
      // In RCU mode these leaves are rewritten into a new node for now; publishing append and
      // slot store as ordered single-word stores (as the kernel does) is the RCU issue's job.
      return rcu ? 1 : 0;
    case 'wr_split_store':
      return 2 * height + 1;
    case 'wr_rebalance':
      // Two nodes per level below the root (a node and the neighbour it pulls from, remade as at
      // most two), the root remade in place or collapsed; RCU mode may not remake in place.
      // Bug catalogue: prealloc-rebalance-undercount counts one node per level below the root.
      if (ACTIVE_BUG === 'prealloc-rebalance-undercount') return height - 1;
      return rcu ? 2 * height + 1 : 2 * height - 1;
    case 'wr_spanning_store':
      return 3 * height + 1;
  }
}

/** The kernel's original mas_preallocate count: enough for any write into a tree of `height`. */
export function mas_worst_case_count(height: number): number {
  return 1 + 3 * height;
}

/** Does a store-root plan leave the tree without nodes (a bare entry at 0, or empty)? */
function staysBare(plan: WritePlan): boolean {
  // A range that ends at 0 is [0, 0] (index <= last).
  return plan.entry === null || plan.last === 0;
}

export const REFINED_PREALLOC: PreallocPolicy = {
  name: 'refined',
  count(plan, mt) {
    if (plan.type === 'wr_new_root' && plan.entry === null) return 0;
    if (plan.type === 'wr_store_root' && staysBare(plan)) return 0;
    return mas_prealloc_calc(plan.type, mt.height, (mt.flags & MT_FLAGS_USE_RCU) !== 0);
  },
};

export const WORST_CASE_PREALLOC: PreallocPolicy = {
  name: 'worst case',
  count(_plan, mt) {
    // A tree without nodes has height 0: its writes make at most one leaf.
    return Math.max(1, mas_worst_case_count(mt.height));
  },
};
