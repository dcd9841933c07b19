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
 * Preallocate: the worst-case node count for the type (mas_prealloc_calc) is taken from the
 * allocator before anything changes; if it refuses, the write returns -ENOMEM and the tree is as
 * it was. Execute: nothing can fail any more; structural types go to rebuild.ts.
 *
 * Invariant: every write bumps the tree's generation, so cached maple states re-walk.
 */
import { ENOMEM } from '../errno.js';
import type { Gfp } from '../alloc/node-allocator.js';
import { BigNode } from './big-node.js';
import { MAX_INDEX, MT_MIN_SLOTS, MT_SLOTS } from './constants.js';
import { mas_update_gap } from './gap.js';
import { MapleNode, childAt, fillNode, mte_is_leaf, nodeMax, nodeMin, slotMax, slotMin } from './node.js';
import { NodePool } from './node-pool.js';
import { mas_rebuild } from './rebuild.js';
import { mas_node_offset } from './walk.js';
import { mt_in_rcu, type MapleTree } from './tree.js';

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
    if (offset < node.end) last = node.pivots[offset];
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
  else if (lo === atLo.first && lo > 0) {
    const before = rangeAt(mt, lo - 1);
    if (before.entry === null) lo = before.first;
  }
  const atHi = rangeAt(mt, hi);
  if (atHi.entry === null) hi = atHi.last;
  else if (hi === atHi.last && hi < MAX_INDEX) {
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

/** Names the store type of a single-leaf write by comparing the leaf with its new contents. */
function classifyLeafStore(left: LeafSlot, right: LeafSlot, index: number, last: number, big: BigNode): StoreType {
  const leaf = left.node;
  const count = big.length;
  const oldCount = leaf.end + 1;
  if (left.offset === right.offset && left.first === index && right.last === last) return 'wr_exact_fit';
  if (count > MT_SLOTS[leaf.type]) return 'wr_split_store';
  if (count < MT_MIN_SLOTS[leaf.type] + 1 && leaf.parent !== null) return 'wr_rebalance';
  // First and last slot positions whose range or entry differ between old and new contents.
  let firstDiff = -1;
  let lastDiff = -1;
  const upTo = Math.max(count, oldCount);
  for (let i = 0; i < upTo; i++) {
    const same =
      i < count &&
      i < oldCount &&
      big.slots[i] === leaf.slots[i] &&
      (i === count - 1 ? i === oldCount - 1 : i < leaf.end && big.pivots[i] === leaf.pivots[i]);
    if (!same) {
      if (firstDiff < 0) firstDiff = i;
      lastDiff = i;
    }
  }
  if (count > oldCount && firstDiff >= oldCount - 1) return 'wr_append';
  if (count === oldCount && lastDiff - firstDiff <= 1) return 'wr_slot_store';
  return 'wr_node_store';
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

/**
 * mas_prealloc_calc: the most nodes a write of this type can take from the pool, for a tree of
 * the given height. Split and rebalance make at most two nodes per level, a spanning store three,
 * and growing the root one more.
 */
export function mas_prealloc_calc(type: StoreType, height: number, rcu: boolean): number {
  switch (type) {
    case 'wr_new_root':
      return 1;
    case 'wr_store_root':
      return 1;
    case 'wr_exact_fit':
    case 'wr_append':
    case 'wr_slot_store':
      return 0;
    case 'wr_node_store':
      return rcu ? 1 : 0;
    case 'wr_split_store':
    case 'wr_rebalance':
      return 2 * height + 1;
    case 'wr_spanning_store':
      return 3 * height + 1;
  }
}

/** Stores into a tree with no nodes: a bare entry at 0, or a first leaf. */
function mas_store_root(mt: MapleTree, pool: NodePool, plan: WritePlan): void {
  const { index, last, entry } = plan;
  const bare = mt.root;
  if (index === 0 && last === 0 && (bare === null || entry !== null)) {
    mt.root = entry;
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
  mt.root = leaf;
  mt.height = 1;
}

/** mas_new_root: the store covers everything, so the old tree goes whole. */
function mas_new_root(mt: MapleTree, pool: NodePool, plan: WritePlan): void {
  const old = mt.root;
  if (plan.entry === null) {
    mt.root = null;
    mt.height = 0;
  } else {
    const leaf = pool.pop();
    fillNode(leaf, 'leaf_64', [MAX_INDEX], [plan.entry], 0, 1);
    mt.root = leaf;
    mt.height = 1;
  }
  if (old instanceof MapleNode) pool.retireSubtree(old);
}

/** mas_wr_slot_store for an exact fit: one word changes, then the gaps above it. */
function mas_wr_exact_fit(mt: MapleTree, plan: WritePlan): void {
  const leaf = plan.left as MapleNode;
  const big = plan.big as BigNode;
  leaf.slots[plan.offset] = plan.entry;
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
    case 'wr_append':
    case 'wr_slot_store':
    case 'wr_node_store':
    // The leaf still fits: the rebuild loop stores it in place (or in one new node in RCU mode).
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
  plan: WritePlan;
  nodesRequested: number;
  nodesUsed: number;
}

/**
 * Classify, preallocate, execute: one validated store. On -ENOMEM nothing has changed.
 */
export function mas_wr_store(mt: MapleTree, index: number, last: number, entry: unknown, gfp: Gfp = 'GFP_KERNEL'): StoreOutcome {
  const plan = mas_wr_plan(mt, index, last, entry);
  const pool = new NodePool(mt);
  const need = mas_prealloc_calc(plan.type, mt.height, mt_in_rcu(mt));
  let outcome: StoreOutcome;
  if (!pool.fill(need, gfp)) {
    outcome = { ret: -ENOMEM, plan, nodesRequested: need, nodesUsed: 0 };
  } else {
    try {
      mas_wr_execute(mt, pool, plan);
    } finally {
      pool.release();
    }
    outcome = { ret: 0, plan, nodesRequested: need, nodesUsed: pool.used };
  }
  if (mt.onWrite !== null) {
    mt.onWrite({ type: plan.type, ret: outcome.ret, nodesRequested: need, nodesUsed: outcome.nodesUsed });
  }
  return outcome;
}
