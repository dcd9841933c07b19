/**
 * Maple nodes and the arithmetic of their slots.
 *
 * A node covering [min, max] holds `end + 1` slots. Slot i covers
 *
 *     [ i == 0 ? min : pivots[i-1] + 1 ,  i == end ? max : pivots[i] ]
 *
 * Invariants kept by every writer (and checked by validate.ts):
 * - pivots[0..end-1] ascend strictly and lie in [min, max - 1]; when end < MT_PIVOTS[type] the
 *   pivot of the last slot is stored too and equals max; pivots past that are 0.
 * - A node does not store its own min/max: they are inherited from the parent's pivots (or are
 *   [0, MAX_INDEX] at the root), as in the kernel. slotMin/slotMax below derive them.
 * - Leaf slots hold entries or null; internal slots hold child nodes whose `parent` is this node
 *   and whose `parentSlot` is their offset here.
 * - `gaps` is used only by maple_arange_64 nodes: gaps[i] is the size of the largest empty range
 *   in the subtree under slot i; gaps past end are 0.
 * - `dead` is set when a node is taken out of the tree; a dead node is never reachable.
 */
import {
  MAX_INDEX,
  MT_PIVOTS,
  MAPLE_RANGE64_SLOTS,
  MAPLE_ARANGE64_SLOTS,
  type MapleType,
} from './constants.js';
import { MAPLE_NODE_BRAND } from './entry.js';
import { requireUnfreed } from '../alloc/node-allocator.js';
import { ACTIVE_BUG } from '../bugs/switch.js';

let nextNodeId = 1;

export class MapleNode {
  // Stryker disable next-line BooleanLiteral: isReservedEntry tests the brand with `in`, never its value
  readonly [MAPLE_NODE_BRAND] = true;
  readonly id = nextNodeId++;
  // Stryker disable next-line StringLiteral: every node a write takes (NodePool.pop) is given its type by fillNode before any use
  type: MapleType = 'leaf_64';
  /** Offset of the last used slot (the kernel keeps it in node metadata or derives it). */
  end = 0;
  // Stryker disable next-line ArithmeticOperator,ArrayDeclaration: the array's length is not observable: fillNode clears from the stored count to the array's length (so a 16th word would only hold 0, which validate accepts past the end) and every read is of a pivot below the node's end, which fillNode stored
  readonly pivots: number[] = new Array<number>(MAPLE_RANGE64_SLOTS - 1).fill(0);
  // Stryker disable next-line ArrayDeclaration: fillNode copies the used slots and nulls every slot word past the new end before the node is read, and nothing reads past the end of the array
  readonly slots: unknown[] = new Array<unknown>(MAPLE_RANGE64_SLOTS).fill(null);
  // Stryker disable next-line ArrayDeclaration: gaps are read only at offsets up to an arange_64 node's end, all written by mas_set_node_gaps (which zeroes the rest up to the array's length); leaf and range_64 gaps are never read
  readonly gaps: number[] = new Array<number>(MAPLE_ARANGE64_SLOTS).fill(0);
  parent: MapleNode | null = null;
  parentSlot = 0;
  // Stryker disable next-line BooleanLiteral: NodePool.pop() sets dead = false on every node before the tree gets it
  dead = false;
  /** Set by the allocator when the node is freed: any later use is a use-after-free. */
  // Stryker disable next-line BooleanLiteral: NodeAllocator.alloc sets freed = false on every node it hands out, and only the allocator makes nodes
  freed = false;

  toString(): string {
    return `${this.type}#${this.id}`;
  }
}

export function mte_is_leaf(node: MapleNode): boolean {
  return node.type === 'leaf_64';
}

/** Lowest index covered by slot `offset` of `node`. */
export function slotMin(node: MapleNode, offset: number): number {
  let n = node;
  let o = offset;
  for (;;) {
    if (o > 0) return n.pivots[o - 1] + 1;
    if (n.parent === null) return 0;
    o = n.parentSlot;
    n = n.parent;
  }
}

/** Highest index covered by slot `offset` of `node`. */
export function slotMax(node: MapleNode, offset: number): number {
  let n = node;
  let o = offset;
  for (;;) {
    if (
      o < n.end ||
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut: o <= n.end here (callers pass offsets of used slots, and a parent slot is a used slot), and a stored last pivot equals the node's max (validate checks it), which the walk up to the parent returns too
      (o === n.end &&
        o < MT_PIVOTS[n.type])
    ) {
      return n.pivots[o];
    }
    if (n.parent === null) return MAX_INDEX;
    o = n.parentSlot;
    n = n.parent;
  }
}

export function nodeMin(node: MapleNode): number {
  return node.parent === null ? 0 : slotMin(node.parent, node.parentSlot);
}

export function nodeMax(node: MapleNode): number {
  return node.parent === null ? MAX_INDEX : slotMax(node.parent, node.parentSlot);
}

/** The child under slot `offset` of an internal node. */
/** The child in `offset`; reaching a freed node this way throws UseAfterFreeError. */
export function childAt(node: MapleNode, offset: number): MapleNode {
  return requireUnfreed(node.slots[offset] as MapleNode);
}

/**
 * Size of the largest empty range in a leaf covering [min, max]. Empty ranges never touch across
 * slots or leaves, so each is exactly one null slot. Sizes fit a double exactly (at most 2^53).
 */
export function leafMaxGap(node: MapleNode, min: number, max: number): number {
  let gap = 0;
  let lo = min;
  for (let i = 0; i <= node.end; i++) {
    const hi = i === node.end ? max : node.pivots[i];
    if (node.slots[i] === null) gap = Math.max(gap, hi - lo + 1);
    lo = hi + 1;
  }
  return gap;
}

/** ma_max_gap: largest empty range under an arange node (from its gap array). */
export function ma_max_gap(node: MapleNode): number {
  let gap = 0;
  for (let i = 0; i <= node.end; i++) gap = Math.max(gap, node.gaps[i]);
  return gap;
}

/** Largest empty range under any node of an alloc tree, given the node's limits. */
export function mas_max_gap(node: MapleNode, min: number, max: number): number {
  return mte_is_leaf(node) ? leafMaxGap(node, min, max) : ma_max_gap(node);
}

/**
 * Fills `node` with the slots and pivots of `src[from..to)`, as a node of `type` ending at `max`.
 * Clears what lies past the new end, so stale data never survives (the bug fixed by "Fix stale
 * data copy in mas_wr_node_store()", seeds/003).
 */
export function fillNode(
  node: MapleNode,
  type: MapleType,
  pivots: readonly number[],
  slots: readonly unknown[],
  from: number,
  to: number,
): void {
  const count = to - from;
  const npivots = MT_PIVOTS[type];
  node.type = type;
  node.end = count - 1;
  const stored = Math.min(count, npivots);
  // Cleared first, then copied: a copy that ran one word too far would stay, and validate sees it.
  // Bug catalogue: node-store-stale-data keeps the old slots and pivots past the new end.
  if (ACTIVE_BUG !== 'node-store-stale-data') {
    for (let i = count; i < node.slots.length; i++) node.slots[i] = null;
    for (let i = stored; i < node.pivots.length; i++) node.pivots[i] = 0;
  }
  for (let i = 0; i < count; i++) node.slots[i] = slots[from + i];
  for (let i = 0; i < stored; i++) node.pivots[i] = pivots[from + i];
  node.gaps.fill(0);
}
