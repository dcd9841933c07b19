/**
 * What the store examples leave open about the structural rebuild (rebuild.ts), found by mutation
 * testing (npm run mutate):
 * - an emptied run with no neighbour to its right pulls in its left neighbour at the same depth,
 *   which may hang from another parent: the neighbour found is the one just before the run (the
 *   rightmost node of the subtree to the left), never another node of that subtree;
 * - a leaf root rebuilt into one range: one empty range leaves a tree without nodes, one entry
 *   stays in the leaf (mas_rebuild called directly: through the API a store over everything is a
 *   wr_new_root and never gets here);
 * - a write that would grow the tree past MAPLE_HEIGHT_MAX levels is a BUG raised before the tree
 *   changes (the height is faked: no tree in a 2^53 index space can get that tall).
 * mt_validate (with its node accounting) runs after every write.
 */
import { describe, expect, it } from 'vitest';
import { BigNode } from './big-node.js';
import { MAPLE_HEIGHT_MAX, MAX_INDEX, MapleNode, mt_dump, mt_init_flags, mt_validate, mtree_store_range, type MapleTree } from './index.js';
import { NodePool } from './node-pool.js';
import { mas_rebuild } from './rebuild.js';
import { entries, store, type Range } from './test-helpers.js';

/** Entries [10i, 10i + 5] = i for i < n. */
function spaced(n: number): MapleTree {
  const t = mt_init_flags(0);
  for (let i = 0; i < n; i++) store(t, 10 * i, 10 * i + 5, i);
  return t;
}

/** The model of spaced(n): its entries below `below`. */
function spacedEntries(n: number, below: number): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < n && 10 * i + 5 < below; i++) out.push([10 * i, 10 * i + 5, i]);
  return out;
}

describe('rebalancing at the right edge pulls in the node just before the run', () => {
  it('emptying everything from the first leaf of the second subtree on (height 3)', () => {
    const t = spaced(100);
    expect(t.height).toBe(3);
    const root = t.root as MapleNode;
    const from = root.pivots[0] + 1; // the min of the second subtree and of its first leaf
    store(t, from, MAX_INDEX, null); // leaves one empty range: below minimum, nothing to its right
    expect(entries(t)).toEqual(spacedEntries(100, from));
    expect(mt_validate(t).height).toBeLessThanOrEqual(3);
  });
});

describe('the root level', () => {
  it('a leaf root rebuilt into one empty range leaves a tree without nodes', () => {
    const t = mt_init_flags(0);
    store(t, 5, 9, 'x');
    const root = t.root as MapleNode;
    const pool = new NodePool(t);
    const big = new BigNode(0);
    big.push(MAX_INDEX, null);
    mas_rebuild(t, pool, root, root, big);
    pool.release(); // frees the old root
    expect([t.root, t.height, t.allocator.live, root.freed]).toEqual([null, 0, 0, true]);
    mt_validate(t);
  });

  it('a leaf root rebuilt into one range holding an entry keeps that leaf as the root', () => {
    const t = mt_init_flags(0);
    store(t, 5, 9, 'x');
    const root = t.root as MapleNode;
    const pool = new NodePool(t);
    const big = new BigNode(0);
    big.push(MAX_INDEX, 'all');
    mas_rebuild(t, pool, root, root, big);
    pool.release();
    expect([t.root, t.height, t.allocator.live]).toEqual([root, 1, 1]);
    expect(entries(t)).toEqual([[0, MAX_INDEX, 'all']]);
    mt_validate(t);
  });

  it('growing past MAPLE_HEIGHT_MAX levels is a BUG raised before the tree changes; up to it is fine', () => {
    const full = (): MapleTree => {
      const t = mt_init_flags(0);
      for (let i = 0; i < 15; i++) store(t, i, i, i); // one full leaf: the next new slot splits it
      return t;
    };
    const t = full();
    const before = mt_dump(t);
    t.height = MAPLE_HEIGHT_MAX; // as if the leaf were the root of a tree at the limit
    expect(() => mtree_store_range(t, 20, 21, 'x')).toThrow(/height limit/);
    t.height = 1;
    expect(mt_dump(t)).toBe(before);
    expect([t.pooled, t.lock.held]).toEqual([0, false]);
    mt_validate(t);
    const u = full();
    u.height = MAPLE_HEIGHT_MAX - 1;
    expect(mtree_store_range(u, 20, 21, 'x')).toBe(0);
    expect(u.height).toBe(MAPLE_HEIGHT_MAX);
    u.height = 2;
    mt_validate(u);
  });
});
