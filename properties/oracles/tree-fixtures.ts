/**
 * Fixtures for the oracle tests: deep, valid maple trees to corrupt, and ways to find the node or
 * slot a corruption should hit.
 *
 * Invariants:
 * - buildDeepTree returns a tree that mt_validate accepts, of height >= 3, built only through the
 *   normal API (mtree_store_range), so every corruption starts from a tree the writers produced.
 * - Its contents are irregular on purpose: runs of adjacent entries, single empty slots of sizes
 *   1..9 between some of them, and empty ranges next to leaf boundaries, so the gap of every
 *   arange slot differs and both "null next to entry" and "null at a leaf edge" exist.
 * - The finders never mutate; when the fixture lacks what a finder looks for they throw, so a
 *   test can never pass vacuously because it corrupted nothing.
 */
import {
  MAX_INDEX,
  MT_FLAGS_ALLOC_RANGE,
  MT_PIVOTS,
  MapleNode,
  mt_init_flags,
  mt_validate,
  mtree_store_range,
  type MapleTree,
} from '../../impl/maple/index.js';
import { nodeMax, nodeMin } from '../../impl/maple/node.js';

export type TreeKind = 'plain' | 'alloc';
export const TREE_KINDS: readonly TreeKind[] = ['plain', 'alloc'];

/** Stores `count` ranges through the normal API; see the header for the shape of the contents. */
export function buildDeepTree(kind: TreeKind, count = 2000): MapleTree {
  const tree = mt_init_flags(kind === 'alloc' ? MT_FLAGS_ALLOC_RANGE : 0);
  for (let i = 0; i < count; i++) {
    const gap = i % 3 === 0 ? 1 + ((i * 7) % 9) : 0;
    const ret = mtree_store_range(tree, i * 10, i * 10 + 9 - gap, `v${i}`);
    if (ret !== 0) throw new Error(`fixture store ${i} failed: ${ret}`);
  }
  mt_validate(tree);
  if (tree.height < 3) throw new Error(`fixture tree too shallow: height ${tree.height}`);
  return tree;
}

export function rootNode(tree: MapleTree): MapleNode {
  if (!(tree.root instanceof MapleNode)) throw new Error('fixture: the root is not a node');
  return tree.root;
}

/** Every node at `depth` (0 = root), left to right. */
export function nodesAtDepth(tree: MapleTree, depth: number): MapleNode[] {
  let level = [rootNode(tree)];
  for (let d = 0; d < depth; d++) {
    const next: MapleNode[] = [];
    for (const node of level) {
      if (node.type === 'leaf_64') throw new Error(`fixture: depth ${depth} is below the leaves`);
      for (let i = 0; i <= node.end; i++) next.push(node.slots[i] as MapleNode);
    }
    level = next;
  }
  return level;
}

/** The leaves, in index order. */
export function leaves(tree: MapleTree): MapleNode[] {
  return nodesAtDepth(tree, tree.height - 1);
}

/** The first node at `depth` (counting from the middle, away from the tree's edges) matching. */
export function nodeWhere(tree: MapleTree, depth: number, pred: (node: MapleNode) => boolean = () => true): MapleNode {
  const level = nodesAtDepth(tree, depth);
  const mid = Math.floor(level.length / 2);
  const order = [...level.slice(mid), ...level.slice(0, mid)];
  const found = order.find(pred);
  if (found === undefined) throw new Error(`fixture: no node at depth ${depth} fits the corruption`);
  return found;
}

/** A leaf away from the edges of the index space matching `pred`. */
export function leafWhere(tree: MapleTree, pred: (leaf: MapleNode) => boolean = () => true): MapleNode {
  return nodeWhere(tree, tree.height - 1, pred);
}

/** An internal node just above the leaves matching `pred`. */
export function lowInternalWhere(tree: MapleTree, pred: (node: MapleNode) => boolean = () => true): MapleNode {
  return nodeWhere(tree, tree.height - 2, pred);
}

/** An internal node directly under the root (depth 1) matching `pred`. */
export function highInternalWhere(tree: MapleTree, pred: (node: MapleNode) => boolean = () => true): MapleNode {
  return nodeWhere(tree, 1, pred);
}

/** True when the node stores its last pivot (end < pivot count); it must then equal the max. */
export function storesLastPivot(node: MapleNode): boolean {
  return node.end < MT_PIVOTS[node.type];
}

/** [min, max] covered by `node`, inherited from its ancestors' pivots. */
export function limits(node: MapleNode): [number, number] {
  return [nodeMin(node), nodeMax(node)];
}

/** Range [lo, hi] covered by slot `i` of `node`. */
export function slotRange(node: MapleNode, i: number): [number, number] {
  const [min, max] = limits(node);
  const lo = i === 0 ? min : node.pivots[i - 1] + 1;
  const hi = i < node.end ? node.pivots[i] : max;
  return [lo, hi];
}

/** Puts `replacement` where `old` hangs (same parent and slot). */
export function hangInPlaceOf(tree: MapleTree, old: MapleNode, replacement: MapleNode): void {
  replacement.parent = old.parent;
  replacement.parentSlot = old.parentSlot;
  if (old.parent === null) tree.root = replacement;
  else old.parent.slots[old.parentSlot] = replacement;
}

/** Copies type, end, pivots, slots and gaps of `from` into `to`, adopting the children. */
export function copyNodeContents(from: MapleNode, to: MapleNode): void {
  to.type = from.type;
  to.end = from.end;
  for (let i = 0; i < from.pivots.length; i++) to.pivots[i] = from.pivots[i];
  for (let i = 0; i < from.slots.length; i++) to.slots[i] = from.slots[i];
  for (let i = 0; i < from.gaps.length; i++) to.gaps[i] = from.gaps[i];
  if (from.type !== 'leaf_64') {
    for (let i = 0; i <= from.end; i++) {
      const child = from.slots[i] as MapleNode;
      child.parent = to;
    }
  }
}

export { MAX_INDEX };
