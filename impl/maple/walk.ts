/**
 * The read path: walking from the root to the leaf slot holding an index, and stepping from one
 * leaf slot to the next or previous one without returning to the root.
 *
 * Invariants:
 * - After mas_walk_index / mas_step_*, the state's cache (node, offset, slotFirst, slotLast,
 *   generation) describes one leaf slot of the current tree, or a virtual slot of a tree with no
 *   nodes (node === null): the empty tree is one empty range [0, MAX_INDEX]; a bare root entry is
 *   [0, 0] followed by the empty range [1, MAX_INDEX].
 * - Walks never write; every `x + 1` that becomes an index is guarded by a MAX_INDEX check.
 */
import { ACTIVE_BUG } from '../bugs/switch.js';
import { MAX_INDEX, MT_SLOTS } from './constants.js';
import { MapleNode, childAt, mte_is_leaf, slotMax, slotMin } from './node.js';
import type { MaState } from './state.js';
import type { MapleTree } from './tree.js';
import { requireUnfreed } from '../alloc/node-allocator.js';

/** Offset of the slot of `node` whose range holds `index` (a linear scan, like the kernel's). */
export function mas_node_offset(node: MapleNode, index: number): number {
  const end = node.end;
  const pivots = node.pivots;
  let offset = 0;
  while (offset < end && pivots[offset] < index) offset++;
  return offset;
}

/** mtree_lookup_walk: the entry at `index`, with no state kept. */
export function mtree_lookup_walk(mt: MapleTree, index: number): unknown {
  const root = mt.root;
  if (!(root instanceof MapleNode)) return index === 0 ? root : null;
  let node: MapleNode = requireUnfreed(root);
  for (;;) {
    const offset = mas_node_offset(node, index);
    if (mte_is_leaf(node)) return node.slots[offset];
    node = childAt(node, offset);
  }
}

/** Is the state's cache valid for the tree as it is now? */
// Stryker disable next-line BlockStatement: performance only: without this shortcut mas_range_at walks from the root, which lands on the same slot (a cache is only used while valid, and then describes the tree as it is)
export function mas_cache_valid(mas: MaState): boolean {
  // Stryker disable next-line ConditionalExpression: performance only: without this shortcut mas_range_at walks from the root, which lands on the same slot (a cache is only used while valid, and then describes the tree as it is)
  return mas.generation === mas.tree.generation;
}

/** Walks from the root to the slot holding `index` and caches it in the state. */
export function mas_walk_index(mas: MaState, index: number): MaState {
  const mt = mas.tree;
  mas.generation = mt.generation;
  const root = mt.root;
  if (!(root instanceof MapleNode)) {
    mas.node = null;
    mas.offset = 0;
    if (root !== null && index === 0) {
      mas.slotFirst = 0;
      mas.slotLast = 0;
      mas.slotEntry = root;
    } else {
      mas.slotFirst = root === null ? 0 : 1;
      mas.slotLast = MAX_INDEX;
      mas.slotEntry = null;
    }
    return mas;
  }
  let node: MapleNode = requireUnfreed(root);
  let min = 0;
  let max = MAX_INDEX;
  for (;;) {
    const offset = mas_node_offset(node, index);
    if (offset > 0) min = node.pivots[offset - 1] + 1;
    if (offset < node.end) max = node.pivots[offset];
    if (mte_is_leaf(node)) {
      mas.slotFirst = min;
      mas.slotLast = max;
      mas.slotEntry = node.slots[offset];
      mas.node = node;
      mas.offset = offset;
      return mas;
    }
    node = childAt(node, offset);
  }
}

function descendToLeaf(node: MapleNode, leftmost: boolean): MapleNode {
  let n = node;
  while (!mte_is_leaf(n)) n = childAt(n, leftmost ? 0 : n.end);
  return n;
}

/** Moves the cache to the next range; false (cache unchanged) when it already ends at MAX_INDEX. */
export function mas_step_next(mas: MaState): boolean {
  if (mas.slotLast === MAX_INDEX) return false;
  const first = mas.slotLast + 1;
  if (mas.node === null) {
    // A bare root entry is followed by one empty range.
    mas.slotFirst = first;
    mas.slotLast = MAX_INDEX;
    mas.slotEntry = null;
    // Stryker disable next-line BooleanLiteral: no caller reads it: mas_range_at ignores the result, and the entry loops step only from an empty slot, while the one virtual slot with a next range is [0, 0], which holds the (non-null) bare entry
    return true;
  }
  let node = requireUnfreed(mas.node);
  let offset = mas.offset;
  if (offset < node.end) {
    offset++;
  } else {
    // Bug catalogue: step-next-end-slot climbs only from a parent's last possible slot, not its data end.
    while (node.parentSlot === (ACTIVE_BUG === 'step-next-end-slot' ? MT_SLOTS[(node.parent as MapleNode).type] - 1 : (node.parent as MapleNode).end)) node = node.parent as MapleNode;
    const parent = node.parent as MapleNode;
    node = descendToLeaf(childAt(parent, node.parentSlot + 1), true);
    offset = 0;
  }
  mas.slotFirst = first;
  mas.slotLast = slotMax(node, offset);
  mas.slotEntry = node.slots[offset];
  mas.node = node;
  mas.offset = offset;
  return true;
}

/** Moves the cache to the previous range; false (cache unchanged) when it starts at 0. */
export function mas_step_prev(mas: MaState): boolean {
  if (mas.slotFirst === 0) return false;
  const last = mas.slotFirst - 1;
  if (mas.node === null) {
    // Only a bare root entry has a range before another: [0, 0], before its [1, MAX_INDEX] (the
    // empty tree's one range starts at 0), so last is 0 here and the slot holds the root entry.
    mas.slotFirst = 0;
    mas.slotLast = last;
    mas.slotEntry = mas.tree.root;
    return true;
  }
  let node = requireUnfreed(mas.node);
  let offset = mas.offset;
  if (offset > 0) {
    offset--;
  } else {
    while (node.parentSlot === 0) node = node.parent as MapleNode;
    const parent = node.parent as MapleNode;
    node = descendToLeaf(childAt(parent, node.parentSlot - 1), false);
    offset = node.end;
  }
  mas.slotFirst = slotMin(node, offset);
  mas.slotLast = last;
  mas.slotEntry = node.slots[offset];
  mas.node = node;
  mas.offset = offset;
  return true;
}

/**
 * Positions the cache on the range holding `p`, stepping from the cached slot when `p` is in it or
 * next to it (the common case of iteration) and walking from the root otherwise.
 */
export function mas_range_at(mas: MaState, p: number): MaState {
  // Bug catalogue: stale-state-cache also trusts a cache made before the tree last changed.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,BlockStatement: performance only: without this shortcut mas_range_at walks from the root, which lands on the same slot (a cache is only used while valid, and then describes the tree as it is)
  if (mas_cache_valid(mas) || (ACTIVE_BUG === 'stale-state-cache' && mas.generation >= 0)) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: performance only: without this shortcut mas_range_at walks from the root, which lands on the same slot (a cache is only used while valid, and then describes the tree as it is)
    if (p >= mas.slotFirst && p <= mas.slotLast) return mas;
    // p is a valid index, so these only hold for a slot that has a next (previous) range.
    // Stryker disable next-line ConditionalExpression,BlockStatement: performance only: without this shortcut mas_range_at walks from the root, which lands on the same slot (a cache is only used while valid, and then describes the tree as it is)
    if (p === mas.slotLast + 1) {
      mas_step_next(mas);
      return mas;
    }
    // Stryker disable next-line ConditionalExpression,BlockStatement,ArithmeticOperator: performance only: without this shortcut mas_range_at walks from the root, which lands on the same slot (a cache is only used while valid, and then describes the tree as it is); "slotFirst + 1" is never p here (inside the range, or slotLast + 1, was handled above), so it too only skips the shortcut
    if (p === mas.slotFirst - 1) {
      mas_step_prev(mas);
      return mas;
    }
  }
  return mas_walk_index(mas, p);
}
