/**
 * Gaps: their upkeep in alloc-range trees, and the empty-area searches (mas_empty_area{,_rev}).
 *
 * Invariants:
 * - In a tree made with MT_FLAGS_ALLOC_RANGE, every internal (arange_64) node's gaps[i] equals the
 *   size of the largest empty range under slot i, after every write (mas_update_gap).
 * - Empty ranges are maximal and never span two slots, so "the largest empty range" is the largest
 *   null leaf slot, and a window fits in the tree only if it fits in one null slot.
 * - Sizes are compared as `hi - lo >= size - 1`, never `lo + size`, so nothing leaves the exact
 *   range of doubles at MAX_INDEX.
 */
import { ACTIVE_BUG } from '../bugs/switch.js';
import { EBUSY, EINVAL } from '../errno.js';
import { MAX_INDEX } from './constants.js';
import { isValidIndex, isValidSize } from './entry.js';
import { MapleNode, childAt, mas_max_gap, mte_is_leaf } from './node.js';
import { mas_invalidate, mas_set_err, type MaState } from './state.js';
import { mt_is_alloc, type MapleTree } from './tree.js';

/** Recomputes every gap of an internal node covering [min, max] from its children. */
export function mas_set_node_gaps(mt: MapleTree, node: MapleNode, min: number, max: number): void {
  if (!mt_is_alloc(mt) || mte_is_leaf(node)) return;
  let lo = min;
  for (let i = 0; i <= node.end; i++) {
    const hi = i < node.end ? node.pivots[i] : max;
    node.gaps[i] = mas_max_gap(childAt(node, i), lo, hi);
    lo = hi + 1;
  }
  // The gaps past the last slot are 0 (the only caller, writeNode in rebuild.ts, has zeroed them in
  // fillNode already; this keeps the function right on its own). fill() cannot grow the array,
  // where a loop past its end under a mutated bound grew it until the runner ran out of memory.
  node.gaps.fill(0, node.end + 1);
}

/**
 * mas_update_gap: `node` (covering [min, max]) changed; carry its largest gap up the tree until an
 * ancestor's recorded gap is already right.
 */
export function mas_update_gap(mt: MapleTree, node: MapleNode, min: number, max: number): void {
  if (!mt_is_alloc(mt)) return;
  let child = node;
  let gap = mas_max_gap(child, min, max);
  while (child.parent !== null) {
    const parent = child.parent;
    // Stryker disable next-line ConditionalExpression: performance only: when the recorded gap is already right, every ancestor's gap is too, so going on rewrites each with the value it holds
    if (parent.gaps[child.parentSlot] === gap) return;
    parent.gaps[child.parentSlot] = gap;
    gap = mas_max_gap(parent, 0, 0); // internal: reads the gap array only
    child = parent;
  }
}

type Direction = 'lowest' | 'highest';

/**
 * Depth-first search for the window: returns its first index (lowest) or last index (highest),
 * or null. Subtrees whose recorded gap is too small are skipped (alloc trees only).
 */
function searchNode(
  mt: MapleTree,
  node: MapleNode,
  nmin: number,
  nmax: number,
  min: number,
  max: number,
  sizeMinusOne: number,
  dir: Direction,
): number | null {
  const useGaps = mt_is_alloc(mt);
  const leaf = mte_is_leaf(node);
  // Bug catalogue: empty-area-rev-root-exhaustion stops the reverse search before the root's slot 0.
  const count = ACTIVE_BUG === 'empty-area-rev-root-exhaustion' && dir === 'highest' && node.parent === null ? node.end : node.end + 1;
  for (let k = 0; k < count; k++) {
    const i = dir === 'lowest' ? k : node.end - k;
    const lo = i === 0 ? nmin : node.pivots[i - 1] + 1;
    const hi = i === node.end ? nmax : node.pivots[i];
    // Stryker disable next-line ConditionalExpression,LogicalOperator: performance only with no bug selected: a leaf slot outside [min, max] gives whi < wlo below, and a subtree outside holds only such slots
    if (hi < min || lo > max) continue;
    if (leaf) {
      if (node.slots[i] !== null) continue;
      // Bug catalogue: empty-area-skips-last-slot never looks at a leaf's last slot going forward.
      if (ACTIVE_BUG === 'empty-area-skips-last-slot' && dir === 'lowest' && i === node.end) continue;
      // Bug catalogue: empty-area-rev-lower-bound does not check the gap's start against min.
      const wlo = ACTIVE_BUG === 'empty-area-rev-lower-bound' && dir === 'highest' ? lo : Math.max(lo, min);
      const whi = Math.min(hi, max);
      if (whi - wlo >= sizeMinusOne) return dir === 'lowest' ? wlo : whi;
      continue;
    }
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator: pruning only: a subtree whose largest empty range is smaller than size holds no window, so searching it (never pruning, or pruning less) finds nothing there
    if (useGaps && node.gaps[i] - 1 < sizeMinusOne) continue;
    const found = searchNode(mt, childAt(node, i), lo, hi, min, max, sizeMinusOne, dir);
    if (found !== null) return found;
  }
  return null;
}

/** The window search over the whole tree, including trees with no nodes. */
export function mt_search_empty(
  mt: MapleTree,
  min: number,
  max: number,
  size: number,
  dir: Direction,
): number | null {
  const sizeMinusOne = size - 1;
  const root = mt.root;
  if (root instanceof MapleNode) {
    return searchNode(mt, root, 0, MAX_INDEX, min, max, sizeMinusOne, dir);
  }
  // No nodes: empty tree, or a bare entry at 0 followed by the empty range [1, MAX_INDEX].
  const lo = Math.max(root === null ? 0 : 1, min);
  // Also covers lo > max (min on the bare entry's index 0 with max 0): sizeMinusOne >= 0.
  if (max - lo < sizeMinusOne) return null;
  if (dir === 'lowest') return lo;
  // Bug catalogue: sparse-area-rev-range answers the lowest window in reverse too.
  return ACTIVE_BUG === 'sparse-area-rev-range' ? lo + sizeMinusOne : max;
}

function emptyAreaArgsValid(min: number, max: number, size: number): boolean {
  // min > max needs no test of its own: then max - min < 0 <= size - 1, refused below (bug or not).
  if (!(isValidIndex(min) && isValidIndex(max) && isValidSize(size))) return false;
  // Bug catalogue: empty-area-limit-checks refuses a window as large as [min, max] (so min == max).
  return ACTIVE_BUG === 'empty-area-limit-checks' ? size <= max - min : size - 1 <= max - min;
}

function mas_empty_area_dir(mas: MaState, min: number, max: number, size: number, dir: Direction): number {
  if (!emptyAreaArgsValid(min, max, size)) return -EINVAL;
  const found = mt_search_empty(mas.tree, min, max, size, dir);
  if (found === null) {
    mas_set_err(mas, -EBUSY);
    return -EBUSY;
  }
  if (dir === 'lowest') {
    mas.index = found;
    mas.last = found + (size - 1);
  } else {
    mas.last = found;
    mas.index = found - (size - 1);
  }
  mas.status = 'active';
  mas.error = 0;
  mas_invalidate(mas);
  return 0;
}

/** mas_empty_area: the lowest empty window of `size` indices inside [min, max]. */
export function mas_empty_area(mas: MaState, min: number, max: number, size: number): number {
  return mas_empty_area_dir(mas, min, max, size, 'lowest');
}

/** mas_empty_area_rev: the highest empty window of `size` indices inside [min, max]. */
export function mas_empty_area_rev(mas: MaState, min: number, max: number, size: number): number {
  return mas_empty_area_dir(mas, min, max, size, 'highest');
}
