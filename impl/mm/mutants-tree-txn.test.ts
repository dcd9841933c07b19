/**
 * TreeTxn's own contract, found open by mutation testing (the mm operations only ever roll back
 * right after a failure or commit at the end):
 * - commit() forgets what the transaction stored: a later rollback() undoes nothing of it;
 * - a store result other than 0 or -ENOMEM is a bug of the caller and throws at once;
 * - rollback cannot fail: its stores are GFP_NOFAIL, and an allocator that breaks that promise is a
 *   bug that throws instead of leaving the tree half restored.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mt_for_each, mt_init_flags, mtree_store_range, type MapleTree } from '../maple/index.js';
import { TreeTxn } from './tree-txn.js';

const ranges = (tree: MapleTree): [number, number, unknown][] => [...mt_for_each(tree)].map((e) => [e.first, e.last, e.entry]);

function treeWithOne(): MapleTree {
  const tree = mt_init_flags(0);
  expect(mtree_store_range(tree, 100, 199, 'old')).toBe(0);
  return tree;
}

describe('TreeTxn', () => {
  afterEach(() => vi.restoreAllMocks());

  it('rollback puts back what the stores replaced, whole ranges', () => {
    const tree = treeWithOne();
    const txn = new TreeTxn(tree);
    expect(txn.store(150, 249, 'new')).toBe(0);
    txn.rollback();
    expect(ranges(tree)).toEqual([[100, 199, 'old']]);
  });

  it('after commit, a rollback undoes nothing', () => {
    const tree = treeWithOne();
    const txn = new TreeTxn(tree);
    expect(txn.store(150, 249, 'new')).toBe(0);
    txn.commit();
    txn.rollback();
    expect(ranges(tree)).toEqual([[100, 149, 'old'], [150, 249, 'new']]);
  });

  it('a store the tree refuses as invalid is a bug: it throws', () => {
    const txn = new TreeTxn(treeWithOne());
    expect(() => txn.store(300, 200, 'x')).toThrow(/BUG: mm store \[300, 200\] gave -22/);
  });

  it('a rollback whose GFP_NOFAIL store is refused throws instead of leaving the tree half restored', () => {
    const tree = mt_init_flags(0);
    const txn = new TreeTxn(tree);
    // Enough ranges that putting the old ones back needs new nodes.
    for (let i = 0; i < 40; i++) expect(txn.store(10 * i, 10 * i + 4, `v${i}`)).toBe(0);
    vi.spyOn(tree.allocator, 'alloc').mockReturnValue(null); // an allocator breaking the GFP_NOFAIL promise
    expect(() => txn.rollback()).toThrow(/BUG: GFP_NOFAIL store/);
  });
});
