/**
 * The write path: classify, preallocate, then execute (mas_wr_store_type, mas_prealloc_calc,
 * mas_wr_store_entry).
 *
 * Classify: a store of `entry` over [index, last] is first widened, if `entry` is empty, to the
 * maximal empty range around it (mas_wr_extend_null; empty ranges never touch, here across leaves
 * as well). Then the leaf level's new contents are computed as a big node and compared with the
 * leaf to name the store type, exactly one of:
 *   wr_new_root      the store covers [0, MAX_INDEX]
 *   wr_store_root    the tree has no nodes (empty, or a bare entry at 0)
 *   wr_exact_fit     one slot's range is stored exactly: one word changes
 *   wr_append        only the leaf's last slot changes, and the leaf gains slots (room permitting)
 *   wr_slot_store    the slot count is unchanged and at most two adjacent slots change
 *   wr_node_store    the leaf is rewritten and still fits, above minimum occupancy
 *   wr_split_store   the leaf overflows
 *   wr_rebalance     the leaf falls below minimum occupancy (not the root)
 *   wr_spanning_store the range crosses from one leaf into another
 *
 * Preallocate: the tree's preallocation policy (prealloc.ts) says how many nodes the write needs;
 * they are taken from the allocator before anything changes, first without sleeping under the
 * lock, then through mas_nomem's retry. If the allocator still refuses, the write returns -ENOMEM
 * and the tree is as it was. Execute: nothing can fail any more; structural types go to
 * rebuild.ts.
 *
 * Invariant: every write bumps the tree's generation, so cached maple states re-walk.
 */
import { ENOMEM } from '../errno.js';
import { ACTIVE_BUG } from '../bugs/switch.js';
import type { Gfp } from '../alloc/node-allocator.js';
import { BigNode } from './big-node.js';
import { MAX_INDEX, MT_MIN_SLOTS, MT_SLOTS } from './constants.js';
import { mas_update_gap } from './gap.js';
import { MapleNode, childAt, fillNode, mte_is_leaf, nodeMax, nodeMin, slotMax, slotMin } from './node.js';
import { NodePool, PreallocShortError } from './node-pool.js';
import { mas_rebuild } from './rebuild.js';
import { mas_node_offset } from './walk.js';
import { mt_in_rcu, type MapleTree } from './tree.js';
import { publishRoot, publishSlot } from './publish.js';
import { mas_wr_slot_store_rcu } from './rcu-slot-store.js';

export type StoreType =
  | 'wr_new_root'
  | 'wr_store_root'
  | 'wr_exact_fit'
  | 'wr_append'
  | 'wr_slot_store'
  | 'wr_node_store'
  | 'wr_split_store'
  | 'wr_rebalance'
  | 'wr_spanning_store';

export const STORE_TYPES: readonly StoreType[] = [
  'wr_new_root',
  'wr_store_root',
  'wr_exact_fit',
  'wr_append',
  'wr_slot_store',
  'wr_node_store',
  'wr_split_store',
  'wr_rebalance',
  'wr_spanning_store',
];

/** A classified write, ready to execute (the kernel's ma_wr_state after mas_wr_store_type). */
export interface WritePlan {
  type: StoreType;
  /** The range actually written (after widening an empty store). */
  index: number;
  last: number;
  entry: unknown;
  /** Leaves holding index and last, and the offset of index in `left` (when the root is a node). */
  left: MapleNode | null;
  right: MapleNode | null;
  offset: number;
  /** The leaf level's new contents, covering [left's min, right's max]. */
  big: BigNode | null;
}

/** Leaf slot holding `index`, with its range. */
export interface LeafSlot {
  node: MapleNode;
  offset: number;
  first: number;
  last: number;
}

export function mas_leaf_slot(root: MapleNode, index: number): LeafSlot {
  let node = root;
  let first = 0;
  let last = MAX_INDEX;
  for (;;) {
    const offset = mas_node_offset(node, index);
    if (offset > 0) first = node.pivots[offset - 1] + 1;
    // Bug catalogue: wr-walk-out-of-bounds also reads the pivot of a full node's last slot.
    if (offset < node.end || ACTIVE_BUG === 'wr-walk-out-of-bounds') last = node.pivots[offset];
    if (mte_is_leaf(node)) return { node, offset, first, last };
    node = childAt(node, offset);
  }
}

/** The range holding `index` and its entry, on any tree. */
function rangeAt(mt: MapleTree, index: number): { first: number; last: number; entry: unknown } {
  const root = mt.root;
  if (root instanceof MapleNode) {
    const s = mas_leaf_slot(root, index);
    return { first: s.first, last: s.last, entry: s.node.slots[s.offset] };
  }
  if (root !== null && index === 0) return { first: 0, last: 0, entry: root };
  return { first: root === null ? 0 : 1, last: MAX_INDEX, entry: null };
}

/** mas_wr_extend_null: widens an empty store to the maximal empty range around it. */
export function mas_extend_null(mt: MapleTree, index: number, last: number): [number, number] {
  let lo = index;
  let hi = last;
  const atLo = rangeAt(mt, lo);
  if (atLo.entry === null) lo = atLo.first;
  else if (
    lo > 0 &&
    // Stryker disable next-line ConditionalExpression: performance only: when lo is past the start of its entry's range, lo - 1 lies in that range too and rangeAt(lo - 1) returns the same non-null entry, so lo stays
    lo === atLo.first
  ) {
    const before = rangeAt(mt, lo - 1);
    if (before.entry === null) lo = before.first;
  }
  const atHi = rangeAt(mt, hi);
  if (atHi.entry === null) hi = atHi.last;
  else if (
    // Stryker disable next-line ConditionalExpression,LogicalOperator: performance only: when hi is before the end of its entry's range, rangeAt(hi + 1) returns the same non-null entry, so hi stays
    hi === atHi.last &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the kernel's guard against ULONG_MAX + 1 wrapping to 0; here MAX_INDEX + 1 is exact, and rangeAt of it lands in the tree's last slot again (the non-null entry ending at MAX_INDEX), so hi stays
    hi < MAX_INDEX
  ) {
    const after = rangeAt(mt, hi + 1);
    if (after.entry === null) hi = after.last;
  }
  return [lo, hi];
}

/** The new contents of the leaf level for a store, as a big node over [left min, right max]. */
function leafBigNode(left: LeafSlot, right: LeafSlot, index: number, last: number, entry: unknown): BigNode {
  const leftMin = nodeMin(left.node);
  const big = new BigNode(leftMin);
  big.copyFrom(left.node, 0, 0, left.offset - 1);
  if (left.first < index) big.push(index - 1, left.node.slots[left.offset]);
  big.push(last, entry);
  const rightMax = nodeMax(right.node);
  if (right.last > last) big.push(right.last, right.node.slots[right.offset]);
  big.copyFrom(right.node, rightMax, right.offset + 1, right.node.end);
  return big;
}

/**
 * Names the store type of a single-leaf write by comparing the leaf with its new contents.
 *
 * The new contents keep the leaf's slots before left.offset and after right.offset as they were,
 * and put in their place the left remainder (index > left.first), the new range, and the right
 * remainder (last < right.last, which keeps its slot's entry and pivot). Unless the write is an
 * exact fit, the slot at left.offset changes its pivot: a left remainder ends at index - 1, before
 * left.last; without one the new range ends at last, which equals left.last only when the write
 * covers exactly that slot. (The range is the widened one, so this holds for empty stores too.) So:
 * - an unchanged slot count means at most two adjacent slots changed: a slot store (the kernel's
 *   new_end == end), and
 * - with a changed count, only the last slot changes exactly when the write starts in it, which
 *   also means the count grew (a write starting in the last slot that is no exact fit leaves a
 *   remainder of it): an append (the kernel's offset == end).
 */
function classifyLeafStore(left: LeafSlot, right: LeafSlot, index: number, last: number, big: BigNode): StoreType {
  const leaf = left.node;
  const count = big.length;
  if (left.offset === right.offset && left.first === index && right.last === last) return 'wr_exact_fit';
  if (count > MT_SLOTS[leaf.type]) return 'wr_split_store';
  if (count < MT_MIN_SLOTS[leaf.type] + 1 && leaf.parent !== null) return 'wr_rebalance';
  if (count === leaf.end + 1) return 'wr_slot_store';
  return left.offset === leaf.end ? 'wr_append' : 'wr_node_store';
}

/** mas_wr_store_type: classify a validated store. */
export function mas_wr_plan(mt: MapleTree, index: number, last: number, entry: unknown): WritePlan {
  let lo = index;
  let hi = last;
  if (entry === null) [lo, hi] = mas_extend_null(mt, lo, hi);
  const plan: WritePlan = { type: 'wr_store_root', index: lo, last: hi, entry, left: null, right: null, offset: 0, big: null };
  if (lo === 0 && hi === MAX_INDEX) {
    plan.type = 'wr_new_root';
    return plan;
  }
  const root = mt.root;
  if (!(root instanceof MapleNode)) return plan;
  const left = mas_leaf_slot(root, lo);
  const leftMax = nodeMax(left.node);
  let right: LeafSlot;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: performance only: for hi <= leftMax a walk from the root ends in left's leaf at the same slot, with the same range, that the else branch reads off the leaf
  if (hi > leftMax) {
    right = mas_leaf_slot(root, hi);
  } else {
    const offset = mas_node_offset(left.node, hi);
    right = { node: left.node, offset, first: slotMin(left.node, offset), last: slotMax(left.node, offset) };
  }
  plan.left = left.node;
  plan.right = right.node;
  plan.offset = left.offset;
  plan.big = leafBigNode(left, right, lo, hi, entry);
  plan.type = left.node === right.node ? classifyLeafStore(left, right, lo, hi, plan.big) : 'wr_spanning_store';
  return plan;
}

/** Stores into a tree with no nodes: a bare entry at 0, or a first leaf. */
function mas_store_root(mt: MapleTree, pool: NodePool, plan: WritePlan): void {
  const { index, last, entry } = plan;
  const bare = mt.root;
  // [0, 0] (index <= last): stays or becomes a bare root. Never an empty store: that is widened
  // to [0, MAX_INDEX] on any tree without nodes, a new root.
  if (last === 0) {
    publishRoot(mt, entry);
    mt.height = 0;
    return;
  }
  if (entry === null) return; // empty over what is already empty (the bare entry was widened past)
  // mas_root_expand: a leaf holding the old contents with the new range laid over them.
  const big = new BigNode(0);
  if (bare !== null && index > 0) {
    big.push(0, bare);
    if (index > 1) big.push(index - 1, null);
  } else if (index > 0) {
    big.push(index - 1, null);
  }
  big.push(last, entry);
  if (last < MAX_INDEX) big.push(MAX_INDEX, null);
  const leaf = pool.pop();
  fillNode(leaf, 'leaf_64', big.pivots, big.slots, 0, big.length);
  publishRoot(mt, leaf);
  mt.height = 1;
}

/** mas_new_root: the store covers everything, so the old tree goes whole. */
function mas_new_root(mt: MapleTree, pool: NodePool, plan: WritePlan): void {
  const old = mt.root;
  if (plan.entry === null) {
    publishRoot(mt, null);
    mt.height = 0;
  } else {
    const leaf = pool.pop();
    fillNode(leaf, 'leaf_64', [MAX_INDEX], [plan.entry], 0, 1);
    publishRoot(mt, leaf);
    mt.height = 1;
  }
  if (old instanceof MapleNode) pool.retireSubtree(old);
}

/** mas_wr_slot_store for an exact fit: one word changes, then the gaps above it. */
function mas_wr_exact_fit(mt: MapleTree, plan: WritePlan): void {
  const leaf = plan.left as MapleNode;
  const big = plan.big as BigNode;
  publishSlot(mt, leaf, plan.offset, plan.entry);
  mas_update_gap(mt, leaf, big.min, big.max);
}

/** Runs a classified write with nodes already in `pool`. Cannot fail. */
export function mas_wr_execute(mt: MapleTree, pool: NodePool, plan: WritePlan): void {
  mt.generation++;
  switch (plan.type) {
    case 'wr_new_root':
      mas_new_root(mt, pool, plan);
      return;
    case 'wr_store_root':
      mas_store_root(mt, pool, plan);
      return;
    case 'wr_exact_fit':
      mas_wr_exact_fit(mt, plan);
      return;
    case 'wr_slot_store':
    case 'wr_append':
    case 'wr_node_store':
      // In RCU mode the kernel stores a slot store in place, word by word, in an order no reader
      // can tell apart from old-or-new (rcu-slot-store.ts); when no such order exists, it copies.
      // An append copies the leaf in RCU mode: in place it could show readers wrong ranges (the
      // kernel disabled it: "maple_tree: disable mas_wr_append() when other readers are possible").
      if (plan.type === 'wr_slot_store' && mt_in_rcu(mt) && mas_wr_slot_store_rcu(mt, plan)) return;
      // The leaf still fits: the rebuild loop stores it in place (or in one new node in RCU mode).
      mas_rebuild(mt, pool, plan.left as MapleNode, plan.right as MapleNode, plan.big as BigNode);
      return;
    case 'wr_split_store':
    case 'wr_rebalance':
    case 'wr_spanning_store':
      mas_rebuild(mt, pool, plan.left as MapleNode, plan.right as MapleNode, plan.big as BigNode);
      return;
  }
}

/** Result of a store: 0 or -ENOMEM, and what was planned (for statistics and tests). */
export interface StoreOutcome {
  ret: number;
  /** The write as last planned; null when it ended before planning (an errno from `choose`). */
  plan: WritePlan | null;
  nodesRequested: number;
  nodesUsed: number;
  retries: number;
}

/**
 * mas_nomem: the allocation under the lock failed. A caller that may sleep drops the lock,
 * allocates with its own gfp and takes the lock again (the tree may have changed meanwhile, so the
 * write is planned again); one that may not sleep tries once more without sleeping. True when the
 * pool now holds `need` nodes and the write should be retried.
 */
export function mas_nomem(mt: MapleTree, pool: NodePool, need: number, gfp: Gfp): boolean {
  const lock = mt.lock;
  if (gfp !== 'GFP_NOWAIT' && lock.held) {
    lock.unlock();
    lock.drops++;
    try {
      lock.whileDropped?.();
      return pool.fill(need, gfp);
    } finally {
      lock.lock();
    }
  }
  return pool.fill(need, gfp);
}

function report(mt: MapleTree, outcome: StoreOutcome & { plan: WritePlan }, heightBefore: number): StoreOutcome {
  if (mt.onWrite !== null) {
    mt.onWrite({
      heightBefore,
      type: outcome.plan.type,
      ret: outcome.ret,
      nodesRequested: outcome.nodesRequested,
      nodesUsed: outcome.nodesUsed,
      retries: outcome.retries,
    });
  }
  return outcome;
}

/** Where a write goes, chosen under the lock on every attempt, or an errno that ends it. */
export type WriteTarget = { index: number; last: number } | number;

/**
 * mas_store_gfp's core: classify, preallocate under the lock without sleeping (GFP_NOWAIT), and on
 * failure go round mas_nomem with the caller's gfp; then execute. On -ENOMEM nothing has changed
 * and every node taken is given back.
 *
 * `choose` picks the range on every attempt: after mas_nomem dropped the lock another writer may
 * have taken the range an insert or alloc_range found empty, so those callers search again (the
 * kernel's "goto retry" in mtree_insert_range and mtree_alloc_range). An errno from `choose` ends
 * the write with that result and no change.
 */
export function mas_wr_store_chosen(mt: MapleTree, entry: unknown, gfp: Gfp, choose: () => WriteTarget): StoreOutcome {
  const pool = new NodePool(mt);
  let retries = 0;
  let widened: WritePlan | null = null;
  try {
    for (;;) {
      const target = choose();
      if (typeof target === 'number') return { ret: target, plan: null, nodesRequested: 0, nodesUsed: 0, retries };
      // Bug catalogue: write-retry-stale-range plans a retry over the range the last attempt widened.
      const from = ACTIVE_BUG === 'write-retry-stale-range' && widened !== null ? widened : target;
      const plan = mas_wr_plan(mt, from.index, from.last, entry);
      widened = plan;
      const need = mt.prealloc.count(plan, mt);
      if (pool.fill(need, 'GFP_NOWAIT')) {
        const height = mt.height;
        mas_wr_execute(mt, pool, plan);
        return report(mt, { ret: 0, plan, nodesRequested: pool.available + pool.used, nodesUsed: pool.used, retries }, height);
      }
      if (!mas_nomem(mt, pool, need, gfp)) {
        return report(mt, { ret: -ENOMEM, plan, nodesRequested: need, nodesUsed: 0, retries }, mt.height);
      }
      retries++;
    }
  } finally {
    pool.release();
  }
}

/** A store over a fixed range. */
export function mas_wr_store(mt: MapleTree, index: number, last: number, entry: unknown, gfp: Gfp = 'GFP_KERNEL'): StoreOutcome {
  return mas_wr_store_chosen(mt, entry, gfp, () => ({ index, last }));
}

/**
 * mas_store_prealloc's core: executes a store with the nodes already in `pool` (mas_preallocate).
 * The nodes must be enough for the write as the tree is now; if the tree changed since the
 * preallocation and they are not, that is the caller's bug (the kernel BUGs): it throws
 * PreallocShortError before anything changes. The pool is not released here.
 */
export function mas_wr_store_prealloc(mt: MapleTree, pool: NodePool, index: number, last: number, entry: unknown, why: () => string): StoreOutcome {
  const plan = mas_wr_plan(mt, index, last, entry);
  const need = mt.prealloc.count(plan, mt);
  // Bug catalogue: prealloc-stale-count goes ahead with the nodes taken for the tree as it was.
  if (pool.available < need && ACTIVE_BUG !== 'prealloc-stale-count') throw new PreallocShortError(plan.type, need, pool.available, why());
  const before = pool.used;
  const inHand = pool.available;
  const height = mt.height;
  mas_wr_execute(mt, pool, plan);
  // Stryker disable next-line ArithmeticOperator: before is always 0: the only caller, mas_store_prealloc, passes the pool fresh from mas_preallocate (or a new empty one), from which nothing was popped
  return report(mt, { ret: 0, plan, nodesRequested: inHand, nodesUsed: pool.used - before, retries: 0 }, height);
}
