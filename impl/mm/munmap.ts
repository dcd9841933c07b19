/**
 * munmap, following do_vmi_align_munmap: split the VMAs at the edges of [start, end), gather the
 * VMAs inside into a detached side tree indexed by count (0, 1, ...: a single VMA goes in the
 * root slot without a node, seeds/004 patch 04), cross-check that the side tree and the main tree
 * hold the same VMAs (the CONFIG_DEBUG_VM_MAPLE_TREE check whose BUG_ON fired in seeds/004), clear
 * the range, then free the side tree.
 *
 * Invariants: every step before the point of no return (the clear) may fail for lack of nodes;
 * then everything done so far is rolled back and the address space is exactly as before. A
 * cross-check mismatch is a kernel BUG: it throws SideTreeMismatchError.
 */
import { ACTIVE_BUG } from '../bugs/switch.js';
import { EINVAL, ENOMEM } from '../errno.js';
import { MA_STATE, mas_find, mas_next, mas_set, mas_store_gfp, mt_for_each, mt_init_flags, mtree_destroy, mtree_load, type MapleTree } from '../maple/index.js';
import type { MmStruct } from './mm.js';
import { TreeTxn } from './tree-txn.js';
import { TASK_SIZE, Vma, hex, pageAlign, pageAligned } from './vma.js';

export class SideTreeMismatchError extends Error {
  constructor(message: string) {
    super(`kernel BUG at do_vmi_align_munmap: ${message}`);
    this.name = 'SideTreeMismatchError';
  }
}

/** The VMA holding address `addr`, or null. */
export function vma_at(mm: MmStruct, addr: number): Vma | null {
  // Stryker disable next-line EqualityOperator: no VMA holds 0 or TASK_SIZE (VMAs lie in [MMAP_MIN_ADDR, TASK_SIZE)), so moving either bound by one returns null either way
  if (addr < 0 || addr >= TASK_SIZE) return null;
  return (mtree_load(mm.tree, addr) as Vma | null) ?? null;
}

/** Splits the VMAs straddling `start` and `end` (__split_vma), in the transaction. */
export function split_edges(mm: MmStruct, txn: TreeTxn, start: number, end: number): number {
  for (const at of [start, end]) {
    const vma = vma_at(mm, at);
    if (vma === null || vma.start === at) continue;
    // Stryker disable next-line ArithmeticOperator: performance only: the second store rewrites [at, vma.end - 1] whatever the first covered past at - 1, and any failure rolls both back
    let ret = txn.store(vma.start, at - 1, vma.slice(vma.start, at));
    if (ret === 0) ret = txn.store(at, vma.end - 1, vma.slice(at, vma.end));
    if (ret !== 0) return ret;
  }
  return 0;
}

/** The VMAs of [start, end), detached into a side tree and cross-checked. */
export interface Gathered {
  side: MapleTree;
  count: number;
}

/**
 * The fallible first half of do_vmi_align_munmap: split, gather into the side tree, cross-check.
 * On -ENOMEM the caller rolls the transaction back (the side tree is already gone).
 */
export function vms_gather(mm: MmStruct, txn: TreeTxn, start: number, end: number): Gathered | number {
  const split = split_edges(mm, txn, start, end);
  if (split !== 0) return split;
  // The side tree's nodes come from the same allocator, so they share its faults and accounting.
  const side = mt_init_flags(0, { allocator: mm.tree.allocator });
  const nodesBefore = mm.tree.allocator.allocated;
  const mas = MA_STATE(side);
  let count = 0;
  for (const { entry } of mt_for_each(mm.tree, start, end - 1)) {
    mas_set(mas, count);
    if (mas_store_gfp(mas, entry) !== 0) {
      mtree_destroy(side);
      return -ENOMEM;
    }
    count++;
  }
  mm.sideTreeNodes += mm.tree.allocator.allocated - nodesBefore;
  side_tree_check(mm, side, start, end, count);
  return { side, count };
}

/** CONFIG_DEBUG_VM_MAPLE_TREE: make sure no VMAs are about to be lost. */
function side_tree_check(mm: MmStruct, side: MapleTree, start: number, end: number, count: number): void {
  // Bug catalogue: munmap-side-tree-by-address walks it by address, as before the fix.
  const byCount = mm.sideTreeCheckRange === 'count' && ACTIVE_BUG !== 'munmap-side-tree-by-address';
  // Stryker disable next-line ArithmeticOperator: mas_find in the start state begins at index and never reads last
  const test = byCount ? MA_STATE(side, 0, 0) : MA_STATE(side, start, end - 1);
  // Stryker disable next-line ArithmeticOperator: the side tree holds just 0..count-1 and count - 1 < end - 1, so a looser limit finds nothing more
  const limit = byCount ? count - 1 : end - 1;
  let vmaTest = mas_find(test, limit);
  let testCount = 0;
  for (const { entry: vmaMas } of mt_for_each(mm.tree, start, end - 1)) {
    if (vmaMas !== vmaTest) {
      throw new SideTreeMismatchError(`BUG_ON(vma_mas != vma_test): main tree has ${String(vmaMas)}, side tree gave ${String(vmaTest)} (munmap [${hex(start)}, ${hex(end)}))`);
    }
    testCount++;
    vmaTest = mas_next(test, limit);
  }
  // Stryker disable next-line ConditionalExpression: unreachable, kept as the kernel's second BUG_ON: count came from this very range, so any difference trips the BUG_ON in the loop first
  if (testCount !== count) throw new SideTreeMismatchError(`BUG_ON(count != test_count): ${count} gathered, ${testCount} found`);
}

/** Checks munmap's arguments: the end of the range, or -EINVAL. */
export function munmap_range(start: number, len: number): number {
  if (!pageAligned(start)) return -EINVAL;
  const size = pageAlign(len);
  // Also refuses a start above TASK_SIZE (the kernel's separate start > TASK_SIZE test): TASK_SIZE - start is negative.
  if (Number.isNaN(size) || size === 0 || size > TASK_SIZE - start) return -EINVAL;
  return start + size;
}

/** munmap(start, len): 0, -EINVAL or -ENOMEM (nothing changed). */
export function do_munmap(mm: MmStruct, start: number, len: number): number {
  const end = munmap_range(start, len);
  // Stryker disable next-line EqualityOperator: munmap_range gives -EINVAL or an end of at least PAGE_SIZE, never 0
  if (end < 0) return end;
  mm.munmaps++;
  // Nothing mapped: nothing to do (vma_find, then return 0). Performance only: the full path on a hole
  // splits nothing, gathers nothing and stores NULL over NULL without a node.
  // Stryker disable next-line ConditionalExpression,ArithmeticOperator: performance only (see above)
  if (mt_for_each(mm.tree, start, end - 1).next().done === true) return 0;
  const txn = new TreeTxn(mm.tree);
  const gathered = vms_gather(mm, txn, start, end);
  if (typeof gathered === 'number') {
    // Bug catalogue: munmap-no-rollback leaves the edge splits behind.
    if (ACTIVE_BUG !== 'munmap-no-rollback') txn.rollback();
    return gathered;
  }
  const ret = txn.store(start, end - 1, null);
  if (ret !== 0) {
    mtree_destroy(gathered.side);
    txn.rollback();
    return ret;
  }
  // Point of no return: the detached VMAs are freed with their side tree.
  txn.commit();
  mtree_destroy(gathered.side);
  return 0;
}
