/**
 * Maple-tree stores that can be taken back: what an allocation records while it purges on its own
 * behalf (or places several pcpu areas), so that a later -ENOMEM leaves every tree as it was.
 *
 * Invariants:
 * - store() records, before writing, every entry [first, last] overlapped with its whole range; a
 *   store that fails (-ENOMEM) changed nothing and records nothing.
 * - rollback() undoes the recorded stores newest first, each by emptying [first, last] and putting
 *   the old ranges back whole, so every tree holds exactly the ranges and entries it held before
 *   the first recorded store. Its stores are GFP_NOFAIL (the kernel's __GFP_NOFAIL, used only to
 *   undo half-done work): a rollback cannot fail.
 * - After rollback() or commit() the log is empty.
 */
import { ENOMEM } from '../../errno.js';
import type { Gfp } from '../../alloc/node-allocator.js';
import { mt_for_each, mtree_store_range, type MapleTree } from '../../maple/index.js';

interface Undo {
  readonly tree: MapleTree;
  readonly first: number;
  readonly last: number;
  readonly before: readonly { first: number; last: number; entry: unknown }[];
}

/** A store into a tree: 0 or -ENOMEM (the callers' ranges and entries are never bad input). */
export type TreeWrite = (tree: MapleTree, first: number, last: number, entry: unknown) => number;

/** Stores that must not fail: free paths, purge, rollback. */
export const storeNoFail: TreeWrite = (tree, first, last, entry) => {
  const ret = mtree_store_range(tree, first, last, entry, 'GFP_NOFAIL');
  if (ret !== 0) throw new Error(`BUG: GFP_NOFAIL store [${first}, ${last}] returned ${ret}`);
  return 0;
};

export class UndoLog {
  private undo: Undo[] = [];

  /** A TreeWrite that records into this log, allocating with `gfp`. */
  writer(gfp: Gfp): TreeWrite {
    return (tree, first, last, entry) => this.store(tree, first, last, entry, gfp);
  }

  store(tree: MapleTree, first: number, last: number, entry: unknown, gfp: Gfp): number {
    const before = [...mt_for_each(tree, first, last)];
    const ret = mtree_store_range(tree, first, last, entry, gfp);
    if (ret === 0) this.undo.push({ tree, first, last, before });
    else if (ret !== -ENOMEM) throw new Error(`BUG: store [${first}, ${last}] returned ${ret}`);
    return ret;
  }

  get size(): number {
    return this.undo.length;
  }

  rollback(): void {
    for (const u of this.undo.reverse()) {
      storeNoFail(u.tree, u.first, u.last, null);
      for (const b of u.before) storeNoFail(u.tree, b.first, b.last, b.entry);
    }
    this.undo = [];
  }

  commit(): void {
    this.undo = [];
  }
}
