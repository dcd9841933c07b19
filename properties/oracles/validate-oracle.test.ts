/**
 * Oracle test of mt_validate (impl/maple/validate.ts): every invariant it claims to check catches
 * a tree broken in exactly that way.
 *
 * Method: build a real, deep tree (2,000 stores through mtree_store_range; plain and alloc-range
 * flavours), check mt_validate accepts it, corrupt one thing by mutating MapleNode / MapleTree
 * fields directly, and require mt_validate to throw MapleValidationError with the message of the
 * check that owns the invariant. The message regex pins the check: a corruption caught "by
 * accident" by another check would fail the row, so each row proves its own check is alive.
 *
 * History: the first version of this file found five corruptions mt_validate missed (NaN and
 * fractional pivots, an undefined root, stale arange_64 pivot words 9..14, a single-child root);
 * validate.ts now checks each, and their rows here prove it.
 */
import { describe, expect, it } from 'vitest';
import {
  MT_MIN_SLOTS,
  MT_PIVOTS,
  MapleNode,
  MapleValidationError,
  XA_RETRY_ENTRY,
  XA_ZERO_ENTRY,
  mt_validate,
  mtree_destroy,
  mtree_store,
  mtree_store_range,
  newNodeAllocator,
  type MapleTree,
} from '../../impl/maple/index.js';
import { mt_internal_type } from '../../impl/maple/tree.js';
import { leafMaxGap } from '../../impl/maple/node.js';
import {
  MAX_INDEX,
  TREE_KINDS,
  buildDeepTree,
  copyNodeContents,
  hangInPlaceOf,
  highInternalWhere,
  leafWhere,
  leaves,
  limits,
  lowInternalWhere,
  rootNode,
  slotRange,
  storesLastPivot,
  type TreeKind,
} from './tree-fixtures.js';

interface Corruption {
  /** What is broken, as a test title. */
  name: string;
  /** The flavours it applies to (gaps exist only in alloc-range trees). */
  kinds: readonly TreeKind[];
  corrupt: (tree: MapleTree) => void;
  /** The message of the check that owns the invariant. */
  expected: RegExp;
}

const BOTH = TREE_KINDS;
const ALLOC: readonly TreeKind[] = ['alloc'];

/** Index of the first slot k of `node` for which `pred(k)` holds; throws if there is none. */
function slotWhere(node: MapleNode, pred: (k: number) => boolean): number {
  for (let k = 0; k <= node.end; k++) if (pred(k)) return k;
  throw new Error(`fixture: no slot of ${node} fits the corruption`);
}

const isEntry = (node: MapleNode, k: number): boolean => k >= 0 && k <= node.end && node.slots[k] !== null;
const isNull = (node: MapleNode, k: number): boolean => k >= 0 && k <= node.end && node.slots[k] === null;

/** Rewrites `node` to hold `count` slots over its own range, dropping the rest (see callers). */
function shrinkInternal(node: MapleNode, count: number): void {
  const [, max] = limits(node);
  node.end = count - 1;
  for (let i = count; i < node.slots.length; i++) node.slots[i] = null;
  for (let i = count; i < node.pivots.length; i++) node.pivots[i] = 0;
  for (let i = count; i < node.gaps.length; i++) node.gaps[i] = 0;
  node.pivots[count - 1] = max;
}

/** A consistent leaf of `count` single-index entries (the last one running to the leaf's max). */
function rewriteLeafWithEntries(leaf: MapleNode, count: number): void {
  const [min, max] = limits(leaf);
  leaf.end = count - 1;
  for (let i = 0; i < leaf.slots.length; i++) leaf.slots[i] = i < count ? `u${i}` : null;
  for (let i = 0; i < leaf.pivots.length; i++) leaf.pivots[i] = i < count - 1 ? min + i : 0;
  leaf.pivots[count - 1] = max;
}

/**
 * Empties an entry that sits between two entries and is larger than its leaf's largest empty
 * range, touching nothing else: a valid leaf, but the parents' gaps must grow (alloc trees).
 */
function emptyEntryWithoutGapUpdate(tree: MapleTree): void {
  const fits = (l: MapleNode, k: number): boolean => {
    if (k <= 0 || k >= l.end) return false;
    const [lo, hi] = slotRange(l, k);
    return isEntry(l, k - 1) && isEntry(l, k) && isEntry(l, k + 1) && hi - lo + 1 > leafMaxGap(l, ...limits(l));
  };
  const leaf = leafWhere(tree, (l) => {
    for (let k = 1; k < l.end; k++) if (fits(l, k)) return true;
    return false;
  });
  leaf.slots[slotWhere(leaf, (k) => fits(leaf, k))] = null;
}

const cases: Corruption[] = [
  // ----- root and height --------------------------------------------------------------------
  {
    name: 'height recorded for an empty tree',
    kinds: BOTH,
    corrupt: (t) => {
      mtree_destroy(t);
      t.height = 1;
    },
    expected: /height 1 recorded for a tree without nodes/,
  },
  {
    name: 'height recorded for a bare-entry tree',
    kinds: BOTH,
    corrupt: (t) => {
      mtree_destroy(t);
      mtree_store(t, 0, 'bare');
      t.height = 2;
    },
    expected: /height 2 recorded for a tree without nodes/,
  },
  {
    name: 'XA_ZERO_ENTRY as the bare root entry',
    kinds: BOTH,
    corrupt: (t) => {
      mtree_destroy(t);
      t.root = XA_ZERO_ENTRY;
    },
    expected: /reserved value stored as the root entry/,
  },
  {
    name: 'XA_RETRY_ENTRY as the bare root entry',
    kinds: BOTH,
    corrupt: (t) => {
      mtree_destroy(t);
      t.root = XA_RETRY_ENTRY;
    },
    expected: /reserved value stored as the root entry/,
  },
  {
    name: 'undefined as the bare root entry',
    kinds: BOTH,
    corrupt: (t) => {
      mtree_destroy(t);
      t.root = undefined;
    },
    expected: /root entry|undefined/,
  },
  {
    name: 'tree emptied (root = null) without freeing its nodes',
    kinds: BOTH,
    corrupt: (t) => {
      t.root = null;
      t.height = 0;
    },
    expected: /\d+ live nodes but none reachable \(leak\)/,
  },
  {
    name: 'node allocated while the tree has no nodes',
    kinds: BOTH,
    corrupt: (t) => {
      mtree_destroy(t);
      t.allocator.alloc();
    },
    expected: /1 live nodes but none reachable \(leak\)/,
  },
  {
    name: 'root node has a parent',
    kinds: BOTH,
    corrupt: (t) => {
      rootNode(t).parent = leafWhere(t);
    },
    expected: /root a?range_64#\d+ has a parent/,
  },
  {
    name: 'height one more than the real depth',
    kinds: BOTH,
    corrupt: (t) => {
      t.height++;
    },
    expected: /leaf_64#\d+ \[\d+, \d+\] at depth \d+ should be a?range_64/,
  },
  {
    name: 'height one less than the real depth',
    kinds: BOTH,
    corrupt: (t) => {
      t.height--;
    },
    expected: /at depth \d+ is at leaf depth but of type a?range_64/,
  },
  {
    name: 'height 0 recorded with a node root',
    kinds: BOTH,
    corrupt: (t) => {
      t.height = 0;
    },
    expected: /at depth 0 is deeper than the tree height 0/,
  },
  {
    name: 'root with a single child (not collapsed)',
    kinds: ALLOC, // the plain fixture's root has 3 children: under the old root's minimum, caught by accident
    corrupt: (t) => {
      const old = rootNode(t);
      if (old.end < MT_MIN_SLOTS[old.type]) throw new Error('fixture: old root would be under minimum');
      const top = t.allocator.alloc() as MapleNode;
      top.type = old.type;
      top.end = 0;
      top.slots[0] = old;
      top.pivots[0] = MAX_INDEX;
      top.gaps[0] = Math.max(...old.gaps.slice(0, old.end + 1));
      old.parent = top;
      old.parentSlot = 0;
      t.root = top;
      t.height++;
    },
    expected: /single child|holds 1 slots/,
  },
  // ----- liveness -----------------------------------------------------------------------------
  {
    name: 'leaf freed by the allocator but still reachable',
    kinds: BOTH,
    corrupt: (t) => t.allocator.free(leafWhere(t)),
    expected: /leaf_64#\d+ .* is not a live node \(use after free\)/,
  },
  {
    name: 'internal node marked freed but still reachable',
    kinds: BOTH,
    corrupt: (t) => {
      highInternalWhere(t).freed = true;
    },
    expected: /a?range_64#\d+ .* at depth 1 is not a live node \(use after free\)/,
  },
  {
    name: 'leaf replaced by a copy from another allocator',
    kinds: BOTH,
    corrupt: (t) => {
      const old = leafWhere(t);
      const foreign = newNodeAllocator().alloc() as MapleNode;
      copyNodeContents(old, foreign);
      hangInPlaceOf(t, old, foreign);
      t.allocator.free(old); // keeps the live count equal to the reachable count
    },
    expected: /leaf_64#\d+ .* is not a live node \(use after free\)/,
  },
  {
    name: 'dead leaf reachable',
    kinds: BOTH,
    corrupt: (t) => {
      leafWhere(t).dead = true;
    },
    expected: /leaf_64#\d+ .* is dead but reachable/,
  },
  {
    name: 'dead internal node reachable',
    kinds: BOTH,
    corrupt: (t) => {
      lowInternalWhere(t).dead = true;
    },
    expected: /a?range_64#\d+ .* is dead but reachable/,
  },
  // ----- types and uniform leaf depth -------------------------------------------------------
  {
    name: 'leaf hung directly under the root (leaf depth not uniform)',
    kinds: BOTH,
    corrupt: (t) => {
      const root = rootNode(t);
      const leaf = leaves(t)[0];
      root.slots[0] = leaf;
      leaf.parent = root;
      leaf.parentSlot = 0;
    },
    expected: /leaf_64#\d+ .* at depth 1 should be a?range_64/,
  },
  {
    name: 'extra level above one leaf (leaf depth not uniform)',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t);
      const wrap = t.allocator.alloc() as MapleNode;
      wrap.type = mt_internal_type(t);
      wrap.end = 0;
      wrap.pivots[0] = limits(leaf)[1];
      hangInPlaceOf(t, leaf, wrap);
      wrap.slots[0] = leaf;
      wrap.gaps[0] = leafMaxGap(leaf, ...limits(leaf));
      leaf.parent = wrap;
      leaf.parentSlot = 0;
    },
    expected: /a?range_64#\d+ .* is at leaf depth but of type a?range_64/,
  },
  {
    name: 'internal node of the other tree flavour',
    kinds: BOTH,
    corrupt: (t) => {
      const node = highInternalWhere(t);
      node.type = node.type === 'range_64' ? 'arange_64' : 'range_64';
    },
    expected: /at depth 1 should be a?range_64/,
  },
  {
    name: 'leaf typed as an internal node',
    kinds: BOTH,
    corrupt: (t) => {
      leafWhere(t).type = mt_internal_type(t);
    },
    expected: /a?range_64#\d+ .* is at leaf depth but of type a?range_64/,
  },
  // ----- end --------------------------------------------------------------------------------
  {
    name: 'leaf end past the last slot',
    kinds: BOTH,
    corrupt: (t) => {
      leafWhere(t).end = 16;
    },
    expected: /leaf_64#\d+ .* has end 16/,
  },
  {
    name: 'internal end past its last slot',
    kinds: BOTH,
    corrupt: (t) => {
      const node = highInternalWhere(t);
      node.end = node.type === 'arange_64' ? 10 : 16;
    },
    expected: /a?range_64#\d+ .* has end 1[06]/,
  },
  {
    name: 'negative end',
    kinds: BOTH,
    corrupt: (t) => {
      leafWhere(t).end = -1;
    },
    expected: /has end -1/,
  },
  {
    name: 'fractional end',
    kinds: BOTH,
    corrupt: (t) => {
      lowInternalWhere(t).end = 3.5;
    },
    expected: /has end 3\.5/,
  },
  // ----- minimum occupancy ------------------------------------------------------------------
  {
    name: 'non-root leaf one slot under the minimum (otherwise consistent)',
    kinds: BOTH,
    corrupt: (t) => rewriteLeafWithEntries(leafWhere(t), MT_MIN_SLOTS.leaf_64),
    expected: /leaf_64#\d+ .* holds 6 slots, below the minimum 7/,
  },
  {
    name: 'non-root internal node one slot under the minimum',
    kinds: BOTH,
    corrupt: (t) => {
      const node = highInternalWhere(t);
      shrinkInternal(node, MT_MIN_SLOTS[node.type]);
    },
    expected: /a?range_64#\d+ .* at depth 1 holds (6|4) slots, below the minimum (7|5)/,
  },
  // ----- pivots -----------------------------------------------------------------------------
  {
    name: 'two leaf pivots swapped',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t, (l) => l.end >= 5);
      [leaf.pivots[2], leaf.pivots[3]] = [leaf.pivots[3], leaf.pivots[2]];
    },
    expected: /leaf_64#\d+ .* pivot\[3\] = \d+ outside \[\d+, \d+\]/,
  },
  {
    name: 'leaf pivot repeated (not strictly ascending)',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t, (l) => l.end >= 5);
      leaf.pivots[3] = leaf.pivots[2];
    },
    expected: /leaf_64#\d+ .* pivot\[3\] = \d+ outside/,
  },
  {
    name: 'leaf pivot at the node max (beyond max - 1)',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t, storesLastPivot);
      leaf.pivots[leaf.end - 1] = limits(leaf)[1];
    },
    expected: /leaf_64#\d+ .* pivot\[\d+\] = \d+ outside/,
  },
  {
    name: 'leaf pivot beyond the node max',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t, storesLastPivot);
      leaf.pivots[leaf.end - 1] = limits(leaf)[1] + 100;
    },
    expected: /leaf_64#\d+ .* pivot\[\d+\] = \d+ outside/,
  },
  {
    name: 'first leaf pivot below the node min',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t, (l) => limits(l)[0] > 0);
      leaf.pivots[0] = limits(leaf)[0] - 1;
    },
    expected: /leaf_64#\d+ .* pivot\[0\] = \d+ outside/,
  },
  {
    name: 'internal pivot beyond the node max',
    kinds: BOTH,
    corrupt: (t) => {
      const node = highInternalWhere(t, storesLastPivot);
      node.pivots[node.end - 1] = limits(node)[1] + 1;
    },
    expected: /a?range_64#\d+ .* pivot\[\d+\] = \d+ outside/,
  },
  {
    name: 'NaN leaf pivot',
    kinds: BOTH,
    corrupt: (t) => {
      leafWhere(t, (l) => l.end >= 5).pivots[2] = NaN;
    },
    expected: /pivot\[2\] = NaN/,
  },
  {
    name: 'fractional leaf pivot',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t, (l) => l.end >= 5 && l.pivots[2] - l.pivots[1] >= 2);
      leaf.pivots[2] -= 0.5;
    },
    expected: /pivot\[2\] = \d+\.5/,
  },
  {
    name: 'leaf last pivot is not the node max',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t, (l) => storesLastPivot(l) && l.pivots[l.end] - l.pivots[l.end - 1] >= 2);
      leaf.pivots[leaf.end]--;
    },
    expected: /leaf_64#\d+ .* last pivot \d+ is not the node max/,
  },
  {
    name: 'internal last pivot is not the node max',
    kinds: BOTH,
    corrupt: (t) => {
      const node = highInternalWhere(t, (n) => storesLastPivot(n) && limits(n)[1] !== MAX_INDEX);
      node.pivots[node.end]++;
    },
    expected: /a?range_64#\d+ .* at depth 1 last pivot \d+ is not the node max/,
  },
  {
    name: "parent pivot moved: child's max no longer equals its inherited limit",
    kinds: BOTH,
    corrupt: (t) => {
      const parent = lowInternalWhere(t, (n) => n.end >= 2 && storesLastPivot(n.slots[0] as MapleNode));
      parent.pivots[0]++;
    },
    expected: /leaf_64#\d+ \[\d+, \d+\] at depth \d+ last pivot \d+ is not the node max/,
  },
  {
    name: "parent pivots swapped: children's limits no longer inherited",
    kinds: BOTH,
    corrupt: (t) => {
      const parent = lowInternalWhere(t, (n) => n.end >= 3);
      [parent.pivots[1], parent.pivots[2]] = [parent.pivots[2], parent.pivots[1]];
    },
    // The child under slot 1 is walked with the swapped limit before the parent reaches slot 2.
    expected: /leaf_64#\d+ .* last pivot \d+ is not the node max/,
  },
  {
    name: 'leaf pivot stored past the end',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t, (l) => l.end + 1 < MT_PIVOTS.leaf_64);
      leaf.pivots[leaf.end + 1] = 77;
    },
    expected: /leaf_64#\d+ .* pivot\[\d+\] = 77 past the end/,
  },
  {
    name: 'internal pivot stored past the end',
    kinds: BOTH,
    corrupt: (t) => {
      const node = highInternalWhere(t, (n) => n.end + 1 < MT_PIVOTS[n.type]);
      node.pivots[node.end + 1] = 77;
    },
    expected: /a?range_64#\d+ .* pivot\[\d+\] = 77 past the end/,
  },
  {
    name: 'arange_64 pivot stored beyond its 9 pivots',
    kinds: ALLOC,
    corrupt: (t) => {
      highInternalWhere(t).pivots[12] = 77;
    },
    expected: /pivot\[12\] = 77/,
  },
  // ----- slots ------------------------------------------------------------------------------
  {
    name: 'leaf slot used past the end',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t);
      leaf.slots[leaf.end + 1] = 'ghost';
    },
    expected: /leaf_64#\d+ .* slot \d+ is used past the end/,
  },
  {
    name: 'internal slot used past the end',
    kinds: BOTH,
    corrupt: (t) => {
      const node = highInternalWhere(t);
      node.slots[node.end + 1] = leafWhere(t);
    },
    expected: /a?range_64#\d+ .* slot \d+ is used past the end/,
  },
  {
    name: 'arange_64 slot used beyond its 10 slots',
    kinds: ALLOC,
    corrupt: (t) => {
      highInternalWhere(t).slots[12] = 'ghost';
    },
    expected: /arange_64#\d+ .* slot 12 is used past the end/,
  },
  {
    name: 'XA_ZERO_ENTRY in a leaf',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t);
      leaf.slots[slotWhere(leaf, (k) => isEntry(leaf, k))] = XA_ZERO_ENTRY;
    },
    expected: /leaf_64#\d+ .* slot \d+ holds a reserved value/,
  },
  {
    name: 'XA_RETRY_ENTRY in a leaf',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t);
      leaf.slots[slotWhere(leaf, (k) => isEntry(leaf, k))] = XA_RETRY_ENTRY;
    },
    expected: /slot \d+ holds a reserved value/,
  },
  {
    name: 'maple node stored as a leaf entry',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t);
      leaf.slots[slotWhere(leaf, (k) => isEntry(leaf, k))] = highInternalWhere(t);
    },
    expected: /slot \d+ holds a reserved value/,
  },
  {
    name: 'undefined in a leaf slot',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t);
      leaf.slots[slotWhere(leaf, (k) => isEntry(leaf, k))] = undefined;
    },
    expected: /leaf_64#\d+ .* slot \d+ holds undefined/,
  },
  {
    name: 'entry in an internal slot',
    kinds: BOTH,
    corrupt: (t) => {
      highInternalWhere(t).slots[1] = 'not a node';
    },
    expected: /a?range_64#\d+ .* slot 1 is not a node/,
  },
  {
    name: 'null in an internal slot',
    kinds: BOTH,
    corrupt: (t) => {
      lowInternalWhere(t).slots[0] = null;
    },
    expected: /a?range_64#\d+ .* slot 0 is not a node/,
  },
  // ----- empty ranges -----------------------------------------------------------------------
  {
    name: 'two adjacent empty slots inside a leaf',
    kinds: BOTH,
    corrupt: (t) => {
      const leaf = leafWhere(t, (l) => {
        for (let k = 1; k <= l.end; k++) if (isNull(l, k - 1) && isEntry(l, k) && !isNull(l, k + 1)) return true;
        return false;
      });
      leaf.slots[slotWhere(leaf, (k) => isNull(leaf, k - 1) && isEntry(leaf, k) && !isNull(leaf, k + 1))] = null;
    },
    expected: /leaf_64#\d+ .* slot \d+ \[\d+, \d+\]: two empty ranges touch/,
  },
  {
    name: 'empty first slot of a leaf after an empty last slot of the previous leaf',
    kinds: BOTH,
    corrupt: (t) => {
      const ls = leaves(t);
      for (let k = 1; k < ls.length; k++) {
        const [left, right] = [ls[k - 1], ls[k]];
        if (isNull(left, left.end) && isEntry(right, 0) && isEntry(right, 1)) {
          right.slots[0] = null;
          return;
        }
      }
      throw new Error('fixture: no leaf boundary fits the corruption');
    },
    expected: /leaf_64#\d+ .* slot 0 \[\d+, \d+\]: two empty ranges touch/,
  },
  {
    name: 'empty last slot of a leaf before an empty first slot of the next leaf',
    kinds: BOTH,
    corrupt: (t) => {
      const ls = leaves(t);
      for (let k = 1; k < ls.length; k++) {
        const [left, right] = [ls[k - 1], ls[k]];
        if (isNull(right, 0) && isEntry(left, left.end) && isEntry(left, left.end - 1)) {
          left.slots[left.end] = null;
          return;
        }
      }
      throw new Error('fixture: no leaf boundary fits the corruption');
    },
    // Caught at the next leaf's slot 0 (the first empty range after the one just made).
    expected: /leaf_64#\d+ .* slot 0 \[\d+, \d+\]: two empty ranges touch/,
  },
  {
    name: 'a tree with a node but no entry',
    kinds: BOTH,
    corrupt: (t) => {
      // Needs a tree whose only leaf holds one slot: store over everything, then empty that slot.
      mtree_destroy(t);
      mtree_store_range(t, 0, MAX_INDEX, 'all');
      rootNode(t).slots[0] = null;
    },
    expected: /a tree with nodes holds no entry/,
  },
  // ----- parent pointers --------------------------------------------------------------------
  {
    name: "child's parent pointer names its sibling",
    kinds: BOTH,
    corrupt: (t) => {
      const parent = lowInternalWhere(t);
      (parent.slots[1] as MapleNode).parent = parent.slots[0] as MapleNode;
    },
    expected: /leaf_64#\d+ under a?range_64#\d+ .* slot 1 has parent leaf_64#\d+/,
  },
  {
    name: "child's parent pointer is null",
    kinds: BOTH,
    corrupt: (t) => {
      (highInternalWhere(t).slots[2] as MapleNode).parent = null;
    },
    expected: /a?range_64#\d+ under a?range_64#\d+ .* slot 2 has parent null/,
  },
  {
    name: "child's parent slot is off by one",
    kinds: BOTH,
    corrupt: (t) => {
      (lowInternalWhere(t).slots[1] as MapleNode).parentSlot = 2;
    },
    expected: /under .* slot 1 records parent slot 2/,
  },
  {
    name: 'one child hung under two slots',
    kinds: BOTH,
    corrupt: (t) => {
      const parent = lowInternalWhere(t);
      parent.slots[1] = parent.slots[0];
    },
    expected: /under .* slot 1 records parent slot 0/,
  },
  // ----- gaps (alloc-range trees) -----------------------------------------------------------
  {
    name: 'gap one too small just above the leaves',
    kinds: ALLOC,
    corrupt: (t) => {
      lowInternalWhere(t).gaps[1]--;
    },
    expected: /arange_64#\d+ .* gap\[1\] = (\d+) but the largest empty range under it is \d+/,
  },
  {
    name: 'gap one too large in the root',
    kinds: ALLOC,
    corrupt: (t) => {
      rootNode(t).gaps[0]++;
    },
    expected: /arange_64#\d+ \[0, MAX\] at depth 0 gap\[0\] = \d+ but the largest empty range under it is \d+/,
  },
  {
    name: "root's last gap (the empty range up to MAX) zeroed",
    kinds: ALLOC,
    corrupt: (t) => {
      const root = rootNode(t);
      root.gaps[root.end] = 0;
    },
    expected: /gap\[\d+\] = 0 but the largest empty range under it is \d{10,}/,
  },
  {
    name: 'entry emptied in a leaf without carrying the new gap up',
    kinds: ALLOC,
    corrupt: emptyEntryWithoutGapUpdate,
    expected: /arange_64#\d+ .* gap\[\d+\] = \d+ but the largest empty range under it is \d+/,
  },
  {
    name: 'gap stored past the end',
    kinds: ALLOC,
    corrupt: (t) => {
      const node = highInternalWhere(t, (n) => n.end + 1 < n.gaps.length);
      node.gaps[node.end + 1] = 7;
    },
    expected: /arange_64#\d+ .* gap\[\d+\] = 7 past the end/,
  },
  // ----- allocator accounting ---------------------------------------------------------------
  {
    name: 'one node leaked from the allocator',
    kinds: BOTH,
    corrupt: (t) => {
      t.allocator.alloc();
    },
    expected: /(\d+) live nodes but \d+ reachable \(leak or lost node\)/,
  },
  {
    name: 'leaf replaced by a copy without freeing the original',
    kinds: BOTH,
    corrupt: (t) => {
      const old = leafWhere(t);
      const copy = t.allocator.alloc() as MapleNode;
      copyNodeContents(old, copy);
      hangInPlaceOf(t, old, copy);
    },
    expected: /live nodes but \d+ reachable \(leak or lost node\)/,
  },
];

type Row = Corruption & { kind: TreeKind; title: string };
const rows: Row[] = cases.flatMap((c) => c.kinds.map((kind) => ({ ...c, kind, title: `${kind}: ${c.name}` })));
/** [title, row] pairs, so test titles are the plain, untruncated title. */
const table = (rs: Row[]): [string, Row][] => rs.map((r) => [r.title, r]);

describe('mt_validate catches each corruption', () => {
  it.each(table(rows))('%s', (_title, { kind, corrupt, expected }) => {
    const tree = buildDeepTree(kind);
    expect(tree.height).toBeGreaterThanOrEqual(3);
    expect(() => mt_validate(tree)).not.toThrow();
    corrupt(tree);
    expect(() => mt_validate(tree)).toThrow(MapleValidationError);
    expect(() => mt_validate(tree)).toThrow(expected);
  });
});

describe('controls: the corruptions above are corruptions', () => {
  it('the same emptied entry is a valid plain tree (plain trees keep no gaps)', () => {
    // Without the alloc flag the "gap not carried up" corruption is no corruption: proves that row
    // is caught by the gap check and nothing else.
    const tree = buildDeepTree('plain');
    emptyEntryWithoutGapUpdate(tree);
    expect(() => mt_validate(tree)).not.toThrow();
  });

  it('accounting can be switched off (shared allocators): a leak then passes', () => {
    const tree = buildDeepTree('plain');
    tree.allocator.alloc();
    expect(() => mt_validate(tree)).toThrow(/leak or lost node/);
    expect(() => mt_validate(tree, { accounting: false })).not.toThrow();
  });

  it('every row has a distinct title', () => {
    expect(new Set(rows.map((r) => r.title)).size).toBe(rows.length);
  });
});
