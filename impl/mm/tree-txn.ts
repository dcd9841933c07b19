/**
 * A transaction of stores on one maple tree: each store may fail (-ENOMEM) and leaves the tree as
 * it was when it does; rollback() puts back, newest first, everything the transaction stored.
 *
 * Invariants: rollback cannot fail (its stores are GFP_NOFAIL, the kernel's __GFP_NOFAIL), so an
 * mm operation that fails part-way leaves its tree exactly as before, range by range and object by
 * object; after commit() (or rollback()) the transaction holds nothing. Undoing newest first means
 * that when a store is undone, the parts of the old ranges outside it are as they were before it.
 */
import { ENOMEM } from '../errno.js';
import { mt_for_each, mtree_store_range, type MapleTree } from '../maple/index.js';

interface UndoRecord {
  first: number;
  last: number;
  /**
   * The entries [first, last] held before the store, with their whole ranges: putting a range back
   * whole (not clipped to [first, last]) is what makes it one range again, not two neighbouring
   * ranges holding the same entry.
   */
  before: { first: number; last: number; entry: unknown }[];
}

export class TreeTxn {
  private undo: UndoRecord[] = [];

  constructor(readonly tree: MapleTree) {}

  /** Stores `entry` over [first, last]: 0, or -ENOMEM with this store undone. */
  store(first: number, last: number, entry: unknown): number {
    const before = [...mt_for_each(this.tree, first, last)];
    const ret = mtree_store_range(this.tree, first, last, entry, 'GFP_KERNEL');
    if (ret === 0) this.undo.push({ first, last, before });
    else if (ret !== -ENOMEM) throw new Error(`BUG: mm store [${first}, ${last}] gave ${ret}`);
    return ret;
  }

  rollback(): void {
    for (const u of this.undo.reverse()) {
      mustStore(this.tree, u.first, u.last, null);
      for (const b of u.before) mustStore(this.tree, b.first, b.last, b.entry);
    }
    this.undo = [];
  }

  commit(): void {
    this.undo = [];
  }
}

function mustStore(tree: MapleTree, first: number, last: number, entry: unknown): void {
  const ret = mtree_store_range(tree, first, last, entry, 'GFP_NOFAIL');
  if (ret !== 0) throw new Error(`BUG: GFP_NOFAIL store [${first}, ${last}] gave ${ret}`);
}
