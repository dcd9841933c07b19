/**
 * What the example tests leave open in the gap upkeep and empty-area searches (gap.ts), found by
 * mutation testing (npm run mutate). The contracts pinned here:
 * - gaps belong to maple_arange_64 nodes only (node.ts): in a tree without MT_FLAGS_ALLOC_RANGE no
 *   write stores a gap anywhere (the kernel's range_64 and leaf_64 nodes have no gap words), and in
 *   an alloc tree leaves never hold one;
 * - mas_empty_area / mas_empty_area_rev find a window of one index where the search range
 *   [min, max] just touches an empty range: min on its last index, max on its first index;
 * - on a tree without nodes, the window search honours min and max exactly: an empty tree offers
 *   [min, max], a bare entry at 0 offers [max(1, min), max], and a window one index too large for
 *   either is -EBUSY; min > max is -EINVAL;
 * - a window in the last slot of a full leaf (16 slots, no stored last pivot: the node max is
 *   implied), and one in the first slot of every node on its path (the node min is inherited), are
 *   found in both directions.
 */
import { describe, expect, it } from 'vitest';
import { EBUSY, EINVAL } from '../errno.js';
import { MAX_INDEX, MA_STATE, MT_FLAGS_ALLOC_RANGE, MapleNode, mas_empty_area, mas_empty_area_rev, mt_init_flags, mt_validate, mtree_erase, mtree_store, mtree_store_range, type MapleTree } from './index.js';

/** Every node reachable from the root. */
function allNodes(t: MapleTree): MapleNode[] {
  const out: MapleNode[] = [];
  const visit = (n: MapleNode): void => {
    out.push(n);
    if (n.type === 'leaf_64') return;
    for (let i = 0; i <= n.end; i++) visit(n.slots[i] as MapleNode);
  };
  if (t.root instanceof MapleNode) visit(t.root);
  return out;
}

/** A height >= 3 tree shaped by stores, overwrites, erases and a spanning store. */
function churned(flags: number): MapleTree {
  const t = mt_init_flags(flags);
  for (let i = 0; i < 400; i++) expect(mtree_store_range(t, 10 * i, 10 * i + 4, i)).toBe(0);
  for (let i = 0; i < 400; i += 3) mtree_erase(t, 10 * i);
  expect(mtree_store_range(t, 1234, 2345, 'span')).toBe(0);
  for (let i = 5; i < 400; i += 7) expect(mtree_store_range(t, 10 * i + 1, 10 * i + 2, 'mid')).toBe(0);
  mt_validate(t);
  return t;
}

describe('gaps live in arange_64 nodes only', () => {
  it('a plain tree: no node holds a gap after any write', () => {
    const t = churned(0);
    const nodes = allNodes(t);
    expect(nodes.length).toBeGreaterThan(10);
    for (const n of nodes) expect(n.gaps.every((g) => g === 0), `${n}`).toBe(true);
  });

  it('an alloc tree: internal nodes hold gaps, leaves none', () => {
    const t = churned(MT_FLAGS_ALLOC_RANGE);
    const nodes = allNodes(t);
    expect(nodes.some((n) => n.type === 'arange_64' && n.gaps.some((g) => g > 0))).toBe(true);
    for (const n of nodes.filter((m) => m.type === 'leaf_64')) expect(n.gaps.every((g) => g === 0), `${n}`).toBe(true);
  });
});

const FLAVOURS = [
  ['plain', 0],
  ['alloc-range', MT_FLAGS_ALLOC_RANGE],
] as const;

/** [index, last] mas_empty_area{,_rev} answers, or the errno. */
function search(t: MapleTree, rev: boolean, min: number, max: number, size: number): [number, number] | number {
  const mas = MA_STATE(t);
  const ret = (rev ? mas_empty_area_rev : mas_empty_area)(mas, min, max, size);
  return ret === 0 ? [mas.index, mas.last] : ret;
}

describe.each(FLAVOURS)('window searches at the edge of an empty range (%s)', (_name, flags) => {
  /** Entries [0, 9], [20, 24], [30, 99]; empty [10, 19], [25, 29], [100, MAX]; deep when `deep`. */
  function holey(deep: boolean): MapleTree {
    const t = mt_init_flags(flags);
    expect(mtree_store_range(t, 0, 9, 'a')).toBe(0);
    expect(mtree_store_range(t, 20, 24, 'b')).toBe(0);
    expect(mtree_store_range(t, 30, 99, 'c')).toBe(0);
    if (deep) for (let i = 0; i < 300; i++) expect(mtree_store_range(t, 1000 + 3 * i, 1001 + 3 * i, i)).toBe(0);
    mt_validate(t);
    return t;
  }

  for (const deep of [false, true]) {
    it(`min on the last index of an empty range, max on the first (${deep ? 'deep' : 'one leaf'})`, () => {
      const t = holey(deep);
      for (const rev of [false, true]) {
        expect(search(t, rev, 19, 19, 1)).toEqual([19, 19]);
        expect(search(t, rev, 19, 20, 1)).toEqual([19, 19]);
        expect(search(t, rev, 10, 10, 1)).toEqual([10, 10]);
        expect(search(t, rev, 9, 10, 1)).toEqual([10, 10]);
        expect(search(t, rev, 29, 30, 1)).toEqual([29, 29]);
        expect(search(t, rev, 24, 25, 1)).toEqual([25, 25]);
        expect(search(t, rev, 19, 20, 2)).toBe(-EBUSY);
      }
      if (deep) {
        // The empty ranges between the deep entries are single indices: 1002, 1005, ...
        for (const rev of [false, true]) {
          expect(search(t, rev, 1002, 1002, 1)).toEqual([1002, 1002]);
          expect(search(t, rev, 1003, 1004, 1)).toBe(-EBUSY);
          expect(search(t, rev, 1001, 1003, 1)).toEqual([1002, 1002]);
        }
      }
    });
  }

  it('an empty tree offers exactly [min, max]', () => {
    const t = mt_init_flags(flags);
    expect(search(t, false, 0, 9, 10)).toEqual([0, 9]);
    expect(search(t, true, 0, 0, 1)).toEqual([0, 0]);
    expect(search(t, false, 50, 59, 10)).toEqual([50, 59]);
    expect(search(t, true, 50, 59, 10)).toEqual([50, 59]);
    expect(search(t, false, 50, 59, 11)).toBe(-EINVAL); // larger than the window itself
    expect(search(t, false, 10, 9, 1)).toBe(-EINVAL); // min > max
    expect(search(t, true, 10, 9, 1)).toBe(-EINVAL);
    expect(search(t, false, 5, 5, 1)).toEqual([5, 5]);
    expect(search(t, true, 5, 5, 1)).toEqual([5, 5]);
    expect(search(t, false, 50, 60, 3)).toEqual([50, 52]);
    expect(search(t, true, 50, 60, 3)).toEqual([58, 60]);
  });

  it('a bare entry at 0 offers [max(1, min), max]', () => {
    const t = mt_init_flags(flags);
    expect(mtree_store(t, 0, 'bare')).toBe(0);
    expect(t.root).toBe('bare');
    expect(search(t, false, 0, 0, 1)).toBe(-EBUSY);
    expect(search(t, true, 0, 0, 1)).toBe(-EBUSY);
    expect(search(t, false, 1, 1, 1)).toEqual([1, 1]);
    expect(search(t, true, 1, 1, 1)).toEqual([1, 1]);
    expect(search(t, false, 0, 10, 10)).toEqual([1, 10]);
    expect(search(t, true, 0, 10, 10)).toEqual([1, 10]);
    expect(search(t, false, 0, 10, 11)).toBe(-EBUSY);
    expect(search(t, true, 0, 10, 11)).toBe(-EBUSY);
    expect(search(t, false, 50, 60, 3)).toEqual([50, 52]);
    expect(search(t, true, 50, 60, 3)).toEqual([58, 60]);
    expect(search(t, false, 0, MAX_INDEX, MAX_INDEX)).toEqual([1, MAX_INDEX]);
  });
});

describe.each(FLAVOURS)('the first and last slots of a node (%s)', (_name, flags) => {
  it('a window in slot 0 of the root and of the first leaf', () => {
    for (const count of [1, 300]) {
      const t = mt_init_flags(flags);
      for (let i = 0; i < count; i++) expect(mtree_store_range(t, 100 + 3 * i, 101 + 3 * i, i)).toBe(0);
      mt_validate(t);
      if (count > 1) expect(t.height).toBeGreaterThanOrEqual(2);
      expect(search(t, false, 0, 50, 10)).toEqual([0, 9]);
      expect(search(t, true, 0, 50, 10)).toEqual([41, 50]);
      expect(search(t, false, 0, MAX_INDEX, 100)).toEqual([0, 99]);
      expect(search(t, true, 0, 99, 100)).toEqual([0, 99]);
    }
  });

  it('a window in the implied-max last slot of a full root leaf', () => {
    const t = mt_init_flags(flags);
    // Entries at 0, 2, ..., 14 with single-index holes: 16 slots, the last one the empty [15, MAX].
    for (let i = 0; i < 8; i++) expect(mtree_store_range(t, 2 * i, 2 * i, i)).toBe(0);
    mt_validate(t);
    const root = t.root as MapleNode;
    expect(root).toBeInstanceOf(MapleNode);
    expect(root.end).toBe(15);
    for (const rev of [false, true]) {
      expect(search(t, rev, 100, 104, 5)).toEqual([100, 104]);
      expect(search(t, rev, 15, MAX_INDEX, MAX_INDEX - 14)).toEqual([15, MAX_INDEX]);
      expect(search(t, rev, 0, 20, 2)).toEqual(rev ? [19, 20] : [15, 16]);
    }
  });
});
